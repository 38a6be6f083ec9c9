package io.charter.server.token;

/** What issued a session, which decides the shape of its identity. */
public enum SessionKind {
    // The order is part of the session-token format (ClaimsFormat): add new kinds at the end only.
    /** {@code AssumeRole} and its web-identity and SAML variants: {@code assumed-role/ROLE/SESSION}. */
    ASSUMED_ROLE,
    /** {@code GetFederationToken}: {@code federated-user/NAME}. */
    FEDERATED_USER,
    /** {@code GetSessionToken}: the calling IAM user or root, with temporary keys. */
    USER_SESSION
}
