-- Issue 19: admin sign-in that cannot be brute-forced.
-- access_version counts the changes that must end an account's sign-ins on every node (role, enabled, password reset):
-- the API's remembered credentials and the console's sessions carry the value they signed in with and stop at the
-- first request that reads another. A password hash upgraded at sign-in does not change it.
ALTER TABLE admin_user ADD COLUMN access_version BIGINT NOT NULL DEFAULT 0;

-- Failed sign-ins, per account name ('account:NAME', known or not, so a lockout tells nothing about which names exist)
-- and per source address ('source:ADDRESS'). Every node reads and writes it, so a lockout holds on all of them. Rows
-- older than a day and not locked are deleted by the housekeeping timer.
CREATE TABLE sign_in_failure (
    subject          VARCHAR(200) NOT NULL PRIMARY KEY,
    failures         INT          NOT NULL,
    last_failure_at  DATETIME(6)  NOT NULL,
    locked_until     DATETIME(6)      NULL,
    INDEX ix_sign_in_failure_last (last_failure_at)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
