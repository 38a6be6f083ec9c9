package io.charter.server.auth;

import io.charter.server.domain.Instances;
import io.charter.server.domain.UsageTracker;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.Instance;
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
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

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
    static final String SIGNATURE_MISMATCH = "The request signature we calculated does not match the signature you "
            + "provided. Check your AWS Secret Access Key and signing method. Consult the service documentation "
            + "for details.";

    private final UsageTracker usage;
    private final SessionTokenCodec tokens;
    private final Clock clock;
    private final VerifierSettings settings;
    private final SignatureVerifier verifier;

    /** Store reads for instance credentials at once, at most (see {@link #instanceKey}). */
    static final int INSTANCE_LOOKUPS = 2;

    private final Optional<Instances> instances;
    private final Semaphore instanceLookups = new Semaphore(INSTANCE_LOOKUPS);

    public Authenticator(SessionTokenCodec tokens, Clock clock, VerifierSettings settings, SigningKeyCache keyCache,
            UsageTracker usage) {
        this(tokens, clock, settings, keyCache, usage, Optional.empty());
    }

    /**
     * @param instances where registered instances' own credentials ({@code ACCA…}) are found; an
     *     authenticator without it refuses them like any unknown key (the S3 endpoint's, the
     *     forwarded requests')
     */
    public Authenticator(SessionTokenCodec tokens, Clock clock, VerifierSettings settings, SigningKeyCache keyCache,
            UsageTracker usage, Optional<Instances> instances) {
        this.instances = instances;
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
     * A verified request's caller, and the key its SigV4 signature was made with: the chunks of an
     * {@code aws-chunked} body are signed with it, each chaining on the signature before it.
     *
     * @param caller who signed the request
     * @param signingKey the key of the request's scope, absent for a signature of another kind (S3's
     *     signature version 2); left out of {@link #toString()}
     */
    public record Verified(Caller caller, Optional<SigningKey> signingKey) {
        @Override
        public String toString() {
            return "Verified[" + caller + "]";
        }
    }

    /** As {@link #authenticate}, with the signing key the request was verified with. */
    public Verified verify(ParsedSignature signature, SignableRequest request, IdentitySnapshot snapshot) {
        Key key = resolve(signature.accessKeyId(), signature.sessionToken(), snapshot);
        SigningKey signingKey = verify(signature, request, key.secret());
        key.recordUse(usage, clock.instant(), signature.scope().service(), signature.scope().region());
        return new Verified(key.caller(), Optional.of(signingKey));
    }

    /**
     * Resolves an access key as {@link #verify} does (a long-term key from {@code snapshot}, a
     * temporary one by opening {@code sessionToken}) and verifies a signature that is not SigV4:
     * {@code signedBy} is given the key's secret and says whether the request was signed with it.
     * The secret never leaves this call. A use is recorded, as for SigV4, for {@code service} in
     * {@code region}.
     *
     * @throws ServiceException {@code InvalidClientTokenId} or {@code ExpiredToken} for the key or its
     *     token, {@code SignatureDoesNotMatch} when {@code signedBy} refuses
     */
    public Verified verifyWithSecret(String accessKeyId, Optional<String> sessionToken, IdentitySnapshot snapshot,
            String service, String region, Predicate<String> signedBy) {
        Key key = resolve(accessKeyId, sessionToken, snapshot);
        if (!signedBy.test(key.secret())) {
            throw new ServiceException(AwsErrorCode.SIGNATURE_DOES_NOT_MATCH, SIGNATURE_MISMATCH);
        }
        key.recordUse(usage, clock.instant(), service, region);
        return new Verified(key.caller(), Optional.empty());
    }

    /**
     * An access key resolved to its caller and secret.
     *
     * @param usedBy what a use of the key is recorded against (the long-term key, or an assumed
     *     role); absent for a federated session
     */
    private record Key(Caller caller, String secret, Optional<String> usedBy) {
        void recordUse(UsageTracker usage, Instant at, String service, String region) {
            usedBy.ifPresent(id -> usage.record(id, at, service, region));
        }

        @Override
        public String toString() {
            return "Key[" + caller + "]";
        }
    }

    private Key resolve(String accessKeyId, Optional<String> sessionToken, IdentitySnapshot snapshot) {
        if (sessionToken.isPresent()) {
            SessionClaims claims = openSession(sessionToken.get(), accessKeyId, snapshot);
            return new Key(Caller.ofSession(claims), claims.secretAccessKey(),
                    claims.kind() == SessionKind.ASSUMED_ROLE ? Optional.of(claims.principalId()) : Optional.empty());
        }
        if (instances.isPresent() && new AccessKeyId(accessKeyId).kind() == AccessKeyId.Kind.INSTANCE) {
            return instanceKey(instances.get(), accessKeyId, snapshot);
        }
        Credential credential = snapshot.credential(accessKeyId)
                .filter(c -> c.key().status() == AccessKeyStatus.Active)
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_KEY));
        Identity principal = credential.principal();
        String userId = switch (principal.kind()) {
            case ROOT -> principal.accountId();
            case USER, ROLE -> principal.uniqueId();
            case INSTANCE -> throw new IllegalStateException("an instance holds no access key");
        };
        return new Key(new Caller(principal.accountId(), principal.arn(), userId, principal.kind(),
                credential.key().id().value(), Optional.empty()), credential.key().secret(),
                Optional.of(credential.key().id().value()));
    }

    /**
     * A registered instance's own credential, read from the store (so a deregistered instance's is
     * refused at once on every node); the store unreachable refuses it too. Before the store is
     * asked, the account the key id encodes must exist, and at most {@link #INSTANCE_LOOKUPS} reads
     * run at once: requests with made-up instance keys cannot take the store's connections from
     * everything else (they wait a moment, then get {@code ServiceUnavailable}).
     */
    private Key instanceKey(Instances instances, String accessKeyId, IdentitySnapshot snapshot) {
        Optional<String> account = new AccessKeyId(accessKeyId).accountId();
        if (account.isEmpty() || !snapshot.principals().containsKey(account.get())) {
            throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_KEY);
        }
        Instances.Credential credential;
        try {
            if (!instanceLookups.tryAcquire(1, TimeUnit.SECONDS)) {
                throw new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE,
                        "Too many instance credentials are being checked at once; retry.");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "Interrupted while checking the credential.");
        }
        try {
            credential = instances.credential(accessKeyId)
                    .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_KEY));
        } finally {
            instanceLookups.release();
        }
        Instance instance = credential.instance();
        return new Key(new Caller(instance.accountId(), instance.arn(), instance.instanceId(), IdentityKind.INSTANCE,
                accessKeyId, Optional.empty()), credential.secretAccessKey(), Optional.empty());
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
