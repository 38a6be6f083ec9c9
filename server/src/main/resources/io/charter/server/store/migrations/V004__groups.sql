-- IAM groups and their members. A group's managed-policy attachments, inline policies live in
-- `policy_attachments` and `inline_policies` (V003), keyed by the group's unique id (AGPA…).
-- Group names are unique per account case-insensitively, through name_key, as in IAM.

CREATE TABLE iam_groups (
    group_id   TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    created_at TEXT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE group_members (
    group_id TEXT NOT NULL REFERENCES iam_groups (group_id),
    user_id  TEXT NOT NULL REFERENCES principals (unique_id),
    added_at TEXT NOT NULL,
    PRIMARY KEY (group_id, user_id)
);

CREATE INDEX group_members_by_user ON group_members (user_id);
