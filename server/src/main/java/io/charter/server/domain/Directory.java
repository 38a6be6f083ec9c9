package io.charter.server.domain;

import io.charter.server.crypto.MasterKey;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.IamErrors;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.SnapshotSource;
import io.charter.server.store.AccountAliasRepository;
import io.charter.server.store.BucketRepository;
import io.charter.server.store.Database;
import io.charter.server.store.GroupRepository;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.InstanceProfileRepository;
import io.charter.server.store.InstanceRepository;
import io.charter.server.store.LoginProfileRepository;
import io.charter.server.store.MfaDeviceRepository;
import io.charter.server.store.OrganizationRepository;
import io.charter.server.store.PermissionRepository;
import io.charter.server.store.RevokedSessionRepository;
import io.charter.server.store.RoleRepository;
import io.charter.server.store.SnapshotChanges;
import io.charter.server.store.StoreException;
import io.charter.server.store.StoreGeneration;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;
import java.util.random.RandomGenerator;

/**
 * The IAM state and the one way it changes. Every change is one store transaction ({@link #write}),
 * after which the immutable {@link IdentitySnapshot} is brought up to date with it, so a writer
 * reads its own write at once and a failed write leaves nothing behind. Requests read
 * {@link #current()} (pinned once per request) and never touch the store.
 *
 * <p>Only the domain layer writes: its intent-named calls ({@link Roles#create},
 * {@link EntityTags#tag}, ...) each run one {@link Change} that reads its preconditions, writes
 * through the {@link Repositories} and so journals what it changed. Nothing outside this package
 * sees a connection, a repository or a row.
 *
 * <p>A write costs what it changed, not the size of the store: the repositories journal each item
 * a write changes ({@link SnapshotChanges}), and the snapshot reads those items again and
 * replaces them, sharing everything else with the previous snapshot ({@link SnapshotLoader},
 * {@link io.charter.server.identity.SnapshotBuilder}). The whole store is read at start, after a
 * failed update, and when another node changed more than the journal can say cheaply. Stored
 * policies are compiled when a request first needs them, and reused while their text is unchanged.
 *
 * <p>When the store cannot be reached, requests keep being served from the snapshot for a bounded
 * time, {@code maxStaleness} after the snapshot was last confirmed in step with the store, and are
 * refused after it; writes are refused at once ({@code ServiceFailure}). When the snapshot is known
 * to be behind the store (an update failed for another reason, or after a write this node
 * committed), every request is refused until an update succeeds. {@link #freshness()} says which.
 *
 * <p>Thread-safe: writes are serialised by the store; the snapshot is swapped atomically.
 */
public final class Directory implements SnapshotSource {
    /** Beyond this many changed items, reloading the whole store is as cheap as reading them one by one. */
    static final int INCREMENTAL_LIMIT = 2_000;
    /** How many generations of the journal are kept: a node further behind reloads the whole store. */
    static final long JOURNAL_GENERATIONS = 10_000;
    /** How often (in generations) the journal is pruned. */
    static final long PRUNE_EVERY = 1_000;
    /**
     * When set (system property {@code charter.snapshot.check=true}, as the tests run), every
     * incremental update is compared with a reload of the whole store, and a difference fails it.
     */
    private static final boolean CHECK_INCREMENTAL = Boolean.getBoolean("charter.snapshot.check");

    /** The store's repositories: stateless, so one set serves every transaction. */
    private static final Repositories REPOSITORIES = new Repositories(new IdentityRepository(),
            new PermissionRepository(), new RoleRepository(), new GroupRepository(), new OrganizationRepository(),
            new InstanceProfileRepository(), new LoginProfileRepository(), new MfaDeviceRepository(),
            new AccountAliasRepository(), new RevokedSessionRepository(), new BucketRepository(),
            new InstanceRepository());

    private final Database database;
    private final MasterKey masterKey;
    private final Clock clock;
    private final RandomGenerator random;
    private final Duration maxStaleness;
    private final AtomicReference<IdentitySnapshot> snapshot = new AtomicReference<>(IdentitySnapshot.EMPTY);
    /** Set when a rebuild failed: the snapshot may lag the store, so requests are refused. */
    private volatile boolean stale;
    /**
     * Set when the store could not be reached on the last look: requests are served from the
     * snapshot until {@link #maxStaleness} after {@link #confirmed}, then refused.
     */
    private volatile boolean unreachable;
    /** When the snapshot was last confirmed in step with the store (an update that read it whole). */
    private volatile Instant confirmed = Instant.MIN;
    /** The store generation the snapshot was built from (see {@link #followStore}). */
    private volatile long generation = -1;
    private final SnapshotLoader loader;
    /**
     * Held while the snapshot is brought up to date, so that one built from older state never
     * replaces one built from newer state (a pooled store runs reads side by side).
     */
    private final ReentrantLock updating = new ReentrantLock();

