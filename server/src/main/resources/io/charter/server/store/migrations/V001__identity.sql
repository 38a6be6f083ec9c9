-- Accounts, principals, long-term access keys and managed policies.
-- Portable SQL (SQLite and PostgreSQL): TEXT, BIGINT, INTEGER; times as ISO-8601 text (UTC);
-- names are unique case-insensitively, as in IAM, through a lower-cased name_key column.

CREATE TABLE accounts (
    account_id    TEXT PRIMARY KEY,
    name          TEXT NOT NULL,
    email         TEXT,
    is_management INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE TABLE principals (
    unique_id  TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    kind       TEXT NOT NULL CHECK (kind IN ('ROOT', 'USER', 'ROLE')),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    created_at TEXT NOT NULL,
    UNIQUE (account_id, kind, name_key)
);

CREATE TABLE access_keys (
    access_key_id TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL REFERENCES accounts (account_id),
    principal_id  TEXT NOT NULL REFERENCES principals (unique_id),
    secret_sealed TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('Active', 'Inactive')),
    created_at    TEXT NOT NULL
);

CREATE INDEX access_keys_by_principal ON access_keys (principal_id);

CREATE TABLE policies (
    policy_id          TEXT PRIMARY KEY,
    account_id         TEXT NOT NULL,
    name               TEXT NOT NULL,
    name_key           TEXT NOT NULL,
    path               TEXT NOT NULL DEFAULT '/',
    description        TEXT,
    default_version_id TEXT NOT NULL,
    created_at         TEXT NOT NULL,
    updated_at         TEXT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE policy_versions (
    policy_id  TEXT NOT NULL REFERENCES policies (policy_id),
    version_id TEXT NOT NULL,
    document   TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (policy_id, version_id)
);
