package io.charter.server.identity;

/** The kinds of long-lived principal the store holds. */
public enum IdentityKind {
    ROOT,
    USER,
    ROLE,
    /**
     * A registered instance signing with its own credential ({@code ACCA…}): it may call only the
     * calls that fetch its role's credentials; every authorization of it is denied.
     */
    INSTANCE
}
