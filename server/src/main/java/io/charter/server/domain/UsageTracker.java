package io.charter.server.domain;

import io.charter.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import io.charter.server.identity.LastUsed;

/**
 * Remembers when access keys and roles were last used (GetAccessKeyLastUsed, GetRole's
 * RoleLastUsed). The request path only writes a map entry; a background task writes what changed
 * to the store every few seconds, and {@link #close} writes the rest, so a restart keeps it. Like
 * AWS's, the figure is approximate: a crash loses at most the last few seconds.
 *
 * <p>Thread-safe.
 */
public final class UsageTracker implements AutoCloseable {
    private static final long FLUSH_SECONDS = 5;

    private final Database database;
    private final Map<String, LastUsed> lastUsed = new ConcurrentHashMap<>();
    private final Map<String, LastUsed> dirty = new ConcurrentHashMap<>();
    private final ScheduledExecutorService flusher;

    @SuppressWarnings("FutureReturnValueIgnored") // flush() catches its own failures and retries them
    public UsageTracker(Database database) {
        this.database = database;
        database.withHandle(c -> {
            try (PreparedStatement query = c.prepareStatement("SELECT entity_id, used_at, service, region FROM last_used");
                    ResultSet r = query.executeQuery()) {
                while (r.next()) {
                    lastUsed.put(r.getString(1), new LastUsed(Instant.parse(r.getString(2)), r.getString(3), r.getString(4)));
                }
            }
            return null;
        });
        this.flusher = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "charter-usage-flush");
            thread.setDaemon(true);
            return thread;
        });
        flusher.scheduleWithFixedDelay(this::flush, FLUSH_SECONDS, FLUSH_SECONDS, TimeUnit.SECONDS);
    }

    /** Records a use of a long-term access key, or of a role (keyed by its unique id). */
    public void record(String entityId, Instant at, String service, String region) {
        LastUsed before = lastUsed.get(entityId);
        if (before != null && before.at().getEpochSecond() == at.getEpochSecond() && before.service().equals(service)
                && before.region().equals(region)) {
            return; // every request records its use: within one second, only the first writes (reads do not lock)
        }
        LastUsed use = new LastUsed(at, service, region);
        lastUsed.put(entityId, use);
        dirty.put(entityId, use);
    }

    public Optional<LastUsed> lastUsed(String entityId) {
        return Optional.ofNullable(lastUsed.get(entityId));
    }

    /** Writes what changed since the last flush. */
    public void flush() {
        if (dirty.isEmpty()) {
            return;
        }
        Map<String, LastUsed> batch = Map.copyOf(dirty);
        batch.forEach(dirty::remove);
        try {
            database.inTransaction(c -> {
                try (PreparedStatement delete = c.prepareStatement("DELETE FROM last_used WHERE entity_id = ?");
                        PreparedStatement insert = c.prepareStatement(
                                "INSERT INTO last_used (entity_id, used_at, service, region) VALUES (?, ?, ?, ?)")) {
                    for (Map.Entry<String, LastUsed> e : batch.entrySet()) {
                        delete.setString(1, e.getKey());
                        delete.executeUpdate();
                        insert.setString(1, e.getKey());
                        insert.setString(2, e.getValue().at().toString());
                        insert.setString(3, e.getValue().service());
                        insert.setString(4, e.getValue().region());
                        insert.executeUpdate();
                    }
                }
                return null;
            });
        } catch (RuntimeException e) {
            batch.forEach(dirty::putIfAbsent); // try again at the next flush
        }
    }

    /** Stops the periodic flush, lets one in progress finish, then writes the last uses. */
    @Override
    public void close() {
        flusher.shutdown();
        try {
            flusher.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        flush();
    }
}
