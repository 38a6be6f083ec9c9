package io.charter.server.domain;

import io.charter.server.store.ChangeNotifications;
import io.charter.server.token.TokenKeys;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;

/**
 * Keeps this node in step with others sharing the store: every change to the authorization
 * state advances the store's generation in its own transaction; when the generation moved past
 * the one this node's snapshot was built from, the snapshot is rebuilt and the session-token
 * keyring reread. A node reads its own writes at once. On PostgreSQL, other nodes' writes are
 * announced when they commit ({@link ChangeNotifications}) and followed at once; the store is also
 * read every {@link #INTERVAL}, which catches up whatever a notification missed (on SQLite, that is
 * how nodes sharing the file follow each other).
 *
 * <p>Thread-safe: the directory serialises its updates.
 */
public final class StoreFollower implements Runnable, ChangeNotifications.Listener {
    /** How often the store's generation is read. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private static final Logger LOG = Logger.getLogger(StoreFollower.class.getName());

    private final Directory directory;
    private final TokenKeys tokenKeys;
    /** Whether the last look failed: a failure is logged when it starts and when it ends, not every second. */
    private final AtomicBoolean failing = new AtomicBoolean();

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
            if (failing.compareAndSet(true, false)) {
                LOG.info("following the store again");
            }
        } catch (RuntimeException e) {
            // The directory refuses requests while its snapshot may be stale, or serves it for the
            // bounded staleness while the store is away; the next look retries.
            if (failing.compareAndSet(false, true)) {
                LOG.warning("following the store failed; retrying every " + INTERVAL.toSeconds() + " s: "
                        + e.getClass().getName());
            }
        }
    }

    /** Another node's write was announced, or the announcements may have been missed: look now. */
    @Override
    public void storeMayHaveChanged() {
        run();
    }
}
