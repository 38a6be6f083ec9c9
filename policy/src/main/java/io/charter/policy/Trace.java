package io.charter.policy;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What one evaluation records as it goes: the work it has spent against its budget, whether a
 * condition could not be evaluated, and, when explaining, the condition keys the policies asked
 * for that the request did not have (SimulatePrincipalPolicy's MissingContextValues).
 *
 * <p>Work is counted in steps: one per pattern or literal compared, plus one per character a
 * wildcard match visits. Once the budget is spent, every later match fails and the statements it
 * touched count as unevaluable, so a Deny applies and an Allow does not (fail closed); policy and
 * request sizes can then never make one evaluation take more than about {@link #budget} steps.
 * Not thread-safe: one per evaluation.
 */
final class Trace {
    private final boolean explaining;
    private final long budget;
    private final Set<String> missingKeys;
    private long spent;
    private boolean exhausted;
    boolean unevaluable;

    Trace(boolean explaining, long budget) {
        this.explaining = explaining;
        this.budget = budget;
        this.missingKeys = explaining ? new LinkedHashSet<>() : Set.of();
    }

    /** Whether every statement is evaluated and reported (the simulator), not just the deciding ones. */
    boolean explaining() {
        return explaining;
    }

    void missingKey(String key) {
        if (explaining) {
            missingKeys.add(key);
        }
    }

    Set<String> missingKeys() {
        return missingKeys;
    }

    /** Spends {@code steps}; whether the budget still holds. */
    boolean spend(long steps) {
        spent += steps;
        if (spent > budget) {
            exhausted = true;
        }
        return !exhausted;
    }

    /** The steps left before the budget is spent (0 once it is). */
    long remaining() {
        return exhausted ? 0 : budget - spent;
    }

    boolean exhausted() {
        return exhausted;
    }

    long spent() {
        return Math.min(spent, budget + 1);
    }
}
