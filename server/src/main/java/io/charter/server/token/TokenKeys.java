package io.charter.server.token;

import io.charter.server.crypto.MasterKey;
import io.charter.server.store.Database;
import io.charter.server.store.SealedTokenKey;
import io.charter.server.store.StoreGeneration;
import io.charter.server.store.TokenKeyRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.random.RandomGenerator;
import javax.crypto.spec.SecretKeySpec;

/**
 * The stored session-token keyring: loaded (or created with its first key) at start, rotated on
 * demand, persisted sealed under the master key so that every node sharing the store opens every
 * token. Reads ({@link #get}) take no lock.
 *
 * <p>Thread-safe.
 */
public final class TokenKeys implements KeyringSource {
    /** How often a token naming an unknown key may make this node reread the stored keyring. */
    private static final Duration MISS_RELOAD_INTERVAL = Duration.ofSeconds(1);

    private final Database database;
    private final TokenKeyRepository repository;
    private final MasterKey masterKey;
    private final Clock clock;
    private final RandomGenerator random;
    private final AtomicReference<Keyring> current = new AtomicReference<>();
    /** When a token naming an unknown key last made this node reread the keyring. */
    private final AtomicReference<Instant> lastMissReload = new AtomicReference<>(Instant.EPOCH);

    private TokenKeys(Database database, TokenKeyRepository repository, MasterKey masterKey, Clock clock,
            RandomGenerator random) {
        this.database = database;
        this.repository = repository;
        this.masterKey = masterKey;
        this.clock = clock;
        this.random = random;
    }

    public static TokenKeys loadOrCreate(Database database, TokenKeyRepository repository, MasterKey masterKey,
            Clock clock, RandomGenerator random) {
        TokenKeys keys = new TokenKeys(database, repository, masterKey, clock, random);
        keys.current.set(database.inTransaction(c -> {
            List<SealedTokenKey> rows = repository.list(c);
            if (rows.isEmpty()) {
                Keyring first = new Keyring(List.of(keys.newKey(1, clock.instant())));
                repository.replaceAll(c, keys.seal(first));
                return first;
            }
            return keys.open(rows);
        }));
        return keys;
    }

    @Override
    public Keyring get() {
        return current.get();
    }

    /**
     * A token named a key this node does not hold: another node may have rotated. Rereads the
     * stored keyring, at most once a second whatever tokens arrive, so made-up key ids cannot
     * turn into a store read per request.
     */
    @Override
    public Keyring missing(int keyId) {
        Keyring known = current.get();
        Instant now = clock.instant();
        Instant last = lastMissReload.get();
        if (keyId <= 0 || keyId < known.nextId() || now.isBefore(last.plus(MISS_RELOAD_INTERVAL))
                || !lastMissReload.compareAndSet(last, now)) {
            return known;
        }
        return reload();
    }

    /** Rereads the stored keyring (after another node rotated it). */
    public Keyring reload() {
        Keyring stored = database.withHandle(c -> open(repository.list(c)));
        current.set(stored);
        return stored;
    }

    /** Makes a new key the active one; returns the new keyring. */
    public Keyring rotate() {
        return rotateWhen(stored -> true).orElseThrow();
    }

    /**
     * Rotates when the active key is at least {@code maxAge} old; returns whether it did. Called at
     * start and then daily, so keys age out without an operator. The age is judged on the stored
     * keyring inside the rotation's transaction: nodes sharing the store that start or wake together
     * rotate once between them, not once each.
     */
    public boolean rotateIfOlderThan(Duration maxAge) {
        if (current.get().active().createdAt().plus(maxAge).isAfter(clock.instant())) {
            return false; // not due even by this node's copy, which is never newer than the store
        }
        Optional<Keyring> rotated = rotateWhen(stored -> !stored.active().createdAt().plus(maxAge).isAfter(clock.instant()));
        if (rotated.isEmpty()) {
            reload(); // another node rotated first
        }
        return rotated.isPresent();
    }

    /** Rotates, in one transaction, if {@code due} holds for the stored keyring. */
    private Optional<Keyring> rotateWhen(Predicate<Keyring> due) {
        Optional<Keyring> next = database.inTransaction(c -> {
            Keyring stored = open(repository.list(c));
            if (!due.test(stored)) {
                return Optional.<Keyring>empty();
            }
            Instant now = clock.instant();
            Keyring rotated = stored.rotate(newKey(stored.nextId(), now), now);
            repository.replaceAll(c, seal(rotated));
            // Other nodes reread the keyring: at once where the store announces writes, else at their next poll.
            database.announce(c, StoreGeneration.advance(c));
            return Optional.of(rotated);
        });
        next.ifPresent(current::set);
        return next;
    }

    private TokenKey newKey(int id, Instant now) {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return new TokenKey(id, new SecretKeySpec(bytes, "AES"), now, Optional.empty());
    }

    private List<SealedTokenKey> seal(Keyring keyring) {
        List<SealedTokenKey> rows = new ArrayList<>();
        for (TokenKey key : keyring.keys()) {
            rows.add(new SealedTokenKey(key.id(), masterKey.seal(
                    Base64.getEncoder().encodeToString(key.key().getEncoded()), context(key.id())),
                    key.createdAt(), key.retiredAt()));
        }
        return rows;
    }

    private Keyring open(List<SealedTokenKey> rows) {
        List<TokenKey> keys = new ArrayList<>();
        for (SealedTokenKey row : rows) {
            byte[] bytes = Base64.getDecoder().decode(masterKey.open(row.sealedKey(), context(row.keyId())));
            keys.add(new TokenKey(row.keyId(), new SecretKeySpec(bytes, "AES"), row.createdAt(), row.retiredAt()));
        }
        return new Keyring(keys);
    }

    private static String context(int keyId) {
        return "token-key:" + keyId;
    }
}
