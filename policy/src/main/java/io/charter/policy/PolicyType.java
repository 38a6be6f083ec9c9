package io.charter.policy;

/**
 * The kind of policy document, which decides the validation rules and the role the policy plays
 * in a decision.
 */
public enum PolicyType {
    /** Identity-based policy attached to a user, group or role (managed or inline). */
    IDENTITY("identity-based", "an", 6_144),
    /** Resource-based policy (bucket policy, key policy, ...); requires {@code Principal}. */
    RESOURCE("resource-based", "a", 20_480),
    /** A role's trust policy: a resource policy of the role for {@code sts:AssumeRole*}. */
    TRUST("resource-based", "a", 2_048),
    /** Session policy passed to AssumeRole* or GetFederationToken. */
    SESSION("session", "a", 2_048),
    /** Managed policy used as a permissions boundary. */
    BOUNDARY("permissions boundary", "a", 6_144),
    /** Organizations service control policy. */
    SCP("service control", "a", 5_120),
    /** Organizations resource control policy. */
    RCP("resource control", "a", 5_120);

    private final String label;
    private final String article;
    private final int defaultMaxSize;

    PolicyType(String label, String article, int defaultMaxSize) {
        this.label = label;
        this.article = article;
        this.defaultMaxSize = defaultMaxSize;
    }

    /** The words AWS uses for this type in AccessDenied messages, e.g. {@code identity-based}. */
    public String label() {
        return label;
    }

    /** {@code "an identity-based"}, {@code "a session"}: the label with its article. */
    public String labelWithArticle() {
        return article + " " + label;
    }

    /**
     * AWS's default size limit for this type, in characters not counting white space outside
     * strings (identity/boundary: managed policy 6,144; trust: ACLSizePerRole 2,048; session:
     * 2,048; SCP and RCP: 5,120; resource: S3's 20 KiB).
     */
    public int defaultMaxSize() {
        return defaultMaxSize;
    }

    /** Whether statements of this type carry a {@code Principal} (resource, trust, RCP). */
    boolean hasPrincipal() {
        return this == RESOURCE || this == TRUST || this == RCP;
    }
}
