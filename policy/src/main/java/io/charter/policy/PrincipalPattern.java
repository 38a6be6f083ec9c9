package io.charter.policy;

import java.util.List;

/**
 * One entry of a {@code Principal} or {@code NotPrincipal} element, validated and classified at
 * compile time. Immutable and thread-safe.
 *
 * <p>A match is graded, because AWS's decision depends on how a resource policy names the caller:
 * {@link #NAMED} (the caller itself: user, session, federated user, service, provider, canonical
 * user, or anyone through {@code "*"}), {@link #VIA_PARENT} (the role of a role session, or the
 * IAM user behind a federated user: the grant is still limited by the permissions boundary and
 * session policies) and {@link #VIA_ACCOUNT} (the account: a delegation, so the caller's
 * identity policies must allow too).
 */
record PrincipalPattern(Form form, String value) {
    static final int NONE = 0;
    static final int VIA_ACCOUNT = 1;
    static final int VIA_PARENT = 2;
    static final int NAMED = 3;

    enum Form {
        /** {@code "*"} or {@code {"AWS":"*"}}: everyone, anonymous callers included. */
        ANY,
        /** {@code "123456789012"} or {@code arn:aws:iam::123456789012:root}. */
        ACCOUNT,
        USER,
        ROLE,
        ASSUMED_ROLE,
        FEDERATED_USER,
        SERVICE,
        FEDERATED,
        CANONICAL_USER
    }

    /** How this entry names the principal: {@link #NONE} .. {@link #NAMED}. */
    int grade(Principal p) {
        PrincipalKind k = p.kind();
        return switch (form) {
            // "*" reaches a session only as its parent would: the conservative reading (see README).
            case ANY -> k == PrincipalKind.ASSUMED_ROLE || k == PrincipalKind.FEDERATED_USER ? VIA_PARENT : NAMED;
            case ACCOUNT -> k.hasIdentityPolicies() && value.equals(p.accountId()) ? VIA_ACCOUNT : NONE;
            case USER -> k == PrincipalKind.USER && value.equals(p.arn()) ? NAMED
                    : k == PrincipalKind.FEDERATED_USER && p.parentArn().orElse("").equals(value) ? VIA_PARENT : NONE;
            case ROLE -> k == PrincipalKind.ROLE && value.equals(p.arn()) ? NAMED
                    : k == PrincipalKind.ASSUMED_ROLE && p.parentArn().orElse("").equals(value) ? VIA_PARENT : NONE;
            case ASSUMED_ROLE -> k == PrincipalKind.ASSUMED_ROLE && value.equals(p.arn()) ? NAMED : NONE;
            case FEDERATED_USER -> k == PrincipalKind.FEDERATED_USER && value.equals(p.arn()) ? NAMED : NONE;
            case SERVICE -> k == PrincipalKind.SERVICE && value.equals(p.arn()) ? NAMED : NONE;
            case FEDERATED -> k == PrincipalKind.FEDERATED && value.equals(p.arn()) ? NAMED : NONE;
            case CANONICAL_USER -> k == PrincipalKind.CANONICAL_USER && value.equalsIgnoreCase(p.arn()) ? NAMED : NONE;
        };
    }

    /** The best grade any entry gives the principal. */
    static int grade(List<PrincipalPattern> entries, Principal p) {
        int best = NONE;
        for (PrincipalPattern e : entries) {
            best = Math.max(best, e.grade(p));
            if (best == NAMED) {
                break;
            }
        }
        return best;
    }

    /**
     * Whether a {@code NotPrincipal} list excludes the principal. AWS evaluates every identity
     * the caller has (session, its role or federating user, its account), so a caller is excluded
     * only when the list covers all of them, e.g. the session ARN, the role ARN and the account.
     */
    static boolean excludes(List<PrincipalPattern> entries, Principal p) {
        PrincipalKind k = p.kind();
        boolean self = false;
        boolean parent = p.parentArn().isEmpty();
        boolean account = !k.hasIdentityPolicies();
        for (PrincipalPattern e : entries) {
            switch (e.form) {
                case ANY -> {
                    return true;
                }
                case ACCOUNT -> {
                    if (k.hasIdentityPolicies() && e.value.equals(p.accountId())) {
                        account = true;
                        self |= k == PrincipalKind.ROOT;
                    }
                }
                default -> {
                    if (e.value.equals(p.arn()) && e.grade(p) == NAMED) {
                        self = true;
                    }
                    if (p.parentArn().isPresent() && e.value.equals(p.parentArn().get())) {
                        parent = true;
                    }
                }
            }
        }
        return self && parent && account;
    }
}
