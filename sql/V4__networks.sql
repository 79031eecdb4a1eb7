-- Issue 4: networks of appliances ("All Networks") and console sorting.

-- The network every appliance activated over the API joins by itself. It may be renamed, never deleted; deleting
-- another network moves its appliances here.
ALTER TABLE network ADD COLUMN is_default BOOLEAN NOT NULL DEFAULT FALSE AFTER name;
UPDATE network SET is_default = TRUE WHERE name = 'Default';

-- Appliances licensed here are instances (instance.network_id, access_* columns). Instances already holding a seat
-- when this migration runs join the default network, as new activations do.
UPDATE instance SET network_id = (SELECT id FROM network WHERE is_default)
 WHERE status IN ('ACTIVE', 'STALE') AND network_id IS NULL;

-- The access password is AES-GCM ciphertext ("v1:key id:iv:ciphertext", Base64): room for 128 characters of any script.
ALTER TABLE instance MODIFY access_password VARCHAR(1024) NULL;

-- Appliances added by hand: up, managed here, but licensed elsewhere (the seed's green icon). They hold no seat.
CREATE TABLE appliance (
    id               VARCHAR(36)   NOT NULL PRIMARY KEY,
    network_id       BIGINT        NOT NULL,
    name             VARCHAR(100)  NOT NULL,
    mac              VARCHAR(17)       NULL,
    access_address   VARCHAR(253)  NOT NULL,
    access_port      INT           NOT NULL,
    access_password  VARCHAR(1024)     NULL,
    created_at       DATETIME(6)   NOT NULL,
    version          BIGINT        NOT NULL DEFAULT 0,
    INDEX ix_appliance_network_name (network_id, name),
    CONSTRAINT fk_appliance_network FOREIGN KEY (network_id) REFERENCES network (id)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A network's licensed appliances by name (host name, else MAC), and the Metered Licensing sort orders that had no
-- index (MAC, license type, status and last heartbeat have theirs; InnoDB appends the primary key, the tie-breaker).
CREATE INDEX ix_instance_network_name ON instance (network_id, hostname, mac);
CREATE INDEX ix_instance_hostname ON instance (hostname);
CREATE INDEX ix_instance_activated ON instance (activated_at);
