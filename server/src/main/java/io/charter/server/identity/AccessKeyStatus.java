package io.charter.server.identity;

/** An access key's status, spelled as IAM spells it on the wire. */
public enum AccessKeyStatus {
    Active,
    Inactive
}
