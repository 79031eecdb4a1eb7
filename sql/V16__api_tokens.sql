-- Issue 22: automation tokens for the admin API (Authorization: Bearer). Shown once, stored as the SHA-256 of the
-- token (256 random bits: a slow password hash adds nothing against guessing, and each request checks one).
CREATE TABLE api_token (
    id            VARCHAR(36)  CHARACTER SET ascii NOT NULL PRIMARY KEY,
    name          VARCHAR(64)  NOT NULL,
    role          VARCHAR(16)  CHARACTER SET ascii NOT NULL,
    token_hash    VARCHAR(64)  CHARACTER SET ascii NOT NULL,
    created_at    DATETIME(6)  NOT NULL,
    created_by    VARCHAR(100) NOT NULL,
    expires_at    DATETIME(6)  NOT NULL,
    revoked_at    DATETIME(6)  NULL,
    revoked_by    VARCHAR(100) NULL,
    last_used_at  DATETIME(6)  NULL,
    version       BIGINT       NOT NULL DEFAULT 0,
    UNIQUE KEY ux_api_token_hash (token_hash),
    UNIQUE KEY ux_api_token_name (name)
) ENGINE=InnoDB DEFAULT CHARSET=utf8mb4 COLLATE=utf8mb4_bin;
