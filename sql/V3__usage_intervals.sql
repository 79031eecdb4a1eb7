-- Metering (MELA): the exact intervals during which each instance held a seat of a license type.
-- Opened at activation, closed at deregistration, kill or release; a relicense closes one and opens the next.
CREATE TABLE usage_interval (
    id            BIGINT       NOT NULL AUTO_INCREMENT PRIMARY KEY,
    instance_id   VARCHAR(36)  NOT NULL,
    license_type  VARCHAR(64)  NOT NULL,
    started_at    DATETIME(6)  NOT NULL,
    ended_at      DATETIME(6)  NULL,
    INDEX ix_usage_open (instance_id, ended_at),
    INDEX ix_usage_started (started_at),
    INDEX ix_usage_ended (ended_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Instances that already hold a seat when this migration runs: their interval starts at activation
-- (or their last relicense, which is not recorded before this version: activation is the best known start).
INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at)
SELECT id, license_type, activated_at, NULL FROM instance WHERE status IN ('ACTIVE', 'STALE');
INSERT INTO usage_interval (instance_id, license_type, started_at, ended_at)
SELECT id, license_type, activated_at, ended_at FROM instance WHERE status IN ('RELEASED', 'DEREGISTERED') AND ended_at IS NOT NULL;
