package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of {@link Policy#parse}: a compiled policy when there is no error, and every finding.
 *
 * @param policy present exactly when {@code errors} is empty
 * @param errors findings that refuse the document, in document order (the first is what AWS reports)
 * @param warnings findings beyond AWS's own validation; they never refuse a document
 */
public record ParseResult(Optional<Policy> policy, List<Finding> errors, List<Finding> warnings) {
    public ParseResult {
        requireNonNull(policy, "policy is null");
        errors = List.copyOf(errors);
        warnings = List.copyOf(warnings);
        if (policy.isPresent() != errors.isEmpty()) {
            throw new IllegalArgumentException("a policy is present exactly when there are no errors");
        }
    }

    /** Whether the document was accepted. */
    public boolean isValid() {
        return errors.isEmpty();
    }

    /** The compiled policy; throws {@link IllegalStateException} naming the first error when invalid. */
    public Policy orThrow() {
        return policy.orElseThrow(() -> new IllegalStateException("invalid policy: " + errors.get(0)));
    }

    /** The message AWS would put in its {@code MalformedPolicyDocument} error, if invalid. */
    public Optional<String> firstErrorMessage() {
        return errors.isEmpty() ? Optional.empty() : Optional.of(errors.get(0).message());
    }
}
