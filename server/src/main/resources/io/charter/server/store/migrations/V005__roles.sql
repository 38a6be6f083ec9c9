-- Role attributes beyond those of every principal: the trust policy (the role's resource policy
-- for sts:AssumeRole), the description and the longest session the role allows.

CREATE TABLE roles (
    role_id              TEXT PRIMARY KEY REFERENCES principals (unique_id),
    trust_policy         TEXT NOT NULL,
    description          TEXT,
    max_session_duration INTEGER NOT NULL DEFAULT 3600
);
