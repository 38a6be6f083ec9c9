package io.charter.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charter.server.config.CharterConfig;
import io.charter.server.crypto.MasterKey;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Group;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.StoreException;
import io.charter.server.store.StoreGeneration;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.PreparedStatement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write the store refuses for conflicting with its state (here a membership naming a user that
 * does not exist, as a write whose precondition missed a concurrent deletion would) is AWS's
 * {@code ConcurrentModification}, never a server failure, and leaves nothing behind; a store that
 * fails for any other reason still fails.
 */
class StoreConflictsTest {
    private static final String ACCOUNT = "123456789012";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-12-07T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    private Database store;
    private Directory directory;

    @BeforeEach
    void open() {
        SecureRandom random = new SecureRandom();
        store = SqliteDatabase.open(dir.resolve("charter.db"));
        Migrations.apply(store);
        directory = new Directory(store, MasterKey.loadOrCreate(dir.resolve("master.key"), random), CLOCK, random,
                List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
        new Accounts(directory).bootstrap(ACCOUNT);
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void aConstraintTheChangeDidNotCheckIsConcurrentModification() {
        Group group = new Groups(directory).create(ACCOUNT, "g", "/", CLOCK.instant());
        long before = store.withHandle(StoreGeneration::read);

        ServiceException e = assertThrows(ServiceException.class, () -> directory.write((c, repositories) -> {
            repositories.groups().addMember(c, group.groupId(), "AIDANOSUCHUSER0000000", CLOCK.instant());
            return null;
        }));

        assertEquals(AwsErrorCode.CONCURRENT_MODIFICATION, e.errorCode());
        assertEquals(before, store.withHandle(StoreGeneration::read), "the refused write left nothing behind");
        assertEquals(Integer.valueOf(0),
                directory.read((c, repositories) -> repositories.groups().countMembers(c, group.groupId())));
    }

    @Test
    void anyOtherStoreFailureStaysAFailure() {
        StoreException e = assertThrows(StoreException.class, () -> directory.write((c, repositories) -> {
            try (PreparedStatement broken = c.prepareStatement("UPDATE no_such_table SET x = 1")) {
                broken.executeUpdate();
            }
            return null;
        }));
        assertFalse(e.conflicting());
    }
}
