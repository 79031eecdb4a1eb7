-- Issue 22: a network may release its appliances' seats sooner than asl.seat.release-after (an autoscaling group
-- releases after an hour of silence, not after 30 days). NULL: the server's setting.
ALTER TABLE network ADD COLUMN release_after_seconds BIGINT NULL;
