package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The SigV4 authentication of a request, syntactically valid and within its time window (checks
 * 1 to 10 of the AWS error ordering passed). The server resolves {@link #accessKeyId()} and
 * {@link #sessionToken()} next, then hands the secret to {@link SignatureVerifier}.
 *
 * @param form          header or query (presigned) authentication
 * @param accessKeyId   first element of the credential
 * @param scope         the rest of the credential; region is as the client chose it
 * @param signedHeaders the headers the client signed
 * @param signature     the signature as sent (normally 64 lower-case hex digits)
 * @param timestamp     the request time as it goes into the string to sign ({@code yyyyMMdd'T'HHmmss'Z'})
 * @param requestTime   the same as an instant
 * @param sessionToken  {@code X-Amz-Security-Token} from the header (header form) or query (query form)
 * @param expiresIn     {@code X-Amz-Expires} of a presigned URL, if given
 */
public record ParsedSignature(
        AuthForm form,
        String accessKeyId,
        CredentialScope scope,
        SignedHeaders signedHeaders,
        String signature,
        String timestamp,
        Instant requestTime,
        Optional<String> sessionToken,
        Optional<Duration> expiresIn) {

    public ParsedSignature {
        requireNonNull(form, "form is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(scope, "scope is null");
        requireNonNull(signedHeaders, "signedHeaders is null");
        requireNonNull(signature, "signature is null");
        requireNonNull(timestamp, "timestamp is null");
        requireNonNull(requestTime, "requestTime is null");
        requireNonNull(sessionToken, "sessionToken is null");
        requireNonNull(expiresIn, "expiresIn is null");
    }
}
