-- Issue 19: refusals are counted, not stored one row each. The first refusal of a kind (same source, code, message and
-- reason) in a minute inserts a row at once; the same refusals after it on that node in that minute add to its count
-- and move last_at, written every few seconds. A flood of bad requests is then a few rows, not one per request.
ALTER TABLE debug_event
    ADD COLUMN count    INT          NOT NULL DEFAULT 1,
    ADD COLUMN last_at  DATETIME(6)      NULL;