    /**
     * @param masterKey seals and opens the secrets kept in the store
     * @param awsManaged the AWS managed policies every account can attach (never stored)
     * @param maxStaleness how long after its last confirmation the snapshot is served while the
     *     store cannot be reached
     */
    public Directory(Database database, MasterKey masterKey, Clock clock, RandomGenerator random,
            List<ManagedPolicy> awsManaged, Duration maxStaleness) {
        if (maxStaleness.isNegative()) {
            throw new IllegalArgumentException("maxStaleness is negative: " + maxStaleness);
        }
        this.database = database;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
        this.maxStaleness = maxStaleness;
        this.loader = new SnapshotLoader(REPOSITORIES, masterKey, clock, awsManaged);
    }

    /**
     * The current snapshot. If the last rebuild failed, the snapshot may be older than the store;
     * rather than authorize with stale permissions (a revoked key or a new Deny not yet in force),
     * every request is refused until a rebuild succeeds. While the store cannot be reached, the
     * snapshot is served until it is {@code maxStaleness} older than its last confirmation, and
     * requests are refused after that.
     */
    public IdentitySnapshot snapshot() {
        if (stale || (unreachable && freshness().standing() == SnapshotFreshness.Standing.REFUSING)) {
            throw new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "The service is unavailable. Please try again later.");
        }
        return snapshot.get();
    }

    /** Whether requests are served, and from how old a confirmation of the snapshot (for {@code /health}). */
    public SnapshotFreshness freshness() {
        Instant now = clock.instant();
        Instant last = confirmed;
        Duration age = last.isAfter(now) ? Duration.ZERO : Duration.between(last, now);
        if (stale) {
            return new SnapshotFreshness(SnapshotFreshness.Standing.REFUSING, age);
        }
        if (unreachable) {
            return new SnapshotFreshness(age.compareTo(maxStaleness) <= 0
                    ? SnapshotFreshness.Standing.FROM_SNAPSHOT : SnapshotFreshness.Standing.REFUSING, age);
        }
        return new SnapshotFreshness(SnapshotFreshness.Standing.IN_STEP, age);
    }

    @Override
    public IdentitySnapshot current() {
        return snapshot();
    }

    Clock clock() {
        return clock;
    }

    RandomGenerator random() {
        return random;
    }

    MasterKey masterKey() {
        return masterKey;
    }

    /** A change to the store: runs in one transaction. */
    @FunctionalInterface
    interface Change<T> {
        T apply(Connection connection, Repositories store) throws SQLException;
    }

    /** The repositories a {@link Change} reads and writes through, each on the change's connection. */
    record Repositories(IdentityRepository identities, PermissionRepository permissions, RoleRepository roles,
            GroupRepository groups, OrganizationRepository organizations, InstanceProfileRepository instanceProfiles,
            LoginProfileRepository loginProfiles, MfaDeviceRepository mfaDevices, AccountAliasRepository aliases,
            RevokedSessionRepository revocations, BucketRepository buckets, InstanceRepository instances) {
    }

    /**
     * Applies {@code change} in one transaction, then brings the snapshot up to date with it. The
     * transaction first advances the store generation, under which the repositories journal every
     * item they write ({@link SnapshotChanges}), and announces it to the other nodes (delivered at
     * commit); the snapshot then reads those items again. A transaction the store refused for
     * conflicting with another write (a constraint, the file locked past the busy timeout) is
     * {@code ConcurrentModification}: it wrote nothing. A store that could not be reached is
     * {@code ServiceFailure}: the transaction is all or nothing, and requests go on being served
     * from the snapshot for the bounded staleness. A write that committed but whose snapshot could
     * not follow it leaves the snapshot known to be behind: requests are refused until it catches up.
     */
    <T> T write(Change<T> change) {
        T result;
        try {
            result = database.inTransaction(c -> {
                long next = StoreGeneration.advance(c);
                database.announce(c, next);
                if (next % PRUNE_EVERY == 0) {
                    SnapshotChanges.prune(c, next - JOURNAL_GENERATIONS);
                }
                return change.apply(c, REPOSITORIES);
            });
        } catch (StoreException e) {
            if (e.unreachable()) {
                // Nothing to catch up with: the store is away. The snapshot stays as last confirmed.
                unreachable = true;
                throw IamErrors.storeUnreachable();
            }
            catchUp(e);
            if (e.conflicting()) {
                // A race the change's preconditions did not catch: nothing was written; the loser
                // gets AWS's answer for a concurrent change, not a server failure.
                throw IamErrors.concurrentModification();
            }
            throw e;
        } catch (RuntimeException e) {
            // A precondition refused the change (nothing written); it may have read what this node
            // has not seen yet, so the snapshot catches up too.
            catchUp(e);
            throw e;
        }
        try {
            refresh();
        } catch (RuntimeException e) {
            stale = true;
            if (e instanceof StoreException store && store.unreachable()) {
                throw IamErrors.storeUnreachable();
            }
            throw e;
        }
        return result;
    }

    /** Brings the snapshot up to date after a failed write; a failure to do so is kept with the write's. */
    private void catchUp(RuntimeException failure) {
        try {
            refresh();
        } catch (RuntimeException e) {
            failure.addSuppressed(e);
        }
    }

    /**
     * Reads from the store (for control-plane state the snapshot does not hold), all from one
     * committed state; changes nothing.
     */
    <T> T read(Change<T> query) {
        try {
            return database.inReadTransaction(c -> query.apply(c, REPOSITORIES));
        } catch (StoreException e) {
            if (e.unreachable()) {
                unreachable = true;
                throw IamErrors.storeUnreachable();
            }
            throw e;
        }
    }

    /**
     * Brings the snapshot up to date with the store: applies the items the journal names for the
     * generations it has not seen, or reloads the whole store when it has never loaded, when the
     * last update failed, or when the journal no longer holds those generations or names more than
     * {@link #INCREMENTAL_LIMIT} items. Returns whether the store had changed. Reading and
     * publishing happen under one lock, so a snapshot built from older state can never
     * replace one built from newer state.
     */
    public boolean refresh() {
        return update(false);
    }

    /**
     * Rebuilds the whole snapshot from the store now (benchmarks and checks; {@link #refresh} is
     * what writes use). Requests keep reading the current snapshot meanwhile.
     */
    public void reload() {
        update(true);
    }

    private boolean update(boolean whole) {
        // What the read finds was in the store at least from now: the confirmation is not later than that.
        Instant reading = clock.instant();
        updating.lock();
        try {
            // One read transaction: the generation and every item come from one committed state, so
            // a change another node commits meanwhile is neither half read nor read without its
            // generation; it is past the generation read, and the next refresh applies it.
            boolean changed = database.inReadTransaction(c -> {
                long current = StoreGeneration.read(c);
                if (current == generation && !stale && !whole) {
                    return false;
                }
                Optional<Set<SnapshotChanges.Change>> changes = whole || generation < 0 || stale ? Optional.empty()
                        : SnapshotChanges.between(c, generation, current, INCREMENTAL_LIMIT);
                IdentitySnapshot next = changes.isPresent() ? loader.apply(c, snapshot.get(), changes.get())
                        : loader.loadAll(c, snapshot.get());
                if (changes.isPresent() && CHECK_INCREMENTAL) {
                    SnapshotCheck.requireSame(next, loader.loadAll(c, snapshot.get()), changes.get());
                }
                snapshot.set(next);
                generation = current;
                return true;
            });
            stale = false;
            unreachable = false;
            confirmed = reading;
            return changed;
        } catch (StoreException e) {
            // Away: the snapshot is as it was last confirmed, and is served for the bounded staleness.
            // Anything else: it may be behind what the store holds now, and nothing is served.
            if (e.unreachable()) {
                unreachable = true;
            } else {
                stale = true;
            }
            throw e;
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        } finally {
            updating.unlock();
        }
    }

    /**
     * Catches up with changes other nodes sharing the store made since the snapshot was last
     * updated; returns whether there were any. Called periodically by {@link StoreFollower}.
     */
    public boolean followStore() {
        return refresh();
    }
}
