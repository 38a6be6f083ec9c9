package io.charter.policy;

/** What kind of caller a {@link Principal} is; decides which evaluation rules of AWS apply. */
public enum PrincipalKind {
    /** The account root user ({@code arn:aws:iam::A:root}). */
    ROOT("Account", true),
    /** An IAM user. */
    USER("User", true),
    /** An IAM role itself (rare as a caller; sessions are {@link #ASSUMED_ROLE}). */
    ROLE("Role", true),
    /** A role session ({@code arn:aws:sts::A:assumed-role/R/S}); its parent is the role ARN. */
    ASSUMED_ROLE("AssumedRole", true),
    /** A GetFederationToken session; its parent is the federating user's ARN. */
    FEDERATED_USER("FederatedUser", true),
    /** An AWS service principal such as {@code ec2.amazonaws.com}; the ARN is the service name. */
    SERVICE("Service", false),
    /** A web-identity or SAML caller; the ARN is the provider ARN or name (accounts.google.com). */
    FEDERATED("WebIdentityUser", false),
    /** An S3 canonical user; the ARN is the 64-hex canonical id. */
    CANONICAL_USER("CanonicalUser", false),
    /** An unsigned request. */
    ANONYMOUS("Anonymous", false);

    private final String awsPrincipalType;
    private final boolean hasIdentityPolicies;

    PrincipalKind(String awsPrincipalType, boolean hasIdentityPolicies) {
        this.awsPrincipalType = awsPrincipalType;
        this.hasIdentityPolicies = hasIdentityPolicies;
    }

    /** The value of {@code aws:PrincipalType}. */
    public String awsPrincipalType() {
        return awsPrincipalType;
    }

    /** Whether this caller lives in an account and is governed by identity policies. */
    public boolean hasIdentityPolicies() {
        return hasIdentityPolicies;
    }
}
