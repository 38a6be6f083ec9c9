package io.charter.policy;

import java.util.List;
import java.util.Optional;

/**
 * One compiled statement. Immutable and thread-safe.
 *
 * @param index position in the policy's {@code Statement} array (0 for a lone object)
 * @param sid the {@code Sid}, if any
 * @param effect Allow or Deny
 * @param span where the statement sits in the original text
 * @param principals the {@code Principal}/{@code NotPrincipal} entries; empty when the element is absent
 * @param notPrincipal whether {@code principals} came from {@code NotPrincipal}
 * @param hasPrincipal whether either element was present
 * @param actions the {@code Action}/{@code NotAction} entries
 * @param notAction whether {@code actions} came from {@code NotAction}
 * @param resources the {@code Resource}/{@code NotResource} entries; empty when absent (trust policies)
 * @param notResource whether {@code resources} came from {@code NotResource}
 * @param hasResource whether either element was present
 * @param conditions every (operator, key) pair; all must hold
 */
record Statement(int index, Optional<String> sid, Effect effect, SourceSpan span, List<PrincipalPattern> principals,
        boolean notPrincipal, boolean hasPrincipal, List<ActionPattern> actions, boolean notAction,
        List<ArnPattern> resources, boolean notResource, boolean hasResource, List<Condition> conditions,
        Hot hot) {
    /** Arrays of the lists, for the evaluation loops (measured: List access was 5% of a decision). */
    record Hot(ActionPattern[] actions, ArnPattern[] resources, Condition[] conditions) {}

    Statement(int index, Optional<String> sid, Effect effect, SourceSpan span, List<PrincipalPattern> principals,
            boolean notPrincipal, boolean hasPrincipal, List<ActionPattern> actions, boolean notAction,
            List<ArnPattern> resources, boolean notResource, boolean hasResource, List<Condition> conditions) {
        this(index, sid, effect, span, List.copyOf(principals), notPrincipal, hasPrincipal, List.copyOf(actions),
                notAction, List.copyOf(resources), notResource, hasResource, List.copyOf(conditions),
                new Hot(actions.toArray(ActionPattern[]::new), resources.toArray(ArnPattern[]::new),
                        conditions.toArray(Condition[]::new)));
    }

    boolean matchesAction(RequestContext r, Trace trace) {
        boolean any = false;
        for (ActionPattern a : hot.actions) {
            if (a.matches(r, trace)) {
                any = true;
                break;
            }
        }
        return any != notAction;
    }

    boolean matchesResource(RequestContext r, Trace trace) {
        if (!hasResource) {
            return true;
        }
        boolean any = false;
        String res = r.resource();
        int[] colons = r.arnColons();
        for (ArnPattern p : hot.resources) {
            if (p.matches(res, colons, r, trace)) {
                any = true;
                break;
            }
        }
        return any != notResource;
    }

    /** How the statement's principal element names the caller; NAMED when there is none. */
    int principalGrade(Principal p) {
        if (!hasPrincipal) {
            return PrincipalPattern.NAMED;
        }
        if (notPrincipal) {
            // NotPrincipal grants no more than an account-level delegation would (see README).
            return PrincipalPattern.excludes(principals, p) ? PrincipalPattern.NONE
                    : effect == Effect.DENY ? PrincipalPattern.NAMED : PrincipalPattern.VIA_ACCOUNT;
        }
        return PrincipalPattern.grade(principals, p);
    }

    /**
     * Conditions under Kleene AND: FALSE if any is false, else ERROR if any errs, else TRUE. With
     * no explaining trace, stops at the first FALSE.
     */
    int evaluateConditions(RequestContext r, Trace trace) {
        int result = Condition.TRUE;
        for (Condition condition : hot.conditions) {
            int c = condition.evaluate(r, trace);
            if (c == Condition.FALSE) {
                if (!trace.explaining()) {
                    return Condition.FALSE;
                }
                result = Condition.FALSE;
            } else if (c == Condition.ERROR && result == Condition.TRUE) {
                result = Condition.ERROR;
            }
        }
        return result;
    }

    /**
     * Whether the statement applies to the request, as a principal grade ({@link PrincipalPattern#NONE}
     * when it does not). A condition error makes a Deny apply and an Allow not apply; so does running
     * out of the evaluation's work budget anywhere in the statement (fail closed).
     */
    int applies(RequestContext r, Trace trace) {
        boolean action = matchesAction(r, trace);
        if (!action && !trace.exhausted()) {
            return PrincipalPattern.NONE;
        }
        int grade = principalGrade(r.principal());
        if (grade == PrincipalPattern.NONE) {
            return PrincipalPattern.NONE;
        }
        boolean resource = action && matchesResource(r, trace);
        int c = resource ? evaluateConditions(r, trace) : Condition.FALSE;
        if (trace.exhausted()) {
            c = Condition.ERROR;
        }
        boolean applies = c == Condition.TRUE || (c == Condition.ERROR && effect == Effect.DENY);
        return applies ? grade : PrincipalPattern.NONE;
    }
}
