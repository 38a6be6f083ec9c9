package io.charter.policy;

import java.util.ArrayList;
import java.util.List;

/**
 * Evaluates requests against compiled policies, following AWS's evaluation logic: an explicit
 * deny anywhere wins; then resource control policies and service control policies must allow;
 * then the resource policy, identity policies, permissions boundary and session policies combine
 * as AWS defines for same-account and cross-account requests (the role and role-session cases
 * included). The rules live in one small function, {@link #verdict}; the rest gathers its facts.
 *
 * <p>Stateless and thread-safe. {@link #decide} is the hot path: it allocates the decision and
 * little else, and touches only statements indexed under the request's service (plus those
 * whose actions hold a wildcard service or use NotAction).
 */
public final class PolicyEngine {
    private PolicyEngine() {}

    /**
     * The work one evaluation may do, in steps (one per pattern or literal compared, one per
     * character a wildcard match visits): a few milliseconds. An ordinary request takes tens to
     * hundreds of steps; only hostile sizes (a wildcard pattern of thousands of characters against a
     * long value, thousands of conditions) come near it. Past it, what could not be evaluated
     * counts as denying ({@link Decision#exceededWorkBudget()}).
     */
    public static final long WORK_BUDGET = 1_000_000;

    /** Decides a request; reports the first deciding statement of each policy type. */
    public static Decision decide(RequestContext request, ApplicablePolicies policies) {
        return evaluate(request, policies, new Trace(false, WORK_BUDGET));
    }

    /**
     * Decides a request as {@link #decide} does, but evaluates every statement, reports every
     * deciding statement and the condition keys the request lacked (for the policy simulator and
     * the console). Slower; not for the request path.
     */
    public static Decision explain(RequestContext request, ApplicablePolicies policies) {
        return evaluate(request, policies, new Trace(true, WORK_BUDGET));
    }

    /** The facts the AWS flow decides on, gathered from the policies. */
    record Facts(PrincipalKind kind, boolean crossAccount, PolicyType deniedBy, boolean rcpAllows,
            boolean scpAllows, int resourceGrade, PolicyType resourceType, boolean identityAllows,
            boolean boundaryAllows, boolean sessionAllows) {}

    /**
     * What the flow concludes.
     *
     * @param missing the policy type whose Allow was missing (implicit deny only)
     * @param usedResource whether the resource policy's Allow took part in an allow
     * @param usedPrincipalSide whether the identity, boundary and session Allows took part
     * @param usedLimits whether (only) the boundary and session Allows took part
     */
    record Verdict(Outcome outcome, PolicyType missing, boolean usedResource, boolean usedPrincipalSide,
            boolean usedLimits) {
        static Verdict allow(boolean resource, boolean principalSide, boolean limits) {
            return new Verdict(Outcome.ALLOW, null, resource, principalSide, limits);
        }

        static Verdict implicitDeny(PolicyType missing) {
            return new Verdict(Outcome.IMPLICIT_DENY, missing, false, false, false);
        }
    }

