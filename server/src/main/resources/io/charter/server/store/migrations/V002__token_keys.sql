-- The session-token keyring: AES-256 keys sealed under the master key.
-- Exactly one row has retired_at NULL: the key that seals new tokens.

CREATE TABLE token_keys (
    key_id     INTEGER PRIMARY KEY,
    sealed_key TEXT NOT NULL,
    created_at TEXT NOT NULL,
    retired_at TEXT
);
