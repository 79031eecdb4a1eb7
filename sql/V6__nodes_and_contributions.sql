-- Issue 6: several server nodes on one database, and licenses contributed by appliances.

-- Every server node records itself here and refreshes last_seen_at on a timer (asl.node.refresh, default PT15S);
-- the console and GET /api/v1/admin/nodes show a node DOWN once it was not seen for three refresh periods.
-- Rows are never needed by anything else: a node that is gone for good can be deleted (the console offers it).
CREATE TABLE node (
    name          VARCHAR(100) NOT NULL PRIMARY KEY,
    address       VARCHAR(300) NOT NULL,
    version       VARCHAR(64)  NOT NULL,
    started_at    DATETIME(6)  NOT NULL,
    last_seen_at  DATETIME(6)  NOT NULL,
    INDEX ix_node_seen (last_seen_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;

-- A license file an appliance handed in (POST /api/v1/instances/{id}/contributions) is an entitlement like an
-- installed one, marked with the instance that contributed it. It counts in the pool while that instance holds a
-- seat and has been heard from within asl.contribution.retain; then it is removed and the pool rebuilt.
ALTER TABLE entitlement ADD COLUMN contributed_by VARCHAR(36) NULL AFTER installed_by;
CREATE INDEX ix_entitlement_contributor ON entitlement (contributed_by);

-- The node that wrote each audit line (NULL for lines written before this version).
ALTER TABLE audit_event ADD COLUMN node VARCHAR(100) NULL AFTER actor;
