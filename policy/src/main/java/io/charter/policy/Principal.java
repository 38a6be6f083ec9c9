package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * The caller of a request, as the engine matches it against {@code Principal} elements.
 *
 * @param kind what the caller is
 * @param arn the caller's ARN; for {@link PrincipalKind#SERVICE} the service name, for
 *     {@link PrincipalKind#FEDERATED} the provider, for {@link PrincipalKind#CANONICAL_USER} the id,
 *     for {@link PrincipalKind#ANONYMOUS} {@code "*"}
 * @param accountId the caller's 12-digit account, or "" for callers outside any account
 * @param uniqueId the value of {@code aws:userid} (e.g. {@code AIDA...}, {@code AROA...:session}), or ""
 * @param parentArn for a role session the role's ARN (with path); for a federated user the
 *     federating IAM user's ARN; empty otherwise
 */
public record Principal(PrincipalKind kind, String arn, String accountId, String uniqueId, Optional<String> parentArn) {
    public Principal {
        requireNonNull(kind, "kind is null");
        requireNonNull(arn, "arn is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(uniqueId, "uniqueId is null");
        requireNonNull(parentArn, "parentArn is null");
        if (arn.isEmpty()) {
            throw new IllegalArgumentException("arn is empty");
        }
        if (kind.hasIdentityPolicies() && !isAccountId(accountId)) {
            throw new IllegalArgumentException("a " + kind + " principal needs a 12-digit account id, got '" + accountId + "'");
        }
        if (kind == PrincipalKind.ASSUMED_ROLE && parentArn.isEmpty()) {
            throw new IllegalArgumentException("an assumed-role principal needs its role ARN as parentArn");
        }
    }

    /** The account root user. */
    public static Principal root(String accountId) {
        return new Principal(PrincipalKind.ROOT, "arn:aws:iam::" + accountId + ":root", accountId, accountId, Optional.empty());
    }

    /** An IAM user; the account is taken from the ARN. */
    public static Principal user(String userArn, String userId) {
        return new Principal(PrincipalKind.USER, userArn, accountOf(userArn), userId, Optional.empty());
    }

    /** An IAM role acting as itself. */
    public static Principal role(String roleArn, String roleId) {
        return new Principal(PrincipalKind.ROLE, roleArn, accountOf(roleArn), roleId, Optional.empty());
    }

    /**
     * A role session. {@code aws:userid} becomes {@code roleId:sessionName}.
     *
     * @param sessionArn {@code arn:aws:sts::A:assumed-role/R/S}
     * @param roleArn the role's IAM ARN, with its path
     * @param roleId the role's unique id ({@code AROA...})
     */
    public static Principal assumedRole(String sessionArn, String roleArn, String roleId) {
        String session = sessionArn.substring(sessionArn.lastIndexOf('/') + 1);
        return new Principal(PrincipalKind.ASSUMED_ROLE, sessionArn, accountOf(sessionArn), roleId + ":" + session,
                Optional.of(roleArn));
    }

    /** A GetFederationToken session of the given IAM user. */
    public static Principal federatedUser(String federatedUserArn, String federatingUserArn) {
        String account = accountOf(federatedUserArn);
        String name = federatedUserArn.substring(federatedUserArn.lastIndexOf('/') + 1);
        return new Principal(PrincipalKind.FEDERATED_USER, federatedUserArn, account, account + ":" + name,
                Optional.of(federatingUserArn));
    }

    /** An AWS service principal such as {@code ec2.amazonaws.com}. */
    public static Principal service(String serviceName) {
        return new Principal(PrincipalKind.SERVICE, serviceName, "", "", Optional.empty());
    }

    /** A web-identity or SAML caller of the given provider. */
    public static Principal federated(String provider) {
        return new Principal(PrincipalKind.FEDERATED, provider, "", "", Optional.empty());
    }

    /** An S3 canonical user. */
    public static Principal canonicalUser(String canonicalId) {
        return new Principal(PrincipalKind.CANONICAL_USER, canonicalId, "", "", Optional.empty());
    }

    /** An unsigned request. */
    public static Principal anonymous() {
        return new Principal(PrincipalKind.ANONYMOUS, "*", "", "", Optional.empty());
    }

    /** The value of {@code aws:PrincipalArn}: the role ARN for a role session, else the ARN. */
    public String principalArnKey() {
        return kind == PrincipalKind.ASSUMED_ROLE ? parentArn.orElseThrow() : arn;
    }

    /** Whether {@code s} is a 12-digit AWS account id. */
    public static boolean isAccountId(String s) {
        if (s.length() != 12) {
            return false;
        }
        for (int i = 0; i < 12; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    /** The account field (5th segment) of an ARN, or "" when the text is not an ARN. */
    static String accountOf(String arn) {
        int from = 0;
        for (int i = 0; i < 4; i++) {
            from = arn.indexOf(':', from) + 1;
            if (from == 0) {
                return "";
            }
        }
        int to = arn.indexOf(':', from);
        return to < 0 ? "" : arn.substring(from, to);
    }
}
