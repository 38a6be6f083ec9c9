-- The audit trail: one row per request and account that sees it (CloudTrail's records), kept in a
-- SQLite file of its own (audit.db) beside the embedded store, or in the shared PostgreSQL schema.
-- The record is CloudTrail's JSON as LookupEvents returns it; the other columns are what the
-- lookups select on. Times are epoch milliseconds. Event ids are UUIDs of version 7 (their first 48
-- bits the event's time), so rows arrive at the end of the primary key, and retention prunes by it.
-- Each index costs every request's record a B-tree insertion: the attributes whose values are few
-- (ReadOnly, EventSource, ResourceType's are not: types are few but resources many) are looked up
-- through the account's time index.
CREATE TABLE audit_events (
    event_id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL,
    event_time BIGINT NOT NULL,
    event_name TEXT NOT NULL,
    event_source TEXT NOT NULL,
    read_only SMALLINT NOT NULL,
    username TEXT,
    access_key_id TEXT,
    shared_event_id TEXT,
    record TEXT NOT NULL
);
-- Newest first within an account, for each lookup attribute (and none).
CREATE INDEX audit_events_by_time ON audit_events (account_id, event_time, event_id);
CREATE INDEX audit_events_by_name ON audit_events (account_id, event_name, event_time, event_id);
CREATE INDEX audit_events_by_username ON audit_events (account_id, username, event_time, event_id);
CREATE INDEX audit_events_by_key ON audit_events (account_id, access_key_id, event_time, event_id);

-- The resources a record names (LookupEvents' ResourceType and ResourceName).
CREATE TABLE audit_resources (
    event_id TEXT NOT NULL,
    account_id TEXT NOT NULL,
    event_time BIGINT NOT NULL,
    resource_type TEXT NOT NULL,
    resource_name TEXT NOT NULL
);
CREATE INDEX audit_resources_by_name ON audit_resources (account_id, resource_name, event_time, event_id);
CREATE INDEX audit_resources_by_type ON audit_resources (account_id, resource_type, event_time, event_id);
CREATE INDEX audit_resources_by_event ON audit_resources (event_id);
