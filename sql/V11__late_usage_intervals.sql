-- Issue 20: an interval written after its days were rolled up (a bulk import, a restore, a seeding running while the
-- rollup timer ticks) makes those days' rollups stale. Each interval now records when it was written (the database's
-- UTC clock); the rollup timer looks at the intervals written since its last look and forgets the rollups of the
-- settled days they touch, which it then computes again. Intervals of older builds keep NULL: already rolled up.
ALTER TABLE usage_interval ADD COLUMN written_at DATETIME(6) NULL, ADD INDEX ix_usage_written (written_at, started_at);
ALTER TABLE usage_interval MODIFY COLUMN written_at DATETIME(6) NULL DEFAULT (UTC_TIMESTAMP(6));

CREATE TABLE usage_rollup_mark (
    name           VARCHAR(16)  NOT NULL PRIMARY KEY,
    checked_until  DATETIME(6)  NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO usage_rollup_mark (name, checked_until) VALUES ('late', NULL);