    /**
     * AWS's evaluation logic, whole. Same account: a resource policy naming the caller itself
     * (user, session, federated user) allows on its own; naming a role session's role (or a
     * federated user's IAM user) still needs the boundary and session policies; naming the account
     * needs the identity side too; a role trust policy must always allow. Cross account: the
     * caller's side (identity ∩ boundary ∩ session) and the resource policy must both allow.
     */
    static Verdict verdict(Facts f) {
        if (f.deniedBy() != null) {
            return new Verdict(Outcome.EXPLICIT_DENY, null, false, false, false);
        }
        if (!f.rcpAllows()) {
            return Verdict.implicitDeny(PolicyType.RCP);
        }
        if (!f.scpAllows()) {
            return Verdict.implicitDeny(PolicyType.SCP);
        }
        boolean granted = f.resourceGrade() != PrincipalPattern.NONE;
        if (!f.kind().hasIdentityPolicies()) {
            // Services, web-identity/SAML callers, canonical users, anonymous: only the resource speaks.
            return granted ? Verdict.allow(true, false, false) : Verdict.implicitDeny(f.resourceType());
        }
        PolicyType principalSideMissing = !f.identityAllows() ? PolicyType.IDENTITY
                : !f.boundaryAllows() ? PolicyType.BOUNDARY
                : !f.sessionAllows() ? PolicyType.SESSION : null;
        PolicyType limitsMissing = !f.boundaryAllows() ? PolicyType.BOUNDARY
                : !f.sessionAllows() ? PolicyType.SESSION : null;
        if (f.crossAccount()) {
            if (principalSideMissing != null) {
                return Verdict.implicitDeny(principalSideMissing);
            }
            return granted ? Verdict.allow(true, true, false) : Verdict.implicitDeny(f.resourceType());
        }
        return switch (f.resourceGrade()) {
            case PrincipalPattern.NAMED -> Verdict.allow(true, false, false);
            case PrincipalPattern.VIA_PARENT -> limitsMissing == null ? Verdict.allow(true, false, true)
                    : Verdict.implicitDeny(limitsMissing);
            case PrincipalPattern.VIA_ACCOUNT -> principalSideMissing == null ? Verdict.allow(true, true, false)
                    : Verdict.implicitDeny(principalSideMissing);
            default -> f.resourceType() == PolicyType.TRUST ? Verdict.implicitDeny(PolicyType.TRUST)
                    : principalSideMissing == null ? Verdict.allow(false, true, false)
                    : Verdict.implicitDeny(principalSideMissing);
        };
    }

    private static Decision evaluate(RequestContext r, ApplicablePolicies p, Trace t) {
        Principal principal = r.principal();
        PrincipalKind kind = principal.kind();
        Policy resource = p.resource().isPresent() ? p.resource().get() : null;
        Policy boundaryPolicy = p.boundary().isPresent() ? p.boundary().get() : null;
        PolicyType resourceSlot = resource != null ? resource.type() : PolicyType.RESOURCE;
        boolean identitySide = kind.hasIdentityPolicies();
        boolean root = kind == PrincipalKind.ROOT;
        boolean sessionApplies = identitySide && (!p.session().isEmpty() || kind == PrincipalKind.FEDERATED_USER);

        // One pass over the policy types in AWS's order, denies and allows of a policy together
        // (one index lookup each). The fast path stops at the first explicit deny: it decides.
        Scan scan = new Scan(r, t);
        boolean rcpAllows = scan.levels(p.rcps(), PolicyType.RCP);
        boolean scpAllows = scan.stop() || scan.levels(p.scps(), PolicyType.SCP);
        boolean orgDenied = scan.denies.found();
        Hits resourceAllow = new Hits();
        Hits identityAllow = new Hits();
        Hits boundaryAllow = new Hits();
        Hits sessionAllow = new Hits();
        if (resource != null && !scan.stop()) {
            scan.policy(resource, resourceSlot, resourceAllow);
        }
        if (identitySide && !scan.stop()) {
            scan.all(p.identity(), PolicyType.IDENTITY, identityAllow);
            // A boundary cannot be set on the root user; if one is given anyway its denies count (fail closed).
            if (boundaryPolicy != null && !scan.stop()) {
                scan.policy(boundaryPolicy, PolicyType.BOUNDARY, boundaryAllow);
            }
            if (!scan.stop()) {
                scan.all(p.session(), PolicyType.SESSION, sessionAllow);
            }
        }
        Hits denies = scan.denies;
        PolicyType deniedBy = denies.found() ? denies.firstSlot : null;
        boolean identityAllows = identitySide && (root || identityAllow.found());
        boolean boundaryAllows = boundaryPolicy == null || root || boundaryAllow.found();
        boolean sessionAllows = !sessionApplies || sessionAllow.found();

        Facts facts = new Facts(kind, r.isCrossAccount(), deniedBy, rcpAllows, scpAllows, resourceAllow.grade,
                resourceSlot, identityAllows, boundaryAllows, sessionAllows);
        Verdict v = verdict(facts);

        List<MatchedStatement> deciding = new ArrayList<>(4);
        if (v.outcome() == Outcome.EXPLICIT_DENY) {
            denies.addTo(deciding);
        } else if (v.outcome() == Outcome.ALLOW) {
            if (v.usedPrincipalSide()) {
                identityAllow.addTo(deciding);
            }
            if (v.usedPrincipalSide() || v.usedLimits()) {
                boundaryAllow.addTo(deciding);
                sessionAllow.addTo(deciding);
            }
            if (v.usedResource()) {
                resourceAllow.addTo(deciding);
            }
        }
        Boolean orgs = (p.scps().isEmpty() && p.rcps().isEmpty()) ? null : (rcpAllows && scpAllows && !orgDenied);
        Boolean boundary = (boundaryPolicy == null || !identitySide) ? null
                : (boundaryAllows && deniedBy != PolicyType.BOUNDARY);
        return new Decision(v.outcome(), deciding, v.missing(), deniedBy, t.missingKeys(), orgs, boundary,
                t.spent(), t.exhausted(), r);
    }

