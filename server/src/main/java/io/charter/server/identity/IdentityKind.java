package io.charter.server.identity;

/** The kinds of long-lived principal the store holds. */
public enum IdentityKind {
    ROOT,
    USER,
    ROLE
}
