package io.charter.server.identity;

import io.charter.policy.Policy;
import io.charter.policy.PolicyType;

/**
 * What stands in for a policy that a principal should have but that does not resolve (an
 * attachment or boundary naming a policy that is gone, a default version that is missing): a
 * policy denying everything, so that a damaged reference can only take permissions away.
 */
public final class Unresolvable {
    public static final Policy POLICY = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\"}]}",
            PolicyType.IDENTITY).orThrow().withName("a policy that no longer resolves");

    /** A trust policy that trusts nobody, for a stored trust policy that no longer compiles. */
    public static final Policy TRUST = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\"}]}",
            PolicyType.TRUST).orThrow().withName("a trust policy that no longer compiles");

    /**
     * A bucket policy that denies everyone everything, for a stored bucket policy that no longer
     * compiles: a damaged bucket policy takes access away from every caller, never grants it.
     */
    public static final Policy BUCKET_POLICY = Policy.parse(
            "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\",\"Principal\":\"*\",\"Action\":\"*\","
                    + "\"Resource\":\"*\"}]}",
            PolicyType.RESOURCE).orThrow().withName("a bucket policy that no longer compiles");

    private Unresolvable() {
    }
}
