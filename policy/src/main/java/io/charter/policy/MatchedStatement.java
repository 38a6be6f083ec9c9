package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * A statement that took part in a decision.
 *
 * @param policyName the name the caller gave the policy ({@link Policy#withName}), or "" if none
 * @param policyType the role the policy played
 * @param index the statement's 0-based position in the policy's {@code Statement} array
 * @param sid the statement's {@code Sid}, if any
 * @param effect the statement's effect
 * @param span where the statement sits in the policy's original text
 */
public record MatchedStatement(String policyName, PolicyType policyType, int index, Optional<String> sid, Effect effect,
        SourceSpan span) {
    public MatchedStatement {
        requireNonNull(policyName, "policyName is null");
        requireNonNull(policyType, "policyType is null");
        requireNonNull(sid, "sid is null");
        requireNonNull(effect, "effect is null");
        requireNonNull(span, "span is null");
        if (index < 0) {
            throw new IllegalArgumentException("index is negative");
        }
    }

    /** {@code statement 'DenyAll'} or {@code statement 2} (1-based is avoided: AWS users count from 0 in JSON). */
    String describe() {
        String which = sid.map(s -> "statement '" + s + "'").orElse("statement " + index);
        return policyName.isEmpty() ? which + " of " + policyType.labelWithArticle() + " policy"
                : which + " of policy '" + policyName + "'";
    }
}
