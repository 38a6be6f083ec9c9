-- Permissions of principals: managed-policy attachments, inline policies, tags, and the
-- permissions boundary of users and roles. Managed policies themselves live in `policies` and
-- `policy_versions` (V001); AWS managed policies ship with the server and are not stored.

ALTER TABLE principals ADD COLUMN permissions_boundary TEXT;

CREATE TABLE policy_attachments (
    entity_id   TEXT NOT NULL,
    policy_arn  TEXT NOT NULL,
    attached_at TEXT NOT NULL,
    PRIMARY KEY (entity_id, policy_arn)
);

CREATE INDEX policy_attachments_by_policy ON policy_attachments (policy_arn);

CREATE TABLE inline_policies (
    entity_id   TEXT NOT NULL,
    policy_name TEXT NOT NULL,
    name_key    TEXT NOT NULL,
    document    TEXT NOT NULL,
    PRIMARY KEY (entity_id, name_key)
);

CREATE TABLE entity_tags (
    entity_id TEXT NOT NULL,
    tag_key   TEXT NOT NULL,
    key_lower TEXT NOT NULL,
    tag_value TEXT NOT NULL,
    position  INTEGER NOT NULL,
    PRIMARY KEY (entity_id, key_lower)
);
