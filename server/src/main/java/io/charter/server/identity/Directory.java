package io.charter.server.identity;

import io.charter.server.crypto.MasterKey;
import io.charter.server.store.AccountRecord;
import io.charter.server.store.Database;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.SealedAccessKey;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.random.RandomGenerator;

/**
 * The identity state: writes go to the store in one transaction each, then the immutable
 * {@link IdentitySnapshot} is rebuilt, so a writer reads its own write at once. Reads on the hot
 * path take {@link #snapshot()} and never touch the store.
 *
 * <p>Thread-safe: writes are serialised by the store; the snapshot is swapped atomically.
 */
public final class Directory {
    private final Database database;
    private final IdentityRepository repository;
    private final MasterKey masterKey;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicReference<IdentitySnapshot> snapshot = new AtomicReference<>(IdentitySnapshot.EMPTY);

    public Directory(Database database, IdentityRepository repository, MasterKey masterKey, Clock clock,
            RandomGenerator random) {
        this.database = database;
        this.repository = repository;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
    }

    public IdentitySnapshot snapshot() {
        return snapshot.get();
    }

    /** Rebuilds the snapshot from the store. */
    public void refresh() {
        IdentitySnapshot next = database.withHandle(c -> {
            Map<String, Principal> principals = new HashMap<>();
            for (Principal principal : repository.listPrincipals(c)) {
                principals.put(principal.uniqueId(), principal);
            }
            Map<String, Credential> credentials = new HashMap<>();
            for (SealedAccessKey row : repository.listAccessKeys(c)) {
                Principal owner = principals.get(row.principalId());
                if (owner == null) {
                    continue;
                }
                AccessKey key = new AccessKey(new AccessKeyId(row.accessKeyId()), row.accountId(), row.principalId(),
                        masterKey.open(row.sealedSecret(), row.accessKeyId()), AccessKeyStatus.valueOf(row.status()),
                        row.createdAt());
                credentials.put(row.accessKeyId(), new Credential(key, owner));
            }
            return new IdentitySnapshot(credentials, principals);
        });
        snapshot.set(next);
    }

    /**
     * Creates the management account, its root principal and a root access key, all in one
     * transaction, unless the account exists already. Returns the new key only when it was created.
     */
    public Optional<NewAccessKey> bootstrap(String accountId) {
        Optional<NewAccessKey> created = database.inTransaction(c -> {
            if (repository.findAccount(c, accountId).isPresent()) {
                return Optional.<NewAccessKey>empty();
            }
            Instant now = clock.instant();
            repository.insertAccount(c, new AccountRecord(accountId, "management", Optional.empty(), true, now));
            Principal root = new Principal(accountId, accountId, PrincipalKind.ROOT, accountId, "/", now);
            repository.insertPrincipal(c, root);
            return Optional.of(insertKey(c, root, now));
        });
        refresh();
        return created;
    }

    public List<AccountRecord> accounts() {
        return database.withHandle(repository::listAccounts);
    }

    /** Creates an IAM user; the caller has checked the name. */
    public Principal createUser(String accountId, String name, String path) {
        Principal user = database.inTransaction(c -> {
            Principal p = new Principal(UniqueId.USER.mint(random), accountId, PrincipalKind.USER, name, path,
                    clock.instant());
            repository.insertPrincipal(c, p);
            return p;
        });
        refresh();
        return user;
    }

    public NewAccessKey createAccessKey(Principal owner) {
        NewAccessKey key = database.inTransaction(c -> insertKey(c, owner, clock.instant()));
        refresh();
        return key;
    }

    /** Returns whether the key existed. */
    public boolean setAccessKeyStatus(String accessKeyId, AccessKeyStatus status) {
        boolean updated = database.inTransaction(c -> repository.updateAccessKeyStatus(c, accessKeyId, status.name()));
        refresh();
        return updated;
    }

    private NewAccessKey insertKey(java.sql.Connection c, Principal owner, Instant now) throws java.sql.SQLException {
        AccessKeyId id = AccessKeyId.mint(AccessKeyId.Kind.LONG_TERM, owner.accountId(), random);
        String secret = SecretAccessKey.mint(random);
        repository.insertAccessKey(c, new SealedAccessKey(id.value(), owner.accountId(), owner.uniqueId(),
                masterKey.seal(secret, id.value()), AccessKeyStatus.Active.name(), now));
        return new NewAccessKey(id.value(), secret, owner);
    }
}
