-- Issue 5: daily rollups of the MELA report, so reports over any range read one row per day and type.

-- One row per closed UTC day and license type that had a seat in use that day: the exact figures computed from
-- usage_interval (seat_micros: seat-microseconds held during the day; average = seat_micros / 86400e6,
-- instance-hours = seat_micros / 3600e6). Written only for days that ended asl.metering.rollup-after ago.
CREATE TABLE usage_rollup (
    day           DATE         NOT NULL,
    license_type  VARCHAR(64)  NOT NULL,
    peak_seats    INT          NOT NULL,
    seat_micros   BIGINT       NOT NULL,
    PRIMARY KEY (day, license_type)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- The days that are rolled up, written in the same transaction as their rows: a day without a row here (or whose
-- number of rows in usage_rollup differs from type_rows) is computed from the intervals instead, and rolled up again.
CREATE TABLE usage_rollup_day (
    day           DATE         NOT NULL PRIMARY KEY,
    type_rows     INT          NOT NULL,
    computed_at   DATETIME(6)  NOT NULL
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- Covering indexes for computing a window of days from the intervals: those starting in it (by started_at), and
-- those ending in it or still open (by ended_at; NULL, the open ones, sort first), each read from the index alone.
-- They replace V3's single-column indexes on the same leading columns.
ALTER TABLE usage_interval
    ADD INDEX ix_usage_started_cover (started_at, ended_at, license_type),
    ADD INDEX ix_usage_ended_cover (ended_at, started_at, license_type),
    DROP INDEX ix_usage_started,
    DROP INDEX ix_usage_ended;
