package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Derived signing keys by (secret, date, region, service). A key is valid for one UTC day, and
 * deriving one costs four HMACs, so a server verifying many requests from few keys saves most of
 * the signature cost here.
 *
 * <p>Bounded: when a miss finds {@code maxEntries} keys cached, the whole cache is dropped and
 * refilled on demand. That is crude but cheap, has no per-hit bookkeeping, and also retires
 * yesterday's keys; a server sees far fewer distinct live tuples than the bound.
 *
 * <p>A hit allocates one small lookup key (often removed by escape analysis) and nothing else.
 * Entries hold the secret as part of their key: the cache is as sensitive as the credential store.
 *
 * <p>Thread-safe: backed by a {@link ConcurrentHashMap}; two threads missing on the same tuple at
 * once may both derive the key, and one result wins (both are equal).
 */
public final class SigningKeyCache {

    /** Default bound: a few thousand live (key, day, region, service) tuples. */
    public static final int DEFAULT_MAX_ENTRIES = 4096;

    private record Tuple(String secret, String date, String region, String service) {
    }

    private final ConcurrentHashMap<Tuple, SigningKey> keys = new ConcurrentHashMap<>();
    private final int maxEntries;

    public SigningKeyCache() {
        this(DEFAULT_MAX_ENTRIES);
    }

    public SigningKeyCache(int maxEntries) {
        if (maxEntries < 1) {
            throw new IllegalArgumentException("maxEntries must be positive: " + maxEntries);
        }
        this.maxEntries = maxEntries;
    }

    /** The cached signing key, if there is one; never derives. */
    SigningKey cached(String secretAccessKey, CredentialScope scope) {
        return keys.get(new Tuple(secretAccessKey, scope.date(), scope.region(), scope.service()));
    }

    /**
     * Remembers a key that has just verified a signature. Only proven keys enter the cache, so
     * requests with made-up scopes cannot crowd out the keys of real clients.
     */
    void remember(String secretAccessKey, CredentialScope scope, SigningKey key) {
        if (keys.size() >= maxEntries) {
            keys.clear();
        }
        keys.putIfAbsent(new Tuple(secretAccessKey, scope.date(), scope.region(), scope.service()), key);
    }

    /** The signing key for {@code secretAccessKey} in {@code scope} (terminator {@code aws4_request}). */
    public SigningKey signingKey(String secretAccessKey, CredentialScope scope) {
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(scope, "scope is null");
        Tuple tuple = new Tuple(secretAccessKey, scope.date(), scope.region(), scope.service());
        SigningKey key = keys.get(tuple);
        if (key != null) {
            return key;
        }
        if (keys.size() >= maxEntries) {
            keys.clear();
        }
        SigningKey derived = SigningKey.derive(secretAccessKey, CredentialScope.of(scope.date(), scope.region(), scope.service()));
        SigningKey raced = keys.putIfAbsent(tuple, derived);
        return raced != null ? raced : derived;
    }

    /** Number of cached keys (for tests and metrics). */
    public int size() {
        return keys.size();
    }
}
