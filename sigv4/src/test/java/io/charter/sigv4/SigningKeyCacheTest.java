package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class SigningKeyCacheTest {

    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final CredentialScope SCOPE = CredentialScope.of("20150830", "us-east-1", "iam");

    @Test
    void sameTupleSameKeyObject() {
        SigningKeyCache cache = new SigningKeyCache();
        SigningKey key = cache.signingKey(SECRET, SCOPE);
        assertSame(key, cache.signingKey(new String(SECRET), CredentialScope.of("20150830", "us-east-1", "iam")));
        assertEquals("c4afb1cc5771d871763a393e44b703571b55cc28424d1a5e86da6ed3c154a4b9", key.hex());
        assertEquals(1, cache.size());
    }

    @Test
    void eachComponentMakesADifferentKey() {
        SigningKeyCache cache = new SigningKeyCache();
        SigningKey key = cache.signingKey(SECRET, SCOPE);
        List<SigningKey> others = List.of(
                cache.signingKey(SECRET + "x", SCOPE),
                cache.signingKey(SECRET, CredentialScope.of("20150831", "us-east-1", "iam")),
                cache.signingKey(SECRET, CredentialScope.of("20150830", "eu-west-1", "iam")),
                cache.signingKey(SECRET, CredentialScope.of("20150830", "us-east-1", "sts")));
        for (SigningKey other : others) {
            assertNotSame(key, other);
            assertTrue(!key.hex().equals(other.hex()));
        }
        assertEquals(5, cache.size());
    }

    @Test
    void boundedByDroppingEverything() {
        SigningKeyCache cache = new SigningKeyCache(3);
        for (int i = 0; i < 3; i++) {
            cache.signingKey(SECRET + i, SCOPE);
        }
        assertEquals(3, cache.size());
        cache.signingKey(SECRET + "new", SCOPE);
        assertEquals(1, cache.size());
        assertThrows(IllegalArgumentException.class, () -> new SigningKeyCache(0));
    }

    @Test
    void concurrentLookupsAgreeOnOneKeyPerTuple() throws Exception {
        SigningKeyCache cache = new SigningKeyCache();
        int threads = 8;
        int tuples = 16;
        CountDownLatch start = new CountDownLatch(1);
        Map<Integer, Map<SigningKey, Boolean>> seen = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                futures.add(pool.submit(() -> {
                    start.await();
                    for (int round = 0; round < 200; round++) {
                        for (int i = 0; i < tuples; i++) {
                            SigningKey key = cache.signingKey(SECRET, CredentialScope.of("20150830", "r" + i, "iam"));
                            Map<SigningKey, Boolean> keys = seen.computeIfAbsent(i, k -> new IdentityHashMap<>());
                            synchronized (keys) {
                                keys.put(key, true);
                            }
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> future : futures) {
                future.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(tuples, cache.size());
        for (int i = 0; i < tuples; i++) {
            assertEquals(1, seen.get(i).size(), "tuple " + i + " produced more than one key object");
        }
    }

    @Test
    void virtualThreadsSignLikePlatformThreads() throws Exception {
        SigningKey key = SigningKey.derive(SECRET, SCOPE);
        String expected = key.signHex("string to sign");
        try (ExecutorService virtual = Executors.newVirtualThreadPerTaskExecutor()) {
            assertEquals(expected, virtual.submit(() -> key.signHex("string to sign")).get());
            assertEquals(Hex.encode(Sha256.digest(new byte[0])),
                    virtual.submit(() -> Payload.empty().sha256Hex()).get());
        }
    }
}
