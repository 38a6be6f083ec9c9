package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The result of evaluating one request. Immutable and thread-safe. The sentences ({@link
 * #explanation()}, {@link #awsReason()}) are built when asked for, so an allowed request on the
 * hot path never formats text.
 */
public final class Decision {
    private static final Optional<Boolean> TRUE = Optional.of(Boolean.TRUE);
    private static final Optional<Boolean> FALSE = Optional.of(Boolean.FALSE);

    private final Outcome outcome;
    private final List<MatchedStatement> statements;
    private final Optional<PolicyType> missingAllow;
    private final PolicyType deniedBy;
    private final Set<String> missingContextKeys;
    private final Optional<Boolean> allowedByOrganizations;
    private final Optional<Boolean> allowedByBoundary;
    private final long workSteps;
    private final boolean workExceeded;
    private final RequestContext request;

    /**
     * The work the evaluation did against {@link PolicyEngine#WORK_BUDGET}.
     *
     * @param steps the steps spent (at most one past the budget)
     * @param exceeded whether the budget ran out, so that what was left counted as denying
     */
    public record Work(long steps, boolean exceeded) {}

    Decision(Outcome outcome, List<MatchedStatement> statements, PolicyType missingAllow, PolicyType deniedBy,
            Set<String> missingContextKeys, Boolean allowedByOrganizations, Boolean allowedByBoundary, long workSteps,
            boolean workExceeded, RequestContext request) {
        this.outcome = requireNonNull(outcome, "outcome is null");
        this.statements = List.copyOf(statements);
        this.missingAllow = Optional.ofNullable(missingAllow);
        this.deniedBy = deniedBy;
        this.missingContextKeys = Set.copyOf(missingContextKeys);
        this.allowedByOrganizations = allowedByOrganizations == null ? Optional.empty()
                : allowedByOrganizations ? TRUE : FALSE;
        this.allowedByBoundary = allowedByBoundary == null ? Optional.empty() : allowedByBoundary ? TRUE : FALSE;
        this.workSteps = workSteps;
        this.workExceeded = workExceeded;
        this.request = requireNonNull(request, "request is null");
        if ((missingAllow != null) != (outcome == Outcome.IMPLICIT_DENY)) {
            throw new IllegalArgumentException("missingAllow is present exactly for an implicit deny");
        }
        if ((deniedBy != null) != (outcome == Outcome.EXPLICIT_DENY)) {
            throw new IllegalArgumentException("deniedBy is present exactly for an explicit deny");
        }
    }

    /** The request this decision is about. */
    public RequestContext request() {
        return request;
    }

    /** Allow, implicit deny or explicit deny. */
    public Outcome outcome() {
        return outcome;
    }

    public boolean isAllowed() {
        return outcome == Outcome.ALLOW;
    }

    /**
     * The statements that decided it: the denying statement(s) for an explicit deny, the allowing
     * ones for an allow, none for an implicit deny. {@link PolicyEngine#decide} reports the first
     * of each policy type; {@link PolicyEngine#explain} reports all (SimulatePrincipalPolicy's
     * MatchedStatements, with positions).
     */
    public List<MatchedStatement> statements() {
        return statements;
    }

    /** For an implicit deny, the policy type whose Allow was missing. */
    public Optional<PolicyType> missingAllow() {
        return missingAllow;
    }

    /** For an explicit deny, the policy type AWS names: the first in AWS's order that denied. */
    public Optional<PolicyType> deniedBy() {
        return Optional.ofNullable(deniedBy);
    }

    /**
     * Condition keys the policies asked for and the request lacked ({@link PolicyEngine#explain}
     * only; SimulatePrincipalPolicy's MissingContextValues).
     */
    public Set<String> missingContextKeys() {
        return missingContextKeys;
    }

    /**
     * Whether the SCPs and RCPs allow; empty when none apply. Exact from {@link PolicyEngine#explain};
     * {@link PolicyEngine#decide} stops at the first explicit deny, so after one it may be incomplete.
     */
    public Optional<Boolean> allowedByOrganizations() {
        return allowedByOrganizations;
    }

    /**
     * Whether the permissions boundary allows; empty when none is set. Exact from {@link
     * PolicyEngine#explain}; after an explicit deny {@link PolicyEngine#decide} may not have looked.
     */
    public Optional<Boolean> allowedByBoundary() {
        return allowedByBoundary;
    }

    /** The steps the evaluation took, and whether it ran out of {@link PolicyEngine#WORK_BUDGET}. */
    public Work work() {
        return new Work(workSteps, workExceeded);
    }

    /**
     * Whether the evaluation ran out of its work budget: the statements it could not finish counted
     * as unevaluable (a Deny applied, an Allow did not), so the outcome is a deny unless every Allow
     * it needed was found and every Deny evaluated before that.
     */
    public boolean exceededWorkBudget() {
        return workExceeded;
    }

    /**
     * One sentence for consoles and logs, e.g. {@code no identity-based policy allows the
     * s3:GetObject action} or {@code explicitly denied by statement 'DenyAll' of policy 'P'}.
     */
    public String explanation() {
        return Explanations.sentence(this, request);
    }

    /**
     * The suffix AWS appends to AccessDenied messages: {@code because no identity-based policy
     * allows the s3:GetObject action} or {@code with an explicit deny in an identity-based policy};
     * empty for an allow.
     */
    public String awsReason() {
        return Explanations.awsReason(this, request.action());
    }

    /**
     * AWS's AccessDenied message: {@code User: <arn> is not authorized to perform: <action> on
     * resource: <resource> <awsReason>}. STS omits the reason: pass {@code withReason=false}.
     */
    public String accessDeniedMessage(boolean withReason) {
        String base = "User: " + request.principal().arn() + " is not authorized to perform: " + request.action()
                + " on resource: " + request.resource();
        String reason = awsReason();
        return withReason && !reason.isEmpty() ? base + " " + reason : base;
    }

    @Override
    public String toString() {
        return "Decision[" + outcome + ": " + explanation() + ", statements=" + statements + "]";
    }
}
