-- Instance profiles: containers that hand a role to workloads (EC2-style). At most one role each.

CREATE TABLE instance_profiles (
    profile_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (account_id),
    name       TEXT NOT NULL,
    name_key   TEXT NOT NULL,
    path       TEXT NOT NULL DEFAULT '/',
    created_at TEXT NOT NULL,
    UNIQUE (account_id, name_key)
);

CREATE TABLE instance_profile_roles (
    profile_id TEXT NOT NULL REFERENCES instance_profiles (profile_id),
    role_id    TEXT NOT NULL REFERENCES principals (unique_id),
    PRIMARY KEY (profile_id, role_id)
);
