-- Virtual MFA devices. A device exists unassigned from CreateVirtualMFADevice until EnableMFADevice
-- assigns it to a user (user_id, enabled_at); DeactivateMFADevice unassigns it again. The TOTP
-- seed (base32 text) is sealed with the master key. last_step is the latest time step whose code
-- was accepted (codes of that step and earlier are refused, so a code is used once); drift is the
-- device clock's offset in steps, learned at enable and resync. Tags live in entity_tags under the
-- serial number.

CREATE TABLE mfa_devices (
    serial_number TEXT PRIMARY KEY,
    serial_key    TEXT NOT NULL UNIQUE,
    account_id    TEXT NOT NULL REFERENCES accounts (account_id),
    name          TEXT NOT NULL,
    path          TEXT NOT NULL DEFAULT '/',
    seed_sealed   TEXT NOT NULL,
    user_id       TEXT REFERENCES principals (unique_id),
    enabled_at    TEXT,
    last_step     BIGINT NOT NULL DEFAULT 0,
    drift         INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL
);

CREATE INDEX mfa_devices_by_user ON mfa_devices (user_id);
