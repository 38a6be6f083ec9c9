package io.charter.server.store;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.charter.server.TestStores;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * PostgreSQL's notifications between the nodes of one store: a committed write is announced to the
 * store's listeners, a rolled-back one is not, and a listener ignores the writes of another store in
 * the same database (a schema each).
 */
class ChangeNotificationsTest {
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void aCommittedWriteIsAnnouncedToItsStoreOnly() throws InterruptedException {
        try (Database mine = TestStores.freshSchema().open(); Database other = TestStores.freshSchema().open()) {
            Semaphore told = new Semaphore(0);
            ChangeNotifications notifications = mine.notifications(told::release).orElseThrow();
            try {
                // Told once on connecting: writes may have committed before it listened.
                acquire(told);

                // Another store's write, then a rolled-back write of this store, then a committed one:
                // delivered in commit order, so by the time this store's write is heard, the other
                // store's has been seen (and ignored). One call, not two or three.
                announce(other, 1);
                assertThrows(IllegalStateException.class, () -> mine.inTransaction(c -> {
                    mine.announce(c, 2);
                    throw new IllegalStateException("rolled back");
                }));
                announce(mine, 3);
                acquire(told);
                announce(mine, 4);
                acquire(told);
                assertEquals(0, told.availablePermits());
            } finally {
                notifications.close();
            }
        }
    }

    private static void announce(Database database, long generation) {
        database.inTransaction(c -> {
            database.announce(c, generation);
            return null;
        });
    }

    private static void acquire(Semaphore told) throws InterruptedException {
        if (!told.tryAcquire(WAIT.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("not told within " + WAIT);
        }
    }
}
