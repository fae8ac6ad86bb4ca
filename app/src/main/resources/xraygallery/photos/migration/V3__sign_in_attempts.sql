-- Failed sign-ins are counted per name tried, whether or not an account has that name, so that the lock-out
-- answers an unknown name exactly as it answers a known one (it used to live on users, which told an attacker
-- which names exist). The name is compared as users.username is (case- and accent-insensitive); names longer
-- than any account's are cut to 255 characters (they can match no account anyway). Rows whose last failure is a
-- day old are forgotten (deleted a few at a time on later failures).
CREATE TABLE sign_in_attempts (
    name         VARCHAR(255) NOT NULL COLLATE utf8mb4_unicode_ci PRIMARY KEY,
    failures     INT          NOT NULL DEFAULT 0,
    last_failure TIMESTAMP(3) NULL,
    locked_until TIMESTAMP(3) NULL,
    INDEX ix_sign_in_attempts_last_failure (last_failure)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin;

ALTER TABLE users DROP COLUMN failed_sign_ins, DROP COLUMN locked_until;
