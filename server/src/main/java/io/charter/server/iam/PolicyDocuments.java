package io.charter.server.iam;

import io.charter.policy.Finding;
import io.charter.policy.ParseResult;
import io.charter.policy.Policy;
import io.charter.policy.PolicyType;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;

/** Policy documents written through IAM: validated by the policy engine as AWS validates them. */
final class PolicyDocuments {
    private PolicyDocuments() {
    }

    /**
     * The compiled document, or AWS's error: {@code LimitExceeded} for a document over its size
     * quota, {@code MalformedPolicyDocument} with AWS's message for anything else wrong.
     */
    static Policy validate(String text, PolicyType type) {
        return validate(text, type, type.defaultMaxSize());
    }

    /** As {@link #validate(String, PolicyType)}, with a size quota of {@code maxSize} characters. */
    static Policy validate(String text, PolicyType type, int maxSize) {
        ParseResult result = Policy.parse(text, type, maxSize);
        if (result.isValid()) {
            return result.orThrow();
        }
        Finding first = result.errors().get(0);
        if (first.code().equals("SIZE_LIMIT")) {
            throw new ServiceException(AwsErrorCode.LIMIT_EXCEEDED, first.message());
        }
        throw new ServiceException(AwsErrorCode.MALFORMED_POLICY_DOCUMENT, result.firstErrorMessage().orElse(first.message()));
    }
}
