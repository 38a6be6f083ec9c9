package io.charter.server.auth;

import static java.util.Objects.requireNonNull;

import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.sigv4.Header;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.Payload;
import io.charter.server.token.SessionTokenCodec;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Authenticates a request another service received and forwards ({@code charter:Authorize}), as
 * Charter authenticates its own ({@link Authenticator}, AWS's order): the signature's form, time and
 * scope, the key in the pinned snapshot or the session token, the signature. The request is signed
 * for the forwarding service, so the scope may name any service, and must name the one the caller
 * expects. Only the body's hash is known.
 *
 * <p>A request that does not authenticate is an answer, not a failure: {@link NotAuthenticated}
 * with the code and message Charter would have answered it. Anything else (the store away) is
 * thrown as usual. Thread-safe.
 */
public final class ForwardedAuthentication {
    /** The errors that mean the request did not authenticate. */
    private static final Set<AwsErrorCode> AUTHENTICATION_ERRORS = Set.of(
            AwsErrorCode.MISSING_AUTHENTICATION_TOKEN, AwsErrorCode.INCOMPLETE_SIGNATURE,
            AwsErrorCode.MALFORMED_QUERY_STRING, AwsErrorCode.SIGNATURE_DOES_NOT_MATCH, AwsErrorCode.REQUEST_EXPIRED,
            AwsErrorCode.INVALID_CLIENT_TOKEN_ID, AwsErrorCode.EXPIRED_TOKEN);

    /** For services that normalize the path before checking the signature (every AWS service but S3). */
    private final Authenticator normalizing;
    /** For services whose clients sign the path as sent (S3). */
    private final Authenticator literal;

    /**
     * Authenticators over the same tokens, clock, signing keys and usage records as Charter's own
     * requests, whose verifiers accept any service in the scope.
     */
    public ForwardedAuthentication(SessionTokenCodec tokens, Clock clock, SigningKeyCache signingKeys,
            UsageTracker usage) {
        VerifierSettings anyService = VerifierSettings.forAnyService();
        this.normalizing = new Authenticator(tokens, clock, anyService, signingKeys, usage);
        this.literal = new Authenticator(tokens, clock, anyService.withNormalizePath(false), signingKeys, usage);
    }

    /**
     * A forwarded request, as its service received it.
     *
     * @param method the HTTP method
     * @param path the path exactly as received, still percent-encoded
     * @param query the query string exactly as received, without {@code ?}; empty for none
     * @param headers the header lines in arrival order
     * @param payloadHash the lower-case hex SHA-256 of the body, or {@code UNSIGNED-PAYLOAD}
     * @param normalizePath whether the service normalizes the path before checking the signature
     *     (every AWS service but S3)
     */
    public record ForwardedRequest(String method, String path, String query, List<HeaderLine> headers,
            String payloadHash, boolean normalizePath) {
        public ForwardedRequest {
            requireNonNull(method, "method is null");
            requireNonNull(path, "path is null");
            requireNonNull(query, "query is null");
            headers = List.copyOf(headers);
            requireNonNull(payloadHash, "payloadHash is null");
        }
    }

    /** One header line; its value is left out of {@link #toString()} (a signature, a session token). */
    public record HeaderLine(String name, String value) {
        public HeaderLine {
            requireNonNull(name, "name is null");
            requireNonNull(value, "value is null");
        }

        @Override
        public String toString() {
            return "HeaderLine[" + name + "]";
        }
    }

    /** What authenticating a forwarded request found. */
    public sealed interface Result permits Authenticated, NotAuthenticated {
    }

    /**
     * The request authenticated.
     *
     * @param caller who signed it
     * @param region the region it was signed for ({@code aws:RequestedRegion})
     */
    public record Authenticated(Caller caller, String region) implements Result {
        public Authenticated {
            requireNonNull(caller, "caller is null");
            requireNonNull(region, "region is null");
        }
    }

    /** The request did not authenticate: the error Charter (and AWS) would answer it with. */
    public record NotAuthenticated(AwsErrorCode code, String message) implements Result {
        public NotAuthenticated {
            requireNonNull(code, "code is null");
            requireNonNull(message, "message is null");
        }
    }

    /**
     * Authenticates {@code request} at {@code now} against {@code snapshot}, the calling request's
     * pinned state.
     *
     * @param signingName the service the request must be signed for
     * @throws ServiceException {@code ValidationException} for a payload hash that is not one; any
     *     failure that is not the forwarded request's
     */
    public Result authenticate(ForwardedRequest request, String signingName, IdentitySnapshot snapshot, Instant now) {
        SignableRequest signable = signable(request);
        Authenticator anyService = request.normalizePath() ? normalizing : literal;
        try {
            ParsedSignature signature = anyService.parse(signable, now);
            if (!signature.scope().service().equals(signingName)) {
                // The parser's wording for a scope naming a service that is not this one.
                return new NotAuthenticated(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH,
                        "Credential should be scoped to correct service: '" + signature.scope().service() + "'. ");
            }
            Caller caller = anyService.authenticate(signature, signable, snapshot);
            return new Authenticated(caller, signature.scope().region());
        } catch (ServiceException e) {
            if (!AUTHENTICATION_ERRORS.contains(e.errorCode())) {
                throw e;
            }
            return new NotAuthenticated(e.errorCode(), e.getMessage());
        }
    }

    private static SignableRequest signable(ForwardedRequest request) {
        Payload payload;
        try {
            payload = Payload.ofSha256Hex(request.payloadHash());
        } catch (IllegalArgumentException e) {
            throw new ServiceException(AwsErrorCode.VALIDATION_EXCEPTION,
                    "PayloadHash must be the 64 lower-case hex digits of the body's SHA-256, or "
                            + Payload.UNSIGNED_PAYLOAD + ".");
        }
        List<Header> headers = new ArrayList<>(request.headers().size());
        for (HeaderLine line : request.headers()) {
            headers.add(new Header(line.name(), line.value()));
        }
        return new SignableRequest(request.method(), request.path(), request.query(), headers, payload);
    }
}
