package io.charter.policy;

/** Every sentence the engine says about a decision, built in one place. Stateless. */
final class Explanations {
    private Explanations() {}

    static String sentence(Decision d, RequestContext r) {
        String sentence = outcome(d, r);
        return d.exceededWorkBudget()
                ? sentence + " (the evaluation ran out of its work budget of " + PolicyEngine.WORK_BUDGET
                        + " steps; what it could not evaluate counted as denying)"
                : sentence;
    }

    private static String outcome(Decision d, RequestContext r) {
        return switch (d.outcome()) {
            case EXPLICIT_DENY -> d.statements().isEmpty()
                    ? "explicitly denied by " + d.deniedBy().orElseThrow().labelWithArticle() + " policy"
                    : "explicitly denied by " + d.statements().get(0).describe();
            case IMPLICIT_DENY -> d.missingAllow().orElseThrow() == PolicyType.TRUST
                    ? "the role's trust policy does not allow " + r.action() + " for " + r.principal().arn()
                    : "no " + d.missingAllow().orElseThrow().label() + " policy allows the " + r.action() + " action";
            case ALLOW -> d.statements().isEmpty() && r.principal().kind() == PrincipalKind.ROOT
                    ? "allowed: the account root user may do anything not denied"
                    : d.statements().isEmpty() ? "allowed" : "allowed by " + d.statements().get(0).describe();
        };
    }

    static String awsReason(Decision d, String action) {
        return switch (d.outcome()) {
            case EXPLICIT_DENY -> "with an explicit deny in " + d.deniedBy().orElseThrow().labelWithArticle() + " policy";
            case IMPLICIT_DENY -> "because no " + d.missingAllow().orElseThrow().label() + " policy allows the " + action
                    + " action";
            case ALLOW -> "";
        };
    }
}
