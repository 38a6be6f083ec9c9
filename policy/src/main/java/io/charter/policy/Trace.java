package io.charter.policy;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * What an explaining evaluation records beyond the decision: the condition keys the policies asked
 * for that the request did not have (SimulatePrincipalPolicy's MissingContextValues), and whether a
 * condition could not be evaluated. The fast path passes {@code null} instead. Not thread-safe: one
 * per evaluation.
 */
final class Trace {
    final Set<String> missingKeys = new LinkedHashSet<>();
    boolean unevaluable;

    void missingKey(String key) {
        missingKeys.add(key);
    }
}
