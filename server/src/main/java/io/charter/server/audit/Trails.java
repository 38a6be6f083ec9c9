package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.store.Database;
import io.charter.server.store.TrailRepository;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * CloudTrail's trails of each account, in the audit trail's store: created, listed, started and
 * stopped, their event selectors replaced, deleted. Each change is one transaction; the deliverer
 * ({@link TrailDelivery}) reads them and advances their delivery state.
 *
 * <p>Thread-safe: holds only the database and a stateless repository.
 */
public final class Trails {
    /** CloudTrail's quota of trails per region and account. */
    public static final int MAX_TRAILS = 5;

    private final Database database;
    private final TrailRepository repository = new TrailRepository();
    /** Changes this node made (what {@link DataEventSelection} reloads on). */
    private final AtomicLong version = new AtomicLong();

    public Trails(Database database) {
        this.database = requireNonNull(database, "database is null");
    }

    /** A trail and its delivery's status, as GetTrailStatus shows it. */
    public record Status(Trail trail, Optional<Instant> latestDeliveryTime, Optional<Instant> latestDeliveryAttemptTime,
            Optional<String> latestDeliveryError, Optional<Instant> latestDigestDeliveryTime) {
        public Status {
            requireNonNull(trail, "trail is null");
        }
    }

    /**
     * Creates {@code trail} (not logging yet, as CloudTrail creates it).
     *
     * @throws ServiceException {@code TrailAlreadyExistsException}, {@code MaximumNumberOfTrailsExceededException}
     */
    public Trail create(Trail trail, Instant now) {
        return changed(database.inTransaction(c -> {
            if (repository.list(c, trail.accountId()).size() >= MAX_TRAILS) {
                throw new ServiceException(AwsErrorCode.MAXIMUM_NUMBER_OF_TRAILS_EXCEEDED,
                        "User: " + trail.accountId() + " already has " + MAX_TRAILS + " trails.");
            }
            if (!repository.insert(c, new TrailRepository.TrailRow(trail.accountId(), trail.name(),
                    TrailJson.config(trail), TrailJson.state(TrailState.startingAt(now))))) {
                throw new ServiceException(AwsErrorCode.TRAIL_ALREADY_EXISTS,
                        "Trail " + trail.name() + " already exists for customer: " + trail.accountId());
            }
            return trail;
        }));
    }

    public Optional<Trail> find(String accountId, String name) {
        return database.inReadTransaction(c -> repository.find(c, accountId, name))
                .map(r -> TrailJson.trail(r.accountId(), r.name(), r.config()));
    }

    /** The account's trails by name. */
    public List<Trail> list(String accountId) {
        return database.inReadTransaction(c -> repository.list(c, accountId)).stream()
                .map(r -> TrailJson.trail(r.accountId(), r.name(), r.config())).toList();
    }

    /**
     * The trail and its delivery's status.
     *
     * @throws ServiceException {@code TrailNotFoundException}
     */
    public Status status(String accountId, String name) {
        TrailRepository.TrailRow row = database.inReadTransaction(c -> repository.find(c, accountId, name))
                .orElseThrow(() -> notFound(accountId, name));
        TrailState state = TrailJson.state(row.state());
        return new Status(TrailJson.trail(accountId, name, row.config()), state.latestDeliveryTime(),
                state.latestDeliveryAttemptTime(), state.latestDeliveryError(), state.latestDigestDeliveryTime());
    }

    /**
     * Starts or stops the trail's logging at {@code now}. A stopped trail still delivers what it
     * logged before it stopped; started again it delivers the records from {@code now} on (what
     * happened while it was stopped is not delivered, as on AWS).
     *
     * @throws ServiceException {@code TrailNotFoundException}
     */
    public Trail setLogging(String accountId, String name, boolean on, Instant now) {
        return changed(database.inTransaction(c -> {
            TrailRepository.TrailRow row = repository.find(c, accountId, name)
                    .orElseThrow(() -> notFound(accountId, name));
            Trail trail = TrailJson.trail(accountId, name, row.config());
            if (trail.logging() == on) {
                return trail;
            }
            Trail changed = trail.withLogging(on, now);
            repository.updateConfig(c, accountId, name, TrailJson.config(changed));
            if (on && trail.startLoggingTime().isEmpty()) {
                // Its first start: the records from now on (a restart skips the stopped span, TrailDelivery).
                TrailState state = TrailJson.state(row.state());
                TrailState restarted = new TrailState(Math.max(state.cursorTime(), now.toEpochMilli()),
                        now.toEpochMilli() > state.cursorTime() ? "" : state.cursorEventId(),
                        state.latestDeliveryTime(), state.latestDeliveryAttemptTime(), state.latestDeliveryError(),
                        state.latestDigestDeliveryTime(),
                        state.previousDigest().isPresent() ? state.digestStart() : now, state.previousDigest(),
                        state.pendingLogFiles());
                repository.updateState(c, accountId, name, TrailJson.state(restarted));
            }
            return changed;
        }));
    }

    /**
     * Replaces the trail's event selectors.
     *
     * @throws ServiceException {@code TrailNotFoundException}
     */
    public Trail putEventSelectors(String accountId, String name, List<Trail.EventSelector> selectors) {
        return changed(database.inTransaction(c -> {
            Trail trail = repository.find(c, accountId, name)
                    .map(r -> TrailJson.trail(accountId, name, r.config()))
                    .orElseThrow(() -> notFound(accountId, name));
            Trail changed = trail.withSelectors(selectors);
            repository.updateConfig(c, accountId, name, TrailJson.config(changed));
            return changed;
        }));
    }

    /**
     * Deletes the trail (the files it delivered stay in its bucket).
     *
     * @throws ServiceException {@code TrailNotFoundException}
     */
    public void delete(String accountId, String name) {
        database.inTransaction(c -> {
            if (!repository.delete(c, accountId, name)) {
                throw notFound(accountId, name);
            }
            return null;
        });
        version.incrementAndGet();
    }

    /** Every account's trails. */
    List<Trail> all() {
        return database.inReadTransaction(repository::all).stream()
                .map(r -> TrailJson.trail(r.accountId(), r.name(), r.config())).toList();
    }

    /** How many changes this node made to trails (a change bumps it once committed). */
    long version() {
        return version.get();
    }

    private <T> T changed(T value) {
        version.incrementAndGet();
        return value;
    }

    static ServiceException notFound(String accountId, String name) {
        return new ServiceException(AwsErrorCode.TRAIL_NOT_FOUND, "Unknown trail: " + name + " for the user: "
                + accountId);
    }
}
