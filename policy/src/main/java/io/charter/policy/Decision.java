package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of evaluating one request.
 *
 * @param outcome allow, implicit deny or explicit deny
 * @param statements the statements that decided it: the denying statement(s) for an explicit
 *     deny, the allowing ones for an allow, none for an implicit deny. {@link PolicyEngine#decide}
 *     reports the first of each policy type; {@link PolicyEngine#explain} reports all
 * @param missingAllow for an implicit deny, the policy type whose Allow was missing
 * @param explanation one sentence for consoles and logs, e.g. {@code no identity-based policy
 *     allows the s3:GetObject action}
 * @param awsReason the suffix AWS appends to AccessDenied messages: {@code because no
 *     identity-based policy allows the s3:GetObject action} or {@code with an explicit deny in an
 *     identity-based policy}; empty for an allow
 * @param missingContextKeys condition keys the policies asked for and the request lacked
 *     ({@link PolicyEngine#explain} only; SimulatePrincipalPolicy's MissingContextValues)
 * @param allowedByOrganizations whether the SCPs and RCPs allow; empty when none apply
 * @param allowedByBoundary whether the permissions boundary allows; empty when none is set
 */
public record Decision(Outcome outcome, List<MatchedStatement> statements, Optional<PolicyType> missingAllow,
        String explanation, String awsReason, Set<String> missingContextKeys, Optional<Boolean> allowedByOrganizations,
        Optional<Boolean> allowedByBoundary) {
    public Decision {
        requireNonNull(outcome, "outcome is null");
        statements = List.copyOf(statements);
        requireNonNull(missingAllow, "missingAllow is null");
        requireNonNull(explanation, "explanation is null");
        requireNonNull(awsReason, "awsReason is null");
        missingContextKeys = Set.copyOf(missingContextKeys);
        requireNonNull(allowedByOrganizations, "allowedByOrganizations is null");
        requireNonNull(allowedByBoundary, "allowedByBoundary is null");
        if (missingAllow.isPresent() != (outcome == Outcome.IMPLICIT_DENY)) {
            throw new IllegalArgumentException("missingAllow is present exactly for an implicit deny");
        }
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * AWS's AccessDenied message for IAM-style APIs: {@code User: <arn> is not authorized to
     * perform: <action> on resource: <resource> <awsReason>}. (STS omits the reason: use
     * {@code withReason=false}.)
     */
    public String accessDeniedMessage(RequestContext request, boolean withReason) {
        String base = "User: " + request.principal().arn() + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        return withReason && !awsReason.isEmpty() ? base + " " + awsReason : base;
    }
}
