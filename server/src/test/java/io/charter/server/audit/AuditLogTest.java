package io.charter.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit log's bounds, on a real audit store whose commits are held back (a slow disk): a request
 * that finds the queue full waits the configured time, then is refused with {@code ServiceUnavailable},
 * counted; the requests queued before it are committed, none lost, once the store moves again.
 */
class AuditLogTest {
    @TempDir
    Path dir;

    @Test
    void aFullQueueIsRefusedAndCountedNotDropped() throws Exception {
        try (SqliteDatabase store = SqliteDatabase.open(dir.resolve("audit.db"))) {
            Migrations.applyAudit(store);
            HeldCommits held = new HeldCommits(store);
            AuditLog log = new AuditLog(held, 1, Duration.ofMillis(200));
            try {
                AtomicReference<Throwable> failure = new AtomicReference<>();
                Thread first = Thread.ofVirtual().start(() -> record(log, "first", failure));
                assertTrue(held.entered.await(30, TimeUnit.SECONDS), "the writer never committed");
                // The writer holds "first" in its commit; "second" fills the queue of one.
                Thread second = Thread.ofVirtual().start(() -> record(log, "second", failure));
                while (log.queued() < 1) {
                    Thread.onSpinWait();
                }
                ServiceException refused = assertThrows(ServiceException.class, () -> log.record(event("third")));
                assertEquals(AwsErrorCode.SERVICE_UNAVAILABLE, refused.errorCode());
                assertEquals(1, log.refused());
                assertTrue(log.healthMember().contains("\"refused\":1"), log.healthMember());

                held.release.countDown();
                first.join();
                second.join();
                assertEquals(null, failure.get());
                assertEquals(2, log.committed());
                assertEquals(2, new AuditTrail(store).size());
            } finally {
                held.release.countDown();
                log.close();
            }
        }
    }

    @Test
    void aCommitTheStoreRefusesAnswersItsRequests503AndIsCounted() {
        try (SqliteDatabase store = SqliteDatabase.open(dir.resolve("audit.db"))) {
            // No schema: every insert fails.
            AuditLog log = new AuditLog(store, 16, Duration.ofSeconds(1));
            try {
                ServiceException refused = assertThrows(ServiceException.class, () -> log.record(event("lost")));
                assertEquals(AwsErrorCode.SERVICE_UNAVAILABLE, refused.errorCode());
                assertEquals(1, log.failedBatches());
                assertEquals(0, log.committed());
            } finally {
                log.close();
            }
        }
    }

    private static void record(AuditLog log, String id, AtomicReference<Throwable> failure) {
        try {
            log.record(event(id));
        } catch (RuntimeException e) {
            failure.set(e);
        }
    }

    private static AuditEvent event(String requestId) {
        AuditEvent event = new AuditEvent(Instant.parse("2026-12-08T01:00:00Z"), requestId, "127.0.0.1",
                Optional.of("test"), "123456789012");
        event.operation("sts", "GetCallerIdentity");
        return event;
    }

    /** The real store, each commit held until {@link #release} (the first one entering says so). */
    private static final class HeldCommits implements Database {
        final CountDownLatch entered = new CountDownLatch(1);
        final CountDownLatch release = new CountDownLatch(1);
        private final Database store;

        HeldCommits(Database store) {
            this.store = store;
        }

        @Override
        public DataSource dataSource() {
            return store.dataSource();
        }

        @Override
        public <T> T withHandle(Work<T> work) {
            return store.withHandle(work);
        }

        @Override
        public <T> T inReadTransaction(Work<T> work) {
            return store.inReadTransaction(work);
        }

        @Override
        public <T> T inTransaction(Work<T> work) {
            entered.countDown();
            try {
                if (!release.await(60, TimeUnit.SECONDS)) {
                    throw new IllegalStateException("never released");
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
            return store.inTransaction(work);
        }

        @Override
        public void close() {
        }
    }
}
