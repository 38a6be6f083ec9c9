package io.charter.server.auth;

import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Credential;
import io.charter.server.identity.Directory;
import io.charter.server.identity.Principal;
import io.charter.server.protocol.AwsErrorCode;
import io.charter.server.protocol.ServiceException;
import io.charter.sigv4.ParsedSignature;
import io.charter.sigv4.SigV4Exception;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SignatureParser;
import io.charter.sigv4.SignatureVerifier;
import io.charter.sigv4.SigningKeyCache;
import io.charter.sigv4.VerifierSettings;
import java.time.Instant;

/**
 * Authenticates a signed request in AWS's order (§2.4 of the reference): the signature's form,
 * time and scope first, then the access key, then the signature itself. A request that carries a
 * session token is refused with {@code InvalidClientTokenId} until session tokens exist: nothing
 * this server minted can be presented yet, so nothing opens (fail closed).
 *
 * <p>Thread-safe; reads only the directory's snapshot.
 */
public final class Authenticator {
    static final String INVALID_KEY = "The security token included in the request is invalid.";
    static final String INVALID_TOKEN = "The security token included in the request is invalid";

    private final Directory directory;
    private final VerifierSettings settings;
    private final SignatureVerifier verifier;

    public Authenticator(Directory directory, VerifierSettings settings, SigningKeyCache keyCache) {
        this.directory = directory;
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

    /** Resolves the key and verifies the signature (steps 11 and 12). */
    public Caller authenticate(ParsedSignature signature, SignableRequest request) {
        if (signature.sessionToken().isPresent()) {
            throw new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_TOKEN);
        }
        Credential credential = directory.snapshot().credential(signature.accessKeyId())
                .filter(c -> c.key().status() == AccessKeyStatus.Active)
                .orElseThrow(() -> new ServiceException(AwsErrorCode.INVALID_CLIENT_TOKEN_ID, INVALID_KEY));
        try {
            verifier.verify(signature, request, credential.key().secret());
        } catch (SigV4Exception e) {
            throw map(e);
        }
        Principal principal = credential.principal();
        String userId = switch (principal.kind()) {
            case ROOT -> principal.accountId();
            case USER, ROLE -> principal.uniqueId();
        };
        return new Caller(principal.accountId(), principal.arn(), userId, principal.kind(),
                credential.key().id().value());
    }

    private static ServiceException map(SigV4Exception e) {
        AwsErrorCode code = AwsErrorCode.fromCode(e.code().name())
                .orElseThrow(() -> new IllegalStateException("no AWS error code for " + e.code()));
        return new ServiceException(code, e.getMessage());
    }
}
