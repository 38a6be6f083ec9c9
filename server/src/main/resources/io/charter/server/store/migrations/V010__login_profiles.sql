-- Console passwords: a user's login profile, the hashes of its recent passwords (for the account's
-- PasswordReusePrevention), and each account's password policy. Passwords are stored only as slow
-- hashes (pbkdf2-sha256$iterations$salt$hash).

CREATE TABLE login_profiles (
    user_id                 TEXT PRIMARY KEY REFERENCES principals (unique_id),
    password_hash           TEXT NOT NULL,
    password_reset_required INTEGER NOT NULL DEFAULT 0,
    created_at              TEXT NOT NULL
);

CREATE TABLE password_history (
    user_id       TEXT NOT NULL REFERENCES principals (unique_id),
    position      BIGINT NOT NULL,
    password_hash TEXT NOT NULL,
    PRIMARY KEY (user_id, position)
);

CREATE TABLE password_policies (
    account_id                   TEXT PRIMARY KEY REFERENCES accounts (account_id),
    minimum_password_length      INTEGER NOT NULL,
    require_symbols              INTEGER NOT NULL,
    require_numbers              INTEGER NOT NULL,
    require_uppercase_characters INTEGER NOT NULL,
    require_lowercase_characters INTEGER NOT NULL,
    allow_users_to_change_password INTEGER NOT NULL,
    max_password_age             INTEGER NOT NULL,
    password_reuse_prevention    INTEGER NOT NULL,
    hard_expiry                  INTEGER NOT NULL
);
