package io.charter.server.domain;

import io.charter.server.store.RevokedSessionRepository;
import io.charter.server.token.Keyring;
import java.time.Instant;
import io.charter.server.identity.RevokedSession;

/**
 * Sessions revoked one by one by their temporary access key id (beyond AWS), on every node sharing
 * the store: each node refuses a revoked session from its next snapshot. Thread-safe.
 */
public final class SessionRevocations {
    private final Directory directory;

    public SessionRevocations(Directory directory) {
        this.directory = directory;
    }

    /**
     * Revokes one session, keeping the revocation until no session issued before now can still be
     * valid ({@link Keyring#MAX_SESSION}). Revoking again keeps the first revocation; returns the
     * revocation as stored.
     */
    public RevokedSession revoke(String accessKeyId, String accountId) {
        Instant now = directory.clock().instant();
        return directory.write((c, store) -> {
            store.revocations().prune(c, now);
            store.revocations().insert(c, new RevokedSession(accessKeyId, accountId, now,
                    now.plus(Keyring.MAX_SESSION)));
            return store.revocations().find(c, accessKeyId).orElseThrow();
        });
    }
}
