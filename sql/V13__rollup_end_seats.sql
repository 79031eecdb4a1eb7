-- Issue 20: the seats of each type still held at the end of a rolled-up day (at midnight UTC: intervals started before
-- and not ended before). The report computes today live from the intervals; with these it no longer counts every
-- interval that began before today (a million at a million appliances, 0.5 s of the report's second) to know how many
-- seats today began with: yesterday's rollup says. NULL for days rolled up before this version: those days' next day
-- is computed as before.
ALTER TABLE usage_rollup ADD COLUMN end_seats INT NULL;
