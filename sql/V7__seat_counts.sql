-- Issue 7: seats in use per pool without counting seat rows. Each pool's count is split over up to 16 rows (shards):
-- a claim or release adds +1 or -1 to a random one in its own transaction, so concurrent activations rarely wait for
-- the same row, and the count ("Current activations is N") is the sum of a few rows instead of an index range over
-- every seat in use.
CREATE TABLE seat_count (
    pool   VARCHAR(64) NOT NULL,
    shard  TINYINT     NOT NULL,
    used   INT         NOT NULL,
    PRIMARY KEY (pool, shard)
) ENGINE=InnoDB DEFAULT CHARSET=ascii COLLATE=ascii_bin;

INSERT INTO seat_count (pool, shard, used)
SELECT pool, 0, COUNT(*) FROM seat WHERE instance_id IS NOT NULL GROUP BY pool;
