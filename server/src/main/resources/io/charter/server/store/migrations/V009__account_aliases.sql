-- Account aliases: at most one per account, and unique across all accounts of the server.

CREATE TABLE account_aliases (
    alias      TEXT PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE REFERENCES accounts (account_id),
    created_at TEXT NOT NULL
);
