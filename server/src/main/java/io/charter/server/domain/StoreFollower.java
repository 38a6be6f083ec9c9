package io.charter.server.domain;

import io.charter.server.domain.Directory;
import io.charter.server.token.TokenKeys;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Keeps this node in step with others sharing the store: every change to the authorization
 * state advances the store's generation in its own transaction; when the generation moved past
 * the one this node's snapshot was built from, the snapshot is rebuilt and the session-token
 * keyring reread. A node reads its own writes at once; other nodes see them within
 * {@link #INTERVAL} (plus the rebuild).
 *
 * <p>Thread-safe.
 */
public final class StoreFollower implements Runnable {
    /** How often the store's generation is read. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(StoreFollower.class.getName());

    private final Directory directory;
    private final TokenKeys tokenKeys;

    public StoreFollower(Directory directory, TokenKeys tokenKeys) {
        this.directory = directory;
        this.tokenKeys = tokenKeys;
    }

    /** Catches up with the store now; returns whether anything changed since the last time. */
    public boolean follow() {
        if (!directory.followStore()) {
            return false;
        }
        tokenKeys.reload();
        return true;
    }

    @Override
    public void run() {
        try {
            follow();
        } catch (RuntimeException e) {
            // The directory refuses requests while its snapshot may be stale; the next run retries.
            LOG.warning("following the store failed; retrying in " + INTERVAL.toSeconds() + " s: " + e.getClass().getName());
        }
    }
}
