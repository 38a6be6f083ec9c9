-- A counter every change to the authorization state increments in its own transaction, so that
-- other nodes sharing the store notice the change and reload (see StoreFollower).
CREATE TABLE store_generation (
    id         INTEGER PRIMARY KEY CHECK (id = 1),
    generation INTEGER NOT NULL
);
INSERT INTO store_generation (id, generation) VALUES (1, 0);

-- Sessions revoked one by one, by temporary access key id (beyond AWS). A row is kept until no
-- session issued before the revocation can still be valid, then pruned.
CREATE TABLE revoked_sessions (
    access_key_id TEXT PRIMARY KEY,
    account_id    TEXT NOT NULL,
    revoked_at    TEXT NOT NULL,
    keep_until    TEXT NOT NULL
);
