package io.charter.server.metadata;

import static java.util.Objects.requireNonNull;

import java.time.Duration;
import java.time.Instant;

/**
 * Temporary credentials of a role, as the server issued them ({@code lastUpdated} is when).
 * {@link #toString()} shows the access key id only.
 */
public record RoleCredentials(String accessKeyId, String secretAccessKey, String sessionToken, Instant expiration,
        Instant lastUpdated) {
    public RoleCredentials {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(sessionToken, "sessionToken is null");
        requireNonNull(expiration, "expiration is null");
        requireNonNull(lastUpdated, "lastUpdated is null");
    }

    /** Whether they may still be handed out: never once expired. */
    public boolean validAt(Instant now) {
        return now.isBefore(expiration);
    }

    /**
     * Whether the agent should ask for new ones: once less than a third of their lifetime remains
     * (2 h before the end of the default 6-hour session, 20 s before the end of a 60-second one).
     * That is well before EC2's own mark, which makes new credentials available at least 5 minutes
     * before the old expire and before the 5 to 15 minutes the AWS SDKs refresh ahead; and it
     * leaves a third of the lifetime to ride out a server that cannot be reached.
     */
    public boolean dueForRenewalAt(Instant now) {
        Duration lifetime = Duration.between(lastUpdated, expiration);
        return !now.isBefore(expiration.minus(lifetime.dividedBy(3)));
    }

    @Override
    public String toString() {
        return "RoleCredentials[accessKeyId=" + accessKeyId + ", expiration=" + expiration + "]";
    }
}
