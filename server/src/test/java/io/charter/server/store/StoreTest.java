package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.config.CharterConfig;
import io.charter.server.crypto.MasterKey;
import io.charter.server.domain.Accounts;
import io.charter.server.domain.Directory;
import io.charter.server.identity.AccessKeyStatus;
import io.charter.server.identity.Account;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded store on a real SQLite file. */
class StoreTest {
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-23T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;

    @Test
    void migrationsRunOnceAndBootstrapIsNotRepeated() throws Exception {
        SecureRandom random = new SecureRandom();
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), random);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("master.key"))));
        Optional<NewAccessKey> first;
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            assertEquals(migrationFiles().size(), Migrations.apply(db));
            assertEquals(0, Migrations.apply(db));
            Directory directory = new Directory(db, masterKey, CLOCK, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
            first = new Accounts(directory).bootstrap("123456789012");
            assertTrue(first.isPresent());
            assertEquals("arn:aws:iam::123456789012:root", first.get().principal().arn());
        }
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            assertEquals(0, Migrations.apply(db));
            MasterKey sameKey = MasterKey.loadOrCreate(dir.resolve("master.key"), random);
            Directory directory = new Directory(db, sameKey, CLOCK, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
            Accounts accounts = new Accounts(directory);
            assertEquals(Optional.empty(), accounts.bootstrap("123456789012"));
            directory.refresh();
            var credential = directory.snapshot().credential(first.get().accessKeyId()).orElseThrow();
            assertEquals(first.get().secretAccessKey(), credential.key().secret());
            assertEquals(AccessKeyStatus.Active, credential.key().status());
            assertEquals(1, accounts.list().size());
        }
    }

    @Test
    void secretsAreSealedAtRestAndBoundToTheirKeyId() {
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), new SecureRandom());
        String sealed = masterKey.seal("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIAEXAMPLE");
        assertFalse(sealed.contains("wJalr"));
        assertNotEquals(sealed, masterKey.seal("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "AKIAEXAMPLE"));
        assertEquals("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", masterKey.open(sealed, "AKIAEXAMPLE"));
        assertThrows(IllegalStateException.class, () -> masterKey.open(sealed, "AKIAOTHER"));
    }

    @Test
    void failedTransactionLeavesNothingBehind() {
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            Migrations.apply(db);
            IdentityRepository repository = new IdentityRepository();
            assertThrows(StoreException.class, () -> db.inTransaction(c -> {
                repository.insertAccount(c, new Account("111111111111", "a", Optional.empty(), false, CLOCK.instant()));
                repository.insertAccount(c, new Account("111111111111", "dup", Optional.empty(), false, CLOCK.instant()));
                return null;
            }));
            assertEquals(0, db.withHandle(repository::listAccounts).size());
        }
    }

    private static List<String> migrationFiles() throws IOException {
        try (var listing = Files.list(Path.of("src/main/resources/io/charter/server/store/migrations"))) {
            return listing.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".sql")).sorted().toList();
        }
    }

    @Test
    void everyCommitReachesTheDiskBeforeItIsAcknowledged() {
        try (Database db = SqliteDatabase.open(dir.resolve("charter.db"))) {
            assertEquals("wal", db.withHandle(c -> pragma(c, "journal_mode")));
            // 2 is FULL: the WAL is synced at every commit, so an acknowledged write survives a power loss.
            assertEquals("2", db.withHandle(c -> pragma(c, "synchronous")));
        }
    }

    private static String pragma(Connection c, String name) throws SQLException {
        try (Statement statement = c.createStatement(); ResultSet row = statement.executeQuery("PRAGMA " + name)) {
            row.next();
            return row.getString(1);
        }
    }
}
