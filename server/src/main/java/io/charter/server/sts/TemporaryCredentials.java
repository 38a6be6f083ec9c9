package io.charter.server.sts;

import io.charter.server.token.SessionClaims;
import io.charter.server.token.SessionKind;
import io.charter.server.token.SessionMint;
import io.charter.server.token.SessionTag;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * STS's temporary credentials, minted by {@link SessionMint}.
 *
 * <p>Thread-safe.
 */
public final class TemporaryCredentials {
    private final SessionMint mint;

    public TemporaryCredentials(SessionMint mint) {
        this.mint = mint;
    }

    /** What a new session is, before it has its key pair. */
    record Session(SessionKind kind, String accountId, String principalArn, String principalId, String sessionName,
            Instant issuedAt, Instant expiresAt, Optional<String> sourceIdentity, Optional<String> sessionPolicy,
            List<String> policyArns, List<SessionTag> tags, List<String> transitiveTagKeys,
            Optional<Instant> mfaAuthenticatedAt, boolean chained) {
    }

    /** The credentials of the new session. */
    StsMessages.Credentials mint(Session session) {
        SessionMint.Minted minted = mint.mint(session.accountId(), (keyId, secret) -> new SessionClaims(keyId, secret,
                session.kind(), session.accountId(), session.principalArn(), session.principalId(),
                session.sessionName(), session.issuedAt(), session.expiresAt(), session.sourceIdentity(),
                session.sessionPolicy(), session.policyArns(), session.tags(), session.transitiveTagKeys(),
                session.mfaAuthenticatedAt(), session.chained()));
        SessionClaims claims = minted.claims();
        return new StsMessages.Credentials(claims.accessKeyId(), claims.secretAccessKey(), minted.sessionToken(),
                claims.expiresAt());
    }
}
