-- Issue 21: events as data. Every change an operator is told of is a row of `event`, written in the transaction of the
-- change it reports; webhooks, e-mail alerts and syslog are sent from here (component `events`).
CREATE TABLE event (
    seq          BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    id           VARCHAR(40)  CHARACTER SET ascii NOT NULL,  -- evt_ and 32 hex digits: the webhook-id of its deliveries
    type         VARCHAR(40)  CHARACTER SET ascii NOT NULL,
    occurred_at  DATETIME(6)  NOT NULL,
    node         VARCHAR(100) NOT NULL,                       -- the server node that wrote it (syslog sends its own)
    batch        VARCHAR(36)  CHARACTER SET ascii NOT NULL,   -- the events written by one statement, for their deliveries
    instance_id  VARCHAR(36)  NULL,
    hostname     VARCHAR(255) NULL,
    mac          VARCHAR(17)  NULL,
    data         TEXT         NOT NULL,                       -- a JSON object: what else the event says
    UNIQUE KEY ux_event_id (id),
    INDEX ix_event_batch (batch),
    INDEX ix_event_node (node, seq),
    INDEX ix_event_occurred (occurred_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

CREATE TABLE webhook_endpoint (
    id               VARCHAR(36)   CHARACTER SET ascii NOT NULL PRIMARY KEY,
    url              VARCHAR(2000) NOT NULL,
    description      VARCHAR(500)  NULL,
    events           VARCHAR(2000) CHARACTER SET ascii NOT NULL,  -- the types it receives, comma-separated; '*' for all
    secret           VARCHAR(500)  CHARACTER SET ascii NOT NULL,  -- whsec_..., sealed with the secrets key
    enabled          BOOLEAN       NOT NULL,
    disabled_at      DATETIME(6)   NULL,
    disabled_reason  VARCHAR(500)  NULL,
    created_at       DATETIME(6)   NOT NULL,
    created_by       VARCHAR(100)  NOT NULL,
    version          BIGINT        NOT NULL DEFAULT 0
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Who sends an endpoint's deliveries now (one node at a time, so that they go in order), and how long it has failed.
-- Apart from the endpoint's row, which every event's fan-out reads.
CREATE TABLE webhook_lane (
    endpoint_id      VARCHAR(36)  CHARACTER SET ascii NOT NULL PRIMARY KEY,
    claimed_by       VARCHAR(100) NULL,
    claimed_until    DATETIME(6)  NOT NULL,
    failing_since    DATETIME(6)  NULL
) ENGINE=InnoDB;

-- The outbox: one row per event and endpoint, written with the event; sent in event order per endpoint.
CREATE TABLE webhook_delivery (
    endpoint_id      VARCHAR(36)  CHARACTER SET ascii NOT NULL,
    event_seq        BIGINT       NOT NULL,
    status           VARCHAR(16)  CHARACTER SET ascii NOT NULL,  -- PENDING, DELIVERED, ABANDONED
    attempts         INT          NOT NULL DEFAULT 0,
    next_attempt_at  DATETIME(6)  NOT NULL,
    last_attempt_at  DATETIME(6)  NULL,
    last_status      INT          NULL,
    last_error       VARCHAR(500) NULL,
    delivered_at     DATETIME(6)  NULL,
    delivered_by     VARCHAR(100) NULL,
    PRIMARY KEY (endpoint_id, event_seq),
    INDEX ix_delivery_pending (status, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- E-mail alerts: one row per incident (its key), sent once by one node; a repeat within the quiet period is not queued.
CREATE TABLE mail_alert (
    alert_key      VARCHAR(200)  NOT NULL PRIMARY KEY,
    queued_at      DATETIME(6)   NOT NULL,
    subject        VARCHAR(300)  NOT NULL,
    body           TEXT          NOT NULL,
    sent_at        DATETIME(6)   NULL,
    attempts       INT           NOT NULL DEFAULT 0,
    next_attempt_at DATETIME(6)  NOT NULL,
    claimed_by     VARCHAR(100)  NULL,
    claimed_until  DATETIME(6)   NULL,
    last_error     VARCHAR(500)  NULL,
    INDEX ix_mail_pending (sent_at, next_attempt_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Licensing: the level each pool was last reported at (pool.threshold, pool.exhausted, pool.overage once per crossing),
-- and how close to its end a license file was last reported (license.expiring, license.expired once per stage).
CREATE TABLE pool_level (
    pool        VARCHAR(64) NOT NULL PRIMARY KEY,
    level       VARCHAR(16) CHARACTER SET ascii NOT NULL,
    changed_at  DATETIME(6) NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;
ALTER TABLE entitlement ADD COLUMN expiry_notice INT NULL;  -- days ahead of the last notice; 0: expired

-- Server: a DOWN node is reported once (node.down), and node.up when it is back.
ALTER TABLE node ADD COLUMN reported_down BOOLEAN NOT NULL DEFAULT FALSE;
