package io.charter.server.s3;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authenticator;
import io.charter.server.auth.Caller;
import io.charter.sigv4.ParsedSignature;
import java.util.Map;
import java.util.Optional;

/**
 * Who sent an S3 request (empty for an anonymous one), how, and the key its body's chunks are
 * signed with.
 *
 * @param verified the caller and signing key, absent for an anonymous request
 * @param signature the SigV4 signature, absent for an anonymous or SigV2 request
 * @param declaredPayload the body's declared hash ({@code x-amz-content-sha256}, or {@code UNSIGNED-PAYLOAD})
 * @param region the region the request was signed for
 * @param keys S3's condition keys about the signature
 */
record Authentication(Optional<Authenticator.Verified> verified, Optional<ParsedSignature> signature,
        String declaredPayload, String region, Map<String, ContextValue> keys) {
    Optional<Caller> caller() {
        return verified.map(Authenticator.Verified::caller);
    }
}
