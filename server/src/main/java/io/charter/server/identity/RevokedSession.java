package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.time.Instant;

/**
 * A session revoked one by one (beyond AWS), by its temporary access key id.
 *
 * @param accessKeyId the session's {@code ASIA…} key id
 * @param accountId the session's account
 * @param revokedAt when it was first revoked
 * @param keepUntil when the revocation may be forgotten: no session issued before it was revoked is valid by then
 */
public record RevokedSession(String accessKeyId, String accountId, Instant revokedAt, Instant keepUntil) {
    public RevokedSession {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(accountId, "accountId is null");
        requireNonNull(revokedAt, "revokedAt is null");
        requireNonNull(keepUntil, "keepUntil is null");
    }
}
