package io.charter.server.concurrency;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.StoreGeneration;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two processes sharing one store file (here two {@link SqliteDatabase}s, each with its own
 * connection) run read-check-write transactions at once: each transaction holds the file's write
 * lock from its first statement, so none reads a value another then changes under it, and none
 * fails for having read too early. Every increment of a counter read and written back survives.
 */
class SharedStoreFileTest {
    private static final int THREADS_PER_PROCESS = 4;
    private static final int INCREMENTS_EACH = 25;

    @TempDir
    Path dir;

    @Test
    void readThenWriteTransactionsOnTwoConnectionsNeverInterleave() throws Exception {
        Path file = dir.resolve("charter.db");
        try (Database first = SqliteDatabase.open(file); Database second = SqliteDatabase.open(file)) {
            Migrations.apply(first);
            long before = first.withHandle(StoreGeneration::read);
            List<Database> processes = List.of(first, second);
            int threads = processes.size() * THREADS_PER_PROCESS;
            CyclicBarrier startLine = new CyclicBarrier(threads);
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < threads; t++) {
                    Database store = processes.get(t % processes.size());
                    done.add(pool.submit(() -> {
                        startLine.await();
                        for (int i = 0; i < INCREMENTS_EACH; i++) {
                            store.inTransaction(c -> {
                                // Read first, then write what was read: the shape of every precondition.
                                long read = StoreGeneration.read(c);
                                try (PreparedStatement write = c.prepareStatement(
                                        "UPDATE store_generation SET generation = ? WHERE id = 1")) {
                                    write.setLong(1, read + 1);
                                    write.executeUpdate();
                                }
                                return null;
                            });
                        }
                        return null;
                    }));
                }
                for (Future<?> thread : done) {
                    thread.get(60, TimeUnit.SECONDS); // a store failure fails the test here
                }
            } finally {
                pool.shutdownNow();
            }
            assertEquals(before + (long) threads * INCREMENTS_EACH, second.withHandle(StoreGeneration::read));
        }
    }
}
