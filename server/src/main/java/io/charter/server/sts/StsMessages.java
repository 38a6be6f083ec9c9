package io.charter.server.sts;

import static java.util.Objects.requireNonNull;

import io.charter.server.identity.Tag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The requests and results of STS's operations as records, bound to the STS model's shapes (each
 * component to the member of its name; {@code Optional} where the member may be absent).
 */
final class StsMessages {
    private StsMessages() {
    }

    /** A managed policy ARN passed as a session policy ({@code PolicyDescriptorType}). */
    record PolicyDescriptor(Optional<String> arn) {
    }

    /** A context asserted by a trusted provider; Charter cannot verify any and refuses them. */
    record ProvidedContext(Optional<String> providerArn, Optional<String> contextAssertion) {
    }

    record AssumeRoleRequest(String roleArn, String roleSessionName, List<PolicyDescriptor> policyArns,
            Optional<String> policy, Optional<Integer> durationSeconds, List<Tag> tags, List<String> transitiveTagKeys,
            Optional<String> externalId, Optional<String> serialNumber, Optional<String> tokenCode,
            Optional<String> sourceIdentity, List<ProvidedContext> providedContexts) {
        /** Leaves the external id and the MFA code out. */
        @Override
        public String toString() {
            return "AssumeRoleRequest[roleArn=" + roleArn + ", roleSessionName=" + roleSessionName + "]";
        }
    }

    /** Temporary credentials: the key pair and the session token that proves them. */
    record Credentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration) {
        Credentials {
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            requireNonNull(sessionToken, "sessionToken is null");
            requireNonNull(expiration, "expiration is null");
        }

        /** Leaves the secret and the token out. */
        @Override
        public String toString() {
            return "Credentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
        }
    }

    record AssumedRoleUser(String assumedRoleId, String arn) {
    }

    record AssumeRoleResult(Credentials credentials, AssumedRoleUser assumedRoleUser, Optional<Integer> packedPolicySize,
            Optional<String> sourceIdentity) {
    }

    record GetSessionTokenRequest(Optional<Integer> durationSeconds, Optional<String> serialNumber,
            Optional<String> tokenCode) {
        /** Leaves the MFA code out. */
        @Override
        public String toString() {
            return "GetSessionTokenRequest[durationSeconds=" + durationSeconds + ", serialNumber=" + serialNumber + "]";
        }
    }

    record GetSessionTokenResult(Credentials credentials) {
    }

    record GetFederationTokenRequest(String name, Optional<String> policy, List<PolicyDescriptor> policyArns,
            Optional<Integer> durationSeconds, List<Tag> tags) {
    }

    record FederatedUser(String federatedUserId, String arn) {
    }

    record GetFederationTokenResult(Credentials credentials, FederatedUser federatedUser, int packedPolicySize) {
    }

    record GetAccessKeyInfoRequest(String accessKeyId) {
    }

    record GetAccessKeyInfoResult(String account) {
    }

    record DecodeAuthorizationMessageRequest(String encodedMessage) {
    }

    record DecodeAuthorizationMessageResult(String decodedMessage) {
    }

    record GetCallerIdentityRequest() {
    }

    record GetCallerIdentityResult(String userId, String account, String arn) {
    }
}