    /** One evaluation's walk over the policies. Not thread-safe. */
    private static final class Scan {
        final RequestContext r;
        final Trace t;
        final Hits denies = new Hits();
        private Hits level;

        Scan(RequestContext r, Trace t) {
            this.r = r;
            this.t = t;
        }

        /** Whether the fast path can stop: an explicit deny decides. */
        boolean stop() {
            return !t.explaining() && denies.found();
        }

        /** Scans organization levels; whether every level has an Allow. */
        boolean levels(List<List<Policy>> levels, PolicyType slot) {
            boolean all = true;
            for (int i = 0, n = levels.size(); i < n && !stop(); i++) {
                if (level == null) {
                    level = new Hits();
                }
                level.reset();
                all(levels.get(i), slot, level);
                all &= level.found();
            }
            return all;
        }

        void all(List<Policy> policies, PolicyType slot, Hits allows) {
            for (int i = 0, n = policies.size(); i < n && !stop(); i++) {
                policy(policies.get(i), slot, allows);
            }
        }

        void policy(Policy policy, PolicyType slot, Hits allows) {
            Statement[][] c = policy.candidates(r.service());
            Statement[][] any = policy.anyService();
            statements(policy, slot, c[0], denies);
            statements(policy, slot, any[0], denies);
            if (!stop()) {
                statements(policy, slot, c[1], allows);
                statements(policy, slot, any[1], allows);
            }
        }

        private void statements(Policy policy, PolicyType slot, Statement[] statements, Hits h) {
            for (Statement s : statements) {
                if (!t.explaining() && (h.grade == PrincipalPattern.NAMED || (h == denies && h.found()))) {
                    return; // nothing more to learn on the fast path
                }
                int g = s.applies(r, t);
                if (g != PrincipalPattern.NONE) {
                    h.add(policy, slot, s, g, t.explaining());
                }
            }
        }
    }

    /**
     * Statements that applied: the first (or the best-graded) one, and with a trace all of them.
     * A handful per evaluation; not thread-safe.
     */
    private static final class Hits {
        int grade = PrincipalPattern.NONE;
        PolicyType firstSlot;
        private Policy firstPolicy;
        private Statement first;
        private List<MatchedStatement> all;

        boolean found() {
            return first != null;
        }

        void reset() {
            grade = PrincipalPattern.NONE;
            firstSlot = null;
            firstPolicy = null;
            first = null;
        }

        void add(Policy p, PolicyType slot, Statement s, int g, boolean keepAll) {
            if (first == null || (g > grade && slot == firstSlot)) {
                firstPolicy = p;
                firstSlot = slot;
                first = s;
            }
            grade = Math.max(grade, g);
            if (keepAll) {
                if (all == null) {
                    all = new ArrayList<>();
                }
                all.add(describe(p, slot, s));
            }
        }

        void addTo(List<MatchedStatement> out) {
            if (all != null) {
                out.addAll(all);
            } else if (first != null) {
                out.add(describe(firstPolicy, firstSlot, first));
            }
        }

        private static MatchedStatement describe(Policy p, PolicyType slot, Statement s) {
            return new MatchedStatement(p.name(), slot, s.index(), s.sid(), s.effect(), s.span());
        }
    }
}
