-- S3 buckets Charter knows (S3 behind Charter): the account that owns each, its region, when it
-- was made and its bucket policy (the text as written, NULL for none). Bucket names are global
-- across accounts, as in S3: the primary key makes the store refuse a second bucket of a name,
-- whichever node writes it.
CREATE TABLE buckets (
    name       TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    region     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    policy     TEXT
);
CREATE INDEX buckets_by_account ON buckets (account_id, name);
