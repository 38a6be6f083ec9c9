package io.charter.server.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.crypto.MasterKey;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.TokenKeyRepository;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Key rotation by age on two nodes sharing one store (one SQLite file, one master key). */
class TokenKeysTest {
    @TempDir
    Path dir;

    @Test
    void nodesThatFindTheKeyDueTogetherRotateOnceBetweenThem() {
        TestClock clock = new TestClock();
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), random);
        try (Database one = SqliteDatabase.open(dir.resolve("charter.db"));
                Database two = SqliteDatabase.open(dir.resolve("charter.db"))) {
            Migrations.apply(one);
            TokenKeys first = TokenKeys.loadOrCreate(one, new TokenKeyRepository(), masterKey, clock, random);
            TokenKeys second = TokenKeys.loadOrCreate(two, new TokenKeyRepository(), masterKey, clock, random);
            Duration maxAge = Duration.ofDays(30);
            assertFalse(first.rotateIfOlderThan(maxAge), "a new key is not due");

            clock.advance(maxAge);
            assertTrue(first.rotateIfOlderThan(maxAge));
            assertFalse(second.rotateIfOlderThan(maxAge), "the stored key is new again: the other node rotated");

            assertEquals(2, first.get().keys().size());
            assertEquals(first.get().active().id(), second.get().active().id(), "the second node reread the keyring");
        }
    }
}
