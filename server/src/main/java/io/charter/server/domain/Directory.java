package io.charter.server.domain;

import io.charter.server.crypto.MasterKey;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.store.AccountRecord;
import io.charter.server.store.Database;
import io.charter.server.store.GroupRepository;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.MfaDeviceRepository;
import io.charter.server.store.PermissionRepository;
import io.charter.server.store.InstanceProfileRepository;
import io.charter.server.store.OrganizationRepository;
import io.charter.server.store.RevokedSessionRepository;
import io.charter.server.store.RoleRepository;
import io.charter.server.store.SnapshotChanges;
import io.charter.server.store.StoreGeneration;
import io.charter.server.store.SealedAccessKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;
import io.charter.server.identity.AccessKeyId;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.ManagedPolicy;
import io.charter.server.identity.NewAccessKey;
import io.charter.server.identity.SecretAccessKey;
import io.charter.server.identity.SnapshotSource;
import io.charter.server.identity.UniqueId;

/**
 * The IAM state: every write goes to the store in one transaction, then the immutable
 * {@link IdentitySnapshot} is brought up to date with it, so a writer reads its own write at once
 * and a failed write leaves nothing behind. Requests read {@link #snapshot()} and never touch the store.
 *
 * <p>A write costs what it changed, not the size of the store: the repositories journal each item
 * a write changes ({@link SnapshotChanges}), and the snapshot reads those items again and
 * replaces them, sharing everything else with the previous snapshot ({@link SnapshotLoader},
 * {@link SnapshotBuilder}). The whole store is read at start, after a failed update, and when
 * another node changed more than the journal can say cheaply. Compiled policy documents are
 * reused whenever their text has not changed, so a policy is compiled once, when written.
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
    private final Database database;
    private final IdentityRepository identities;
    private final PermissionRepository permissions;
    private final RoleRepository roles = new RoleRepository();
    private final OrganizationRepository organizations = new OrganizationRepository();
    private final InstanceProfileRepository instanceProfiles = new InstanceProfileRepository();
    private final MfaDeviceRepository mfaDevices = new MfaDeviceRepository();
    private final GroupRepository groups;
    private final MasterKey masterKey;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicReference<IdentitySnapshot> snapshot = new AtomicReference<>(IdentitySnapshot.EMPTY);
    /** Set when a rebuild failed: the snapshot may lag the store, so requests are refused. */
    private volatile boolean stale;
    /** The store generation the snapshot was built from (see {@link #followStore}). */
    private volatile long generation = -1;
    private final RevokedSessionRepository revocations = new RevokedSessionRepository();
    private final SnapshotLoader loader;

    /**
     * @param awsManaged the AWS managed policies every account can attach (never stored)
     */
    public Directory(Database database, IdentityRepository identities, PermissionRepository permissions,
            MasterKey masterKey, Clock clock, RandomGenerator random, List<ManagedPolicy> awsManaged) {
        this(database, identities, permissions, new GroupRepository(), masterKey, clock, random, awsManaged);
    }

    /**
     * @param awsManaged the AWS managed policies every account can attach (never stored)
     */
    public Directory(Database database, IdentityRepository identities, PermissionRepository permissions,
            GroupRepository groups, MasterKey masterKey, Clock clock, RandomGenerator random,
            List<ManagedPolicy> awsManaged) {
        this.database = database;
        this.identities = identities;
        this.permissions = permissions;
        this.groups = groups;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
        this.loader = new SnapshotLoader(identities, permissions, roles, groups, mfaDevices, revocations, masterKey, clock,
                awsManaged);
    }

    /**
     * The current snapshot. If the last rebuild failed, the snapshot may be older than the store;
     * rather than authorize with stale permissions (a revoked key or a new Deny not yet in force),
     * every request is refused until a rebuild succeeds.
     */
    public IdentitySnapshot snapshot() {
        if (stale) {
            throw new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "The service is unavailable. Please try again later.");
        }
        return snapshot.get();
    }

    @Override
    public IdentitySnapshot current() {
        return snapshot();
    }

    public Clock clock() {
        return clock;
    }

    public RandomGenerator random() {
        return random;
    }

    /** A change to the store: runs in one transaction. */
    @FunctionalInterface
    public interface Change<T> {
        T apply(Connection connection, Writes writes) throws SQLException;
    }

    /** The repositories a {@link Change} writes through. */
    public record Writes(IdentityRepository identities, PermissionRepository permissions, RoleRepository roles,
            GroupRepository groups, OrganizationRepository organizations, InstanceProfileRepository instanceProfiles) {
    }

    /**
     * Applies {@code change} in one transaction, then brings the snapshot up to date with it. The
     * transaction first advances the store generation, under which the repositories journal every
     * item they write ({@link SnapshotChanges}); the snapshot then reads those items again.
     */
    public <T> T write(Change<T> change) {
        Writes writes = new Writes(identities, permissions, roles, groups, organizations, instanceProfiles);
        try {
            return database.inTransaction(c -> {
                long next = StoreGeneration.advance(c);
                if (next % PRUNE_EVERY == 0) {
                    SnapshotChanges.prune(c, next - JOURNAL_GENERATIONS);
                }
                return change.apply(c, writes);
            });
        } finally {
            refresh();
        }
    }

    /** Reads from the store (for control-plane state the snapshot does not hold); changes nothing. */
    public <T> T read(Change<T> query) {
        Writes repositories = new Writes(identities, permissions, roles, groups, organizations, instanceProfiles);
        return database.withHandle(c -> query.apply(c, repositories));
    }

    /**
     * Brings the snapshot up to date with the store: applies the items the journal names for the
     * generations it has not seen, or reloads the whole store when it has never loaded, when the
     * last update failed, or when the journal no longer holds those generations or names more than
     * {@link #INCREMENTAL_LIMIT} items. Returns whether the store had changed. Reading and
     * publishing happen under the store's lock, so a snapshot built from older state can never
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
        try {
            boolean changed = database.withHandle(c -> {
                // The generation is read before the items: a change committed meanwhile by another
                // node is past it, so the next refresh applies it (reading an item again is harmless).
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
            return changed;
        } catch (RuntimeException e) {
            stale = true;
            throw e;
        }
    }


    /**
     * Catches up with changes other nodes sharing the store made since the snapshot was last
     * updated; returns whether there were any. Called periodically by {@link StoreFollower}.
     */
    public boolean followStore() {
        return refresh();
    }

    /**
     * Revokes one session by its temporary access key id, on every node sharing the store: the
     * revocation is kept until no session issued before now can still be valid. Revoking again
     * keeps the first revocation; returns the revocation as stored.
     */
    public RevokedSessionRepository.Row revokeSession(String accessKeyId, String accountId) {
        Instant now = clock.instant();
        return write((c, w) -> {
            revocations.prune(c, now);
            revocations.insert(c, new RevokedSessionRepository.Row(accessKeyId, accountId, now,
                    now.plus(io.charter.server.token.Keyring.MAX_SESSION)));
            return revocations.find(c, accessKeyId).orElseThrow();
        });
    }

    /**
     * Creates the management account, its root principal and a root access key, all in one
     * transaction, unless the store has its management account already. Returns the new key only
     * when it was created. A store bootstrapped for another account id is refused: the account id
     * is chosen once, at first start.
     */
    public Optional<NewAccessKey> bootstrap(String accountId) {
        return write((c, w) -> {
            Optional<AccountRecord> management = w.identities().listAccounts(c).stream()
                    .filter(AccountRecord::management).findFirst();
            if (management.isPresent()) {
                if (!management.get().accountId().equals(accountId)) {
                    throw new BootstrapMismatchException(management.get().accountId(), accountId);
                }
                return Optional.<NewAccessKey>empty();
            }
            Instant now = clock.instant();
            w.identities().insertAccount(c, new AccountRecord(accountId, "management", Optional.empty(), true, now));
            Identity root = new Identity(accountId, accountId, IdentityKind.ROOT, accountId, "/", now);
            w.identities().insertPrincipal(c, root);
            return Optional.of(insertKey(c, root, now));
        });
    }

    public List<AccountRecord> accounts() {
        return database.withHandle(identities::listAccounts);
    }

    /** Creates an IAM user; the caller has checked the name. */
    public Identity createUser(String accountId, String name, String path) {
        return write((c, w) -> {
            Identity p = new Identity(UniqueId.USER.mint(random), accountId, IdentityKind.USER, name, path,
                    clock.instant());
            w.identities().insertPrincipal(c, p);
            return p;
        });
    }

    public NewAccessKey createAccessKey(Identity owner) {
        return write((c, w) -> insertKey(c, owner, clock.instant()));
    }

    /** Returns whether the key existed. */
    public boolean setAccessKeyStatus(String accessKeyId, AccessKeyStatus status) {
        return write((c, w) -> w.identities().updateAccessKeyStatus(c, accessKeyId, status.name()));
    }

    /** Inserts a new active key for {@code owner} on the caller's transaction. */
    public NewAccessKey insertKey(Connection c, Identity owner, Instant now) throws SQLException {
        AccessKeyId id = AccessKeyId.mint(AccessKeyId.Kind.LONG_TERM, owner.accountId(), random);
        String secret = SecretAccessKey.mint(random);
        identities.insertAccessKey(c, new SealedAccessKey(id.value(), owner.accountId(), owner.uniqueId(),
                masterKey.seal(secret, id.value()), AccessKeyStatus.Active.name(), now));
        return new NewAccessKey(id.value(), secret, owner);
    }
}
