-- CloudTrail's trails (issue 16, part 2): what each delivers (config, JSON: bucket, prefix, event
-- selectors, logging) and how far it has delivered (state, JSON: the last record delivered, the log
-- files since the last digest file, the previous digest's hash and signature). Both are written by
-- the trail's calls and by the one deliverer (see audit_trail_lease), never by two writers at once.
CREATE TABLE audit_trails (
    account_id TEXT NOT NULL,
    name TEXT NOT NULL,
    config TEXT NOT NULL,
    state TEXT NOT NULL,
    PRIMARY KEY (account_id, name)
);

-- The key pairs that sign digest files (SHA256withRSA): the public key as X.509 DER in base64, the
-- private key (PKCS#8 DER, base64) sealed under the master key. The newest signs.
CREATE TABLE audit_trail_keys (
    fingerprint TEXT PRIMARY KEY,
    created BIGINT NOT NULL,
    public_key TEXT NOT NULL,
    sealed_private_key TEXT NOT NULL
);

-- Which node delivers trails now: the one holding this row's lease (nodes sharing a store deliver
-- nothing twice).
CREATE TABLE audit_trail_lease (
    name TEXT PRIMARY KEY,
    owner TEXT NOT NULL,
    expires BIGINT NOT NULL
);
