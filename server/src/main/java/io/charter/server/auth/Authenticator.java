package io.charter.server.auth;

import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.token.InvalidTokenException;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionTokenCodec;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.SigV4Exception;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SignatureParser;
import io.charter.sigv4.SignatureVerifier;
import io.charter.sigv4.SigningKey;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;

/**
 * Authenticates a signed request in AWS's order (§2.4 of the reference): the signature's form,
 * time and scope first, then the credentials, then the signature itself. Long-term keys are
 * looked up in the request's snapshot; temporary keys are proved by their session token, which
 * carries its own secret and opens without a store read. A token that does not open, or opens for
 * another key, or whose session was revoked, is {@code InvalidClientTokenId}; an expired one is
 * {@code ExpiredToken}.
 *
 * <p>Thread-safe; reads only immutable state.
 */
public final class Authenticator {
    static final String INVALID_KEY = "The security token included in the request is invalid.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid";

    static final String EXPIRED_TOKEN = "The security token included in the request is expired";

    private final UsageTracker usage;
    private final SessionTokenCodec tokens;
    private final Clock clock;
    private final VerifierSettings settings;
    private final SignatureVerifier verifier;

    public Authenticator(SessionTokenCodec tokens, Clock clock, VerifierSettings settings, SigningKeyCache keyCache,
            UsageTracker usage) {
        this.usage = usage;
        this.tokens = tokens;
        this.clock = clock;
        this.settings = settings;
        this.verifier = new SignatureVerifier(settings, keyCache);
    }

    /** The parsed signature of a request (steps 1 to 10), for the service in its scope. */
    public ParsedSignature parse(SignableRequest request, Instant now) {
        try {
            return SignatureParser.parse(request, now, settings);
        } catch (SigV4Exception e) {
            throw map(e);
        }
    }

    /**
     * Resolves the credentials and verifies the signature (steps 11 and 12): a long-term key is
     * looked up in {@code snapshot}, the request's pinned state, which also says whether a session
     * was revoked.
     */
    public Caller authenticate(ParsedSignature signature, SignableRequest request, IdentitySnapshot snapshot) {
        return verify(signature, request, snapshot).caller();
    }

    /**
     * A verified request's caller, and the key its signature was made with: the chunks of an
     * {@code aws-chunked} body are signed with it, each chaining on the signature before it.
     *
     * @param caller who signed the request
     * @param signingKey the key of the request's scope; left out of {@link #toString()}
     */
    public record Verified(Caller caller, SigningKey signingKey) {
        @Override
        public String toString() {
            return "Verified[" + caller + "]";
        }
    }

    /** As {@link #authenticate}, with the signing key the request was verified with. */
    public Verified verify(ParsedSignature signature, SignableRequest request, IdentitySnapshot snapshot) {
        if (signature.sessionToken().isPresent()) {
            SessionClaims claims = openSession(signature.sessionToken().get(), signature.accessKeyId(), snapshot);
            SigningKey key = verify(signature, request, claims.secretAccessKey());
            if (claims.kind() == SessionKind.ASSUMED_ROLE) {
                usage.record(claims.principalId(), clock.instant(), signature.scope().service(), signature.scope().region());
            }
            return new Verified(Caller.ofSession(claims), key);
        }
        Credential credential = snapshot.credential(signature.accessKeyId())
                .filter(c -> c.key().status() == AccessKeyStatus.Active)
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_KEY));
        SigningKey key = verify(signature, request, credential.key().secret());
        usage.record(credential.key().id().value(), clock.instant(), signature.scope().service(), signature.scope().region());
        Identity principal = credential.principal();
        String userId = switch (principal.kind()) {
            case ROOT -> principal.accountId();
            case USER, ROLE -> principal.uniqueId();
        };
        return new Verified(new Caller(principal.accountId(), principal.arn(), userId, principal.kind(),
                credential.key().id().value(), Optional.empty()), key);
    }

    private SessionClaims openSession(String token, String accessKeyId, IdentitySnapshot snapshot) {
        SessionClaims claims;
        try {
            claims = tokens.open(token, accessKeyId);
        } catch (InvalidTokenException e) {
            throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_TOKEN);
        }
        if (claims.isExpiredAt(clock.instant())) {
            throw new ServiceException(AwsErrorCode.EXPIRED_TOKEN, EXPIRED_TOKEN);
        }
        if (snapshot.isRevokedSession(accessKeyId)) {
            // Revoked one by one (beyond AWS): the session is as invalid as a token that does not open.
            throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_TOKEN);
        }
        return claims;
    }

    private SigningKey verify(ParsedSignature signature, SignableRequest request, String secret) {
        try {
            return verifier.verify(signature, request, secret);
        } catch (SigV4Exception e) {
            throw map(e);
        }
    }

    private static ServiceException map(SigV4Exception e) {
        AwsErrorCode code = switch (e.code()) {
            case MissingAuthenticationToken -> AwsErrorCode.MISSING_AUTHENTICATION_TOKEN;
            case IncompleteSignature -> AwsErrorCode.INCOMPLETE_SIGNATURE;
            case MalformedQueryString -> AwsErrorCode.MALFORMED_QUERY_STRING;
            case SignatureDoesNotMatch -> AwsErrorCode.SIGNATURE_DOES_NOT_MATCH;
            case RequestExpired -> AwsErrorCode.REQUEST_EXPIRED;
        };
        return new ServiceException(code, e.getMessage());
    }
}
