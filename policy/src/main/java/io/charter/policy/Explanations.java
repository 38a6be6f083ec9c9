package io.charter.policy;

import java.util.List;

/** Every sentence the engine says about a decision, built in one place. Stateless. */
final class Explanations {
    private Explanations() {}

    static String sentence(PolicyEngine.Verdict v, PolicyType deniedBy, List<MatchedStatement> deciding,
            RequestContext r, PrincipalKind kind) {
        return switch (v.outcome()) {
            case EXPLICIT_DENY -> deciding.isEmpty() ? "explicitly denied by " + deniedBy.labelWithArticle() + " policy"
                    : "explicitly denied by " + deciding.get(0).describe();
            case IMPLICIT_DENY -> v.missing() == PolicyType.TRUST
                    ? "the role's trust policy does not allow " + r.action() + " for " + r.principal().arn()
                    : "no " + v.missing().label() + " policy allows the " + r.action() + " action";
            case ALLOW -> deciding.isEmpty() && kind == PrincipalKind.ROOT
                    ? "allowed: the account root user may do anything not denied"
                    : deciding.isEmpty() ? "allowed" : "allowed by " + deciding.get(0).describe();
        };
    }

    static String awsReason(PolicyEngine.Verdict v, PolicyType deniedBy, String action) {
        return switch (v.outcome()) {
            case EXPLICIT_DENY -> "with an explicit deny in " + deniedBy.labelWithArticle() + " policy";
            case IMPLICIT_DENY -> "because no " + v.missing().label() + " policy allows the " + action + " action";
            case ALLOW -> "";
        };
    }
}
