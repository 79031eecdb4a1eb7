-- Activation Server schema, version 1. All times are UTC.

CREATE TABLE setting (
    name        VARCHAR(100) NOT NULL PRIMARY KEY,
    value       TEXT         NOT NULL,
    updated_at  DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Installed vendor license files. The pool is the sum of the unexpired ones.
CREATE TABLE entitlement (
    license_id      VARCHAR(100) NOT NULL PRIMARY KEY,
    customer        VARCHAR(200) NOT NULL,
    issued_at       DATETIME(6)  NOT NULL,
    expires_at      DATETIME(6)  NOT NULL,
    instance_limit  INT          NOT NULL,
    file_text       VARCHAR(60000) CHARACTER SET ascii NOT NULL,
    installed_at    DATETIME(6)  NOT NULL,
    installed_by    VARCHAR(100) NOT NULL,
    version         BIGINT       NOT NULL DEFAULT 0,
    INDEX ix_entitlement_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE entitlement_type (
    license_id  VARCHAR(100) NOT NULL,
    code        VARCHAR(64)  NOT NULL,
    name        VARCHAR(200) NOT NULL,
    platforms   VARCHAR(200) NOT NULL,
    seats       INT          NOT NULL,
    PRIMARY KEY (license_id, code),
    CONSTRAINT fk_entitlement_type FOREIGN KEY (license_id) REFERENCES entitlement (license_id) ON DELETE CASCADE
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The pool per license type, derived from the entitlements whenever they change.
-- The global instance limit is the row with code '*'.
CREATE TABLE license_type (
    code        VARCHAR(64)  NOT NULL PRIMARY KEY,
    name        VARCHAR(200) NOT NULL,
    platforms   VARCHAR(200) NOT NULL,
    seats       INT          NOT NULL,
    version     BIGINT       NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- One row per seat of the pool (per type, and per instance of the global limit under '*').
-- An activation claims a free row of its type and a free row of '*' with SELECT ... FOR UPDATE SKIP LOCKED,
-- so concurrent activations on any number of nodes take distinct rows and never exceed the pool,
-- without queueing behind one counter row.
INSERT INTO license_type (code, name, platforms, seats) VALUES ('*', 'Instance limit', '', 0);

CREATE TABLE seat (
    pool        VARCHAR(64)  NOT NULL,
    slot        INT          NOT NULL,
    instance_id VARCHAR(36)     NULL,
    PRIMARY KEY (pool, slot),
    INDEX ix_seat_free (pool, instance_id),
    INDEX ix_seat_instance (instance_id)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE network (
    id          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    name        VARCHAR(100) NOT NULL,
    created_at  DATETIME(6)  NOT NULL,
    version     BIGINT       NOT NULL DEFAULT 0,
    UNIQUE KEY uk_network_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

INSERT INTO network (name, created_at) VALUES ('Default', UTC_TIMESTAMP(6));

CREATE TABLE instance (
    id                  VARCHAR(36)     NOT NULL PRIMARY KEY,
    mac                 VARCHAR(17)     NOT NULL,
    -- equals mac while the instance holds a seat (ACTIVE or STALE), NULL otherwise: one seat per MAC
    seat_mac            VARCHAR(17)     NULL,
    platform            VARCHAR(16)  NOT NULL,
    hostname            VARCHAR(253) NULL,
    build               VARCHAR(64)  NULL,
    license_type        VARCHAR(64)  NOT NULL,
    status              VARCHAR(16)  NOT NULL,
    activated_at        DATETIME(6)  NOT NULL,
    last_heartbeat_at   DATETIME(6)  NOT NULL,
    ended_at            DATETIME(6)  NULL,
    token_hash          VARCHAR(64)     NOT NULL,
    network_id          BIGINT       NULL,
    access_address      VARCHAR(253) NULL,
    access_port         INT          NULL,
    access_password     VARCHAR(512) NULL,
    version             BIGINT       NOT NULL DEFAULT 0,
    UNIQUE KEY uk_instance_seat_mac (seat_mac),
    INDEX ix_instance_mac (mac),
    INDEX ix_instance_status_heartbeat (status, last_heartbeat_at),
    INDEX ix_instance_heartbeat (last_heartbeat_at),
    CONSTRAINT fk_instance_network FOREIGN KEY (network_id) REFERENCES network (id) ON DELETE SET NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Appliance request nonces, kept for the clock window so a replay is refused on every node.
CREATE TABLE nonce (
    value       VARCHAR(64)  NOT NULL PRIMARY KEY,
    expires_at  DATETIME(6)  NOT NULL,
    INDEX ix_nonce_expires (expires_at)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

-- Keys that sign leases; every node signs with the newest and publishes all of them.
CREATE TABLE lease_key (
    kid          VARCHAR(64)  NOT NULL PRIMARY KEY,
    private_jwk  VARCHAR(2000) NOT NULL,
    public_jwk   VARCHAR(2000) NOT NULL,
    created_at   DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

CREATE TABLE admin_user (
    username       VARCHAR(64)  NOT NULL PRIMARY KEY,
    password_hash  VARCHAR(512) NOT NULL,
    role           VARCHAR(16)  NOT NULL,
    enabled        BOOLEAN      NOT NULL,
    created_at     DATETIME(6)  NOT NULL,
    version        BIGINT       NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE audit_event (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at           DATETIME(6)  NOT NULL,
    actor_kind   VARCHAR(16)  NOT NULL,
    actor        VARCHAR(100) NOT NULL,
    instance_id  VARCHAR(36)     NULL,
    message      VARCHAR(1000) NOT NULL,
    INDEX ix_audit_at (at),
    INDEX ix_audit_instance (instance_id, at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE debug_event (
    id           BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    at           DATETIME(6)  NOT NULL,
    code         VARCHAR(40)  NOT NULL,
    message      VARCHAR(1000) NOT NULL,
    reason       VARCHAR(1000) NULL,
    peer         VARCHAR(64)  NULL,
    request      VARCHAR(300) NULL,
    INDEX ix_debug_at (at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
