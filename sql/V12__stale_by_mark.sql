-- Issue 20: STALE is no longer a row per instance (V8) but a rule: an ACTIVE instance whose last heartbeat is before
-- the 'stale' mark. The sweep makes every silent instance STALE at once by moving that mark (one row, whatever the
-- number of instances), then writes their audit lines in chunks, moving the 'audited' mark behind it: the instances
-- between the two marks are STALE and wait for their line, and whatever changes one of them first (a heartbeat, a
-- deregistration, a re-activation) writes it under the 'audited' mark's lock. Writing 100,000 flag rows beside 100,000
-- audit lines took the sweep past 1 s (docs/BENCHMARKS.md); now the flag is one row.
-- The marks are never NULL from here on: the beginning of time stands for "no sweep yet".
UPDATE sweep_mark SET swept_before = '1970-01-01 00:00:00' WHERE swept_before IS NULL;
ALTER TABLE sweep_mark MODIFY swept_before DATETIME(6) NOT NULL;
-- Bumped whenever a line is written under the 'audited' mark, so that on Galera two database nodes writing the same
-- line at once touch the same row and one of them is certified to fail (and retried), never both committed.
ALTER TABLE sweep_mark ADD COLUMN changes BIGINT NOT NULL DEFAULT 0;
-- Everything flagged so far has its audit line: the 'audited' mark starts where the 'stale' one is.
INSERT INTO sweep_mark (name, swept_before) SELECT 'audited', swept_before FROM sweep_mark WHERE name = 'stale';
DROP TABLE instance_stale;
