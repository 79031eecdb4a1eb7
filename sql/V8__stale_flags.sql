-- Issue 7: an instance is STALE when it is ACTIVE and has a row here. The expiry sweep flags 100,000 silent appliances
-- by inserting 100,000 narrow rows instead of updating 100,000 wide instance rows (1.4 s of the 3.2 s the sweep took at
-- 1M instances, docs/BENCHMARKS.md); a heartbeat that resumes an instance, its re-activation, deregistration and the
-- release of its seat delete the row. No foreign key: the check would cost a lookup of the instance per row flagged,
-- and every reader joins from the instance, so a row whose instance has ended means nothing.
CREATE TABLE instance_stale (
    instance_id  VARCHAR(36)  NOT NULL PRIMARY KEY
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- How far the sweeps have looked: every ACTIVE instance whose last heartbeat is older than swept_before was flagged by
-- then (or has heartbeated since, which moves its heartbeat past it), so a sweep reads only the heartbeats from there
-- to its own cutoff, not again every instance still STALE. A sweep locks this row first: sweeps on several nodes take
-- turns. NULL: no sweep yet, the first one looks at every instance.
CREATE TABLE sweep_mark (
    name          VARCHAR(32)  NOT NULL PRIMARY KEY,
    swept_before  DATETIME(6)      NULL
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO sweep_mark (name, swept_before) VALUES ('stale', NULL);

INSERT INTO instance_stale (instance_id) SELECT id FROM instance WHERE status = 'STALE';
UPDATE instance SET status = 'ACTIVE' WHERE status = 'STALE';
