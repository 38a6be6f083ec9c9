-- The organization the server's accounts belong to (its management account is the bootstrap
-- account), and the CreateAccount requests with their outcome.

CREATE TABLE organization (
    org_id             TEXT PRIMARY KEY,
    management_account TEXT NOT NULL REFERENCES accounts (account_id),
    created_at         TEXT NOT NULL
);

CREATE TABLE create_account_requests (
    request_id     TEXT PRIMARY KEY,
    account_name   TEXT NOT NULL,
    email          TEXT NOT NULL,
    state          TEXT NOT NULL CHECK (state IN ('IN_PROGRESS', 'SUCCEEDED', 'FAILED')),
    failure_reason TEXT,
    account_id     TEXT,
    requested_at   TEXT NOT NULL,
    completed_at   TEXT
);
