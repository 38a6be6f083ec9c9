-- When access keys and roles were last used (kept approximately, as AWS does: flushed from memory).

CREATE TABLE last_used (
    entity_id TEXT PRIMARY KEY,
    used_at   TEXT NOT NULL,
    service   TEXT NOT NULL,
    region    TEXT NOT NULL
);
