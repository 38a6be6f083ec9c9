package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestStores;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The PostgreSQL store's transactions: writes at READ COMMITTED, reads at REPEATABLE READ and read
 * only, each read seeing one committed state whatever commits meanwhile, and a failure rolled back.
 */
class PostgresDatabaseTest {
    private static Database store;

    @BeforeAll
    static void open() {
        store = TestStores.freshSchema().open();
        Migrations.apply(store);
    }

    @AfterAll
    static void close() {
        store.close();
    }

    @Test
    void writesRunAtReadCommittedAndReadsAtRepeatableReadReadOnly() {
        assertEquals("read committed off", store.inTransaction(PostgresDatabaseTest::characteristics));
        assertEquals("repeatable read on", store.inReadTransaction(PostgresDatabaseTest::characteristics));
        // A pooled connection a read used comes back writable, at READ COMMITTED.
        for (int i = 0; i < 6; i++) {
            assertEquals("read committed off", store.inTransaction(PostgresDatabaseTest::characteristics));
        }
    }

    @Test
    void aReadSeesOneCommittedStateAndCannotWrite() {
        long before = store.withHandle(StoreGeneration::read);
        long seen = store.inReadTransaction(c -> {
            long first = StoreGeneration.read(c);
            store.inTransaction(StoreGeneration::advance); // another writer commits meanwhile
            assertEquals(first, StoreGeneration.read(c), "the read's view moved");
            return first;
        });
        assertEquals(before, seen);
        assertEquals(before + 1, store.withHandle(StoreGeneration::read));
        StoreException refused = assertThrows(StoreException.class, () -> store.inReadTransaction(StoreGeneration::advance));
        assertTrue(refused.getMessage().contains("read-only"), refused.getMessage());
    }

    @Test
    void aFailedWriteLeavesNothing() {
        long before = store.withHandle(StoreGeneration::read);
        assertThrows(IllegalStateException.class, () -> store.inTransaction(c -> {
            StoreGeneration.advance(c);
            throw new IllegalStateException("refused after writing");
        }));
        assertEquals(before, store.withHandle(StoreGeneration::read));
    }

    private static String characteristics(Connection c) throws SQLException {
        try (Statement statement = c.createStatement()) {
            return show(statement, "transaction_isolation") + " " + show(statement, "transaction_read_only");
        }
    }

    private static String show(Statement statement, String setting) throws SQLException {
        try (ResultSet row = statement.executeQuery("SHOW " + setting)) {
            row.next();
            return row.getString(1);
        }
    }
}
