-- Issue 3: heartbeat expiry sweep, lease reuse, instance listing.

-- The sweep that last changed the instance's status: each sweep marks the rows its bulk UPDATE changed,
-- then writes their audit rows from that mark, so a transition and its audit row happen exactly once
-- even when every node sweeps at the same moment.
ALTER TABLE instance ADD COLUMN sweep_id VARCHAR(36) NULL AFTER ended_at;
CREATE INDEX ix_instance_sweep ON instance (sweep_id);

-- The lease last issued, returned again by heartbeats until it is due for renewal.
ALTER TABLE instance ADD COLUMN lease VARCHAR(2000) NULL AFTER token_hash;
ALTER TABLE instance ADD COLUMN lease_expires_at DATETIME(6) NULL AFTER lease;

-- Admin listing by license type, newest heartbeat first (InnoDB appends the primary key, so keyset paging
-- on (last_heartbeat_at, id) is served by these indexes).
CREATE INDEX ix_instance_type_heartbeat ON instance (license_type, last_heartbeat_at);
