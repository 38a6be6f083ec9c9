-- Machines registered with Charter (workload credentials): each is an instance of one account,
-- with its own credential (an ACCA… key id and a secret sealed under the master key) that can do
-- nothing but fetch the credentials of the role attached to it, and its metadata options as
-- EC2's ModifyInstanceMetadataOptions sets them. Control-plane state, read from the store.
CREATE TABLE instances (
    instance_id    TEXT PRIMARY KEY,
    account_id     TEXT NOT NULL REFERENCES accounts (account_id),
    name           TEXT NOT NULL,
    region         TEXT NOT NULL,
    reservation_id TEXT NOT NULL,
    access_key_id  TEXT NOT NULL UNIQUE,
    secret_sealed  TEXT NOT NULL,
    http_tokens    TEXT NOT NULL,
    hop_limit      INTEGER NOT NULL,
    http_endpoint  TEXT NOT NULL,
    created_at     TEXT NOT NULL
);
CREATE INDEX instances_by_account ON instances (account_id, instance_id);

-- The instance profile attached to an instance (at most one: the unique key makes the store refuse
-- a second, whichever node writes it). The profile is named by id and ARN, not by a foreign key:
-- IAM lets a profile be deleted while instances still name it, as AWS does.
CREATE TABLE instance_profile_associations (
    association_id TEXT PRIMARY KEY,
    instance_id    TEXT NOT NULL UNIQUE REFERENCES instances (instance_id),
    profile_id     TEXT NOT NULL,
    profile_arn    TEXT NOT NULL,
    associated_at  TEXT NOT NULL
);

-- The roles an instance may hand to its containers (container credentials).
CREATE TABLE instance_task_roles (
    instance_id TEXT NOT NULL REFERENCES instances (instance_id),
    role_arn    TEXT NOT NULL,
    granted_at  TEXT NOT NULL,
    PRIMARY KEY (instance_id, role_arn)
);
