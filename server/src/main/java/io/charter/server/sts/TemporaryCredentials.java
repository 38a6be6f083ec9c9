package io.charter.server.sts;

import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionTag;
import io.charter.server.token.SessionTokenCodec;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Mints temporary credentials: a fresh {@code ASIA…} key id (carrying the account, as AWS's do), a
 * secret, and the session token sealing everything about the session. Nothing is stored.
 *
 * <p>Thread-safe.
 */
public final class TemporaryCredentials {
    private final SessionTokenCodec tokens;
    private final RandomGenerator random;

    public TemporaryCredentials(SessionTokenCodec tokens, RandomGenerator random) {
        this.tokens = tokens;
        this.random = random;
    }

    /** What a new session is, before it has its key pair. */
    record Session(SessionKind kind, String accountId, String principalArn, String principalId, String sessionName,
            Instant issuedAt, Instant expiresAt, Optional<String> sourceIdentity, Optional<String> sessionPolicy,
            List<String> policyArns, List<SessionTag> tags, List<String> transitiveTagKeys,
            Optional<Instant> mfaAuthenticatedAt, boolean chained) {
    }

    /** The credentials of the new session. */
    StsMessages.Credentials mint(Session session) {
        SessionClaims claims = new SessionClaims(
                AccessKeyId.mint(AccessKeyId.Kind.TEMPORARY, session.accountId(), random).value(),
                SecretAccessKey.mint(random), session.kind(), session.accountId(), session.principalArn(),
                session.principalId(), session.sessionName(), session.issuedAt(), session.expiresAt(),
                session.sourceIdentity(), session.sessionPolicy(), session.policyArns(), session.tags(),
                session.transitiveTagKeys(), session.mfaAuthenticatedAt(), session.chained());
        return new StsMessages.Credentials(claims.accessKeyId(), claims.secretAccessKey(), tokens.seal(claims),
                claims.expiresAt());
    }
}
