package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;

/**
 * A bucket policy as written (the text, returned verbatim by GetBucketPolicy) and compiled (a
 * {@link PolicyType#RESOURCE} policy the engine evaluates). The text was validated when written;
 * a stored text that no longer compiles stands in as {@link Unresolvable#BUCKET_POLICY}, which
 * denies everyone everything (fail closed). Immutable.
 *
 * @param text the document exactly as stored
 * @param compiled its compiled form
 */
public record BucketPolicy(String text, Policy compiled) {
    public BucketPolicy {
        requireNonNull(text, "text is null");
        requireNonNull(compiled, "compiled is null");
    }

    /**
     * Compiles a stored bucket policy under {@code name} (for explanations); one that no longer
     * compiles stands in as a policy that denies everything.
     */
    public static BucketPolicy compile(String text, String name) {
        Policy compiled = Policy.parse(text, PolicyType.RESOURCE, Integer.MAX_VALUE).policy()
                .map(p -> p.withName(name)).orElse(Unresolvable.BUCKET_POLICY);
        return new BucketPolicy(text, compiled);
    }
}
