package io.charter.server.s3;

import io.charter.policy.ContextValue;
import io.charter.server.auth.Authenticator;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.sigv4.AuthForm;
import io.charter.sigv4.Header;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SignableRequest;
import io.helidon.webserver.http.ServerRequest;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Authenticates an S3 request as S3 does: SigV4 in the header (the body's declared hash required) or
 * presigned, a presigned URL of signature version 2, or none (anonymous); errors become S3's
 * ({@link S3Errors}). Also the condition keys about the signature. Thread-safe.
 */
final class S3Authenticator {
    private final Authenticator authenticator;

    /** @param authenticator an authenticator for the signing name {@code s3}, paths as S3 reads them */
    S3Authenticator(Authenticator authenticator) {
        this.authenticator = authenticator;
    }

    Authentication authenticate(ServerRequest request, String method, String rawQuery, List<Header> lines,
            Map<String, String> headers, IdentitySnapshot snapshot, Instant now, String resourcePath) {
        String authorization = headers.get("authorization");
        boolean presigned = authorization == null && rawQuery.contains("X-Amz-Credential=");
        if (authorization == null && !presigned) {
            if (rawQuery.contains(S3SignatureV2.SIGNATURE) || rawQuery.contains(S3SignatureV2.ACCESS_KEY_ID)) {
                List<S3SignatureV2.Parameter> query = S3SignatureV2.parameters(rawQuery);
                if (S3SignatureV2.isPresigned(query)) {
                    return authenticateV2(S3SignatureV2.of(method, resourcePath, query, lines, now), snapshot);
                }
            }
            if (rawQuery.contains("X-Amz-Signature=") || rawQuery.contains("Signature=")) {
                throw new ServiceException(AwsErrorCode.AUTHORIZATION_QUERY_PARAMETERS_ERROR,
                        "Query-string authentication version 4 requires the X-Amz-Algorithm, X-Amz-Credential, "
                                + "X-Amz-Signature, X-Amz-Date, X-Amz-SignedHeaders, and X-Amz-Expires parameters.");
            }
            String declared = headers.getOrDefault("x-amz-content-sha256", Payload.UNSIGNED_PAYLOAD);
            return new Authentication(Optional.empty(), Optional.empty(), declared, S3Endpoint.DEFAULT_REGION,
                    Map.of());
        }
        if (authorization != null && authorization.startsWith("AWS ")) {
            throw new ServiceException(AwsErrorCode.INVALID_REQUEST,
                    "The authorization mechanism you have provided is not supported. Please use AWS4-HMAC-SHA256.");
        }
        String declared;
        if (presigned) {
            declared = Payload.UNSIGNED_PAYLOAD;
        } else {
            declared = headers.get("x-amz-content-sha256");
            if (declared == null) {
                throw new ServiceException(AwsErrorCode.INVALID_REQUEST,
                        "Missing required header for this request: x-amz-content-sha256");
            }
        }
        Payload payload;
        try {
            payload = Payload.ofSha256Hex(declared.strip());
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AwsErrorCode.INVALID_ARGUMENT,
                    "x-amz-content-sha256 must be UNSIGNED-PAYLOAD, STREAMING-UNSIGNED-PAYLOAD-TRAILER, "
                            + "STREAMING-AWS4-HMAC-SHA256-PAYLOAD, STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER or a "
                            + "valid sha256 value.");
        }
        SignableRequest signable = new SignableRequest(method, request.path().rawPath(), rawQuery, lines, payload);
        ParsedSignature signature;
        try {
            signature = authenticator.parse(signable, now);
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, presigned, false);
        }
        try {
            Authenticator.Verified verified = authenticator.verify(signature, signable, snapshot);
            return new Authentication(Optional.of(verified), Optional.of(signature), declared.strip(),
                    signature.scope().region(), signatureKeys(signature, declared.strip(), now));
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, signature.form() == AuthForm.QUERY, signature.sessionToken().isPresent());
        }
    }

    /** A presigned URL of signature version 2: its key resolved as SigV4's, its signature checked with the key's secret. */
    private Authentication authenticateV2(S3SignatureV2 signature, IdentitySnapshot snapshot) {
        try {
            Authenticator.Verified verified = authenticator.verifyWithSecret(signature.accessKeyId(),
                    signature.sessionToken(), snapshot, "s3", S3Endpoint.DEFAULT_REGION, signature::isSignedWith);
            return new Authentication(Optional.of(verified), Optional.empty(), Payload.UNSIGNED_PAYLOAD,
                    S3Endpoint.DEFAULT_REGION, S3SignatureV2.conditionKeys());
        } catch (ServiceException e) {
            throw S3Errors.ofAuthentication(e, true, signature.sessionToken().isPresent());
        }
    }

    /**
     * S3's condition keys about the signature: {@code s3:authType}, {@code s3:signatureversion},
     * {@code s3:signatureAge} (milliseconds since it was made) and {@code s3:x-amz-content-sha256}.
     */
    private static Map<String, ContextValue> signatureKeys(ParsedSignature signature, String declared, Instant now) {
        Map<String, ContextValue> keys = new LinkedHashMap<>();
        keys.put("s3:authType", ContextValue.string(signature.form() == AuthForm.QUERY ? "REST-QUERY-STRING"
                : "REST-HEADER"));
        keys.put("s3:signatureversion", ContextValue.string("AWS4-HMAC-SHA256"));
        keys.put("s3:signatureAge", ContextValue.number(Math.max(0,
                now.toEpochMilli() - signature.requestTime().toEpochMilli())));
        keys.put("s3:x-amz-content-sha256", ContextValue.string(declared));
        return Map.copyOf(keys);
    }
}
