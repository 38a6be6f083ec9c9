package io.charter.server.audit;

import static java.util.Objects.requireNonNull;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.store.AuditRepository;
import io.charter.server.store.AuditRow;
import io.charter.server.store.Database;
import io.charter.server.store.StoreException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The audit trail's writer: a request is answered only once its record is durable. The request's
 * thread puts its {@link AuditEvent} in a bounded queue and waits; one writer thread takes whatever
 * the queue holds (up to {@value #MAX_BATCH} events), renders their records, commits them in one
 * transaction and wakes their requests (group commit: under load one commit, one {@code fsync}, for
 * many requests, so recording costs a request its share of a commit, not a commit).
 *
 * <p>Nothing is dropped silently. A request that finds the queue full waits up to the configured
 * time for room, then is answered {@code ServiceUnavailable} (503), counted ({@link #refused()}) and
 * logged with the counts; a batch the store refuses is counted ({@link #failedBatches()}) and each of
 * its requests answered 503 (its operation may have taken effect, as after any 5xx).
 *
 * <p>With a spool (a node on PostgreSQL, whose trail is the shared store), a batch the store cannot
 * take because it cannot be reached is committed to the node's own spool file instead, durable
 * there, and its requests answered; {@link #shipSpooled} moves spooled records to the store once it
 * is back. So a node serving from its snapshot while the store is away records what it serves.
 *
 * <p>Thread-safe. {@link #close} stops taking events, commits those queued and stops the writer.
 */
public final class AuditLog implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(AuditLog.class.getName());
    static final int MAX_BATCH = 512;
    /** How long a request waits for its batch's commit before it is answered 503 (a store that hangs). */
    private static final long COMMIT_WAIT_NANOS = TimeUnit.SECONDS.toNanos(30);
    private static final long LOG_EVERY_NANOS = TimeUnit.SECONDS.toNanos(10);

    private static final int SHIP_BATCH = 2_000;
    /** After the store was found away, how long batches go straight to the spool. */
    private static final long STORE_AWAY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private final Database database;
    private final Optional<Database> spool;
    private final AtomicLong spooled = new AtomicLong();
    /** Until when (System.nanoTime) batches go straight to the spool: the store was found away. */
    private long storeAwayUntil = System.nanoTime();
    private final AuditRepository repository = new AuditRepository();
    private final ArrayBlockingQueue<Pending> queue;
    private final long queueWaitNanos;
    private final Thread writer;
    private final AtomicLong committed = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong failedBatches = new AtomicLong();
    private final AtomicLong lastRefusalLog = new AtomicLong(System.nanoTime() - LOG_EVERY_NANOS);
    private final boolean recording;
    private volatile boolean closed;

    /**
     * Starts the writer over {@code database} (migrated: {@code Migrations.applyAudit}).
     *
     * @param queueCapacity the events waiting for a commit at most
     * @param queueWait how long a request waits for room in a full queue
     */
    public AuditLog(Database database, int queueCapacity, Duration queueWait) {
        this(database, Optional.empty(), queueCapacity, queueWait, true);
    }

    /**
     * A log over a shared store that may go away, and the node's own {@code spool} (migrated too) for
     * the batches it cannot take meanwhile.
     */
    public AuditLog(Database database, Database spool, int queueCapacity, Duration queueWait) {
        this(database, Optional.of(spool), queueCapacity, queueWait, true);
    }

    private AuditLog(Database database, Optional<Database> spool, int queueCapacity, Duration queueWait,
            boolean recording) {
        this.database = requireNonNull(database, "database is null");
        this.spool = requireNonNull(spool, "spool is null");
        this.queue = new ArrayBlockingQueue<>(queueCapacity);
        this.queueWaitNanos = queueWait.toNanos();
        this.recording = recording;
        this.writer = Thread.ofPlatform().name("charter-audit-writer").daemon().start(this::write);
    }

    /**
     * A log that records nothing: the baseline of the benchmark that measures what recording costs.
     * No configuration of a server reaches it.
     */
    public static AuditLog discarding(Database database) {
        return new AuditLog(database, Optional.empty(), 1, Duration.ZERO, false);
    }

    /**
     * Records {@code event} and returns once its record is durable.
     *
     * @throws ServiceException {@code ServiceUnavailable} when the record could not be made durable
     *     in time (the queue stayed full, or the store refused it)
     */
    public void record(AuditEvent event) {
        if (!recording) {
            return;
        }
        Pending pending = new Pending(event, Thread.currentThread());
        boolean queued;
        try {
            queued = !closed && (queue.offer(pending) || queue.offer(pending, queueWaitNanos, TimeUnit.NANOSECONDS));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            queued = false;
        }
        if (!queued) {
            long count = refused.incrementAndGet();
            logRefusal(count);
            throw unavailable();
        }
        long deadline = System.nanoTime() + COMMIT_WAIT_NANOS;
        while (pending.state == Pending.WAITING) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw unavailable();
            }
            LockSupport.parkNanos(pending, left);
        }
        if (pending.state == Pending.FAILED) {
            throw unavailable();
        }
    }

    private static ServiceException unavailable() {
        return new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE,
                "The request could not be recorded in the audit trail in time; try again.");
    }

    private void logRefusal(long count) {
        long now = System.nanoTime();
        long last = lastRefusalLog.get();
        if (now - last >= LOG_EVERY_NANOS && lastRefusalLog.compareAndSet(last, now)) {
            LOG.warning("audit trail: the record queue is full (" + queue.size() + " waiting); requests refused with"
                    + " 503 so far: " + count + ", records committed: " + committed.get() + ", failed commits: "
                    + failedBatches.get());
        }
    }

    private void write() {
        List<Pending> batch = new ArrayList<>(MAX_BATCH);
        List<AuditRow> rows = new ArrayList<>(MAX_BATCH + 8);
        while (true) {
            try {
                Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (closed && queue.isEmpty()) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
            } catch (InterruptedException e) {
                if (queue.isEmpty()) {
                    return;
                }
                queue.drainTo(batch, MAX_BATCH);
            }
            commit(batch, rows);
            batch.clear();
            rows.clear();
        }
    }

    private void commit(List<Pending> batch, List<AuditRow> rows) {
        int outcome = Pending.COMMITTED;
        try {
            for (Pending pending : batch) {
                rows.addAll(CloudTrailRecords.rows(pending.event));
            }
            try {
                if (spool.isPresent() && System.nanoTime() - storeAwayUntil < 0) {
                    // Found away a moment ago: not another connection timeout per batch.
                    throw new StoreException("the store was away a moment ago", null, false, true);
                }
                database.inTransaction(c -> {
                    repository.insert(c, rows);
                    return null;
                });
            } catch (StoreException e) {
                if (!e.unreachable() || spool.isEmpty()) {
                    throw e;
                }
                storeAwayUntil = System.nanoTime() + STORE_AWAY_NANOS;
                spool.get().inTransaction(c -> {
                    repository.insert(c, rows);
                    return null;
                });
                spooled.addAndGet(rows.size());
            }
            committed.addAndGet(batch.size());
        } catch (RuntimeException e) {
            outcome = Pending.FAILED;
            long failures = failedBatches.incrementAndGet();
            LOG.log(Level.SEVERE, "audit trail: a batch of " + batch.size() + " records could not be committed; its"
                    + " requests are answered 503 (failed commits so far: " + failures + "): " + e.getClass().getName());
        }
        for (Pending pending : batch) {
            pending.state = outcome;
            LockSupport.unpark(pending.waiter);
        }
    }

    /**
     * Moves the records spooled while the store was away to the store, oldest first, a batch at a
     * time (each written in place of any copy a failed move left, then removed from the spool);
     * returns how many moved. Does nothing without a spool, or while the store is still away.
     */
    public long shipSpooled() {
        if (spool.isEmpty()) {
            return 0;
        }
        long moved = 0;
        while (true) {
            List<AuditRow> rows = spool.get().withHandle(c -> repository.oldest(c, SHIP_BATCH));
            if (rows.isEmpty()) {
                return moved;
            }
            database.inTransaction(c -> {
                repository.replace(c, rows);
                return null;
            });
            List<String> ids = rows.stream().map(AuditRow::eventId).toList();
            spool.get().inTransaction(c -> {
                repository.delete(c, ids);
                return null;
            });
            moved += rows.size();
            if (rows.size() < SHIP_BATCH) {
                LOG.info("audit trail: " + moved + " records spooled while the store was away moved to it");
                return moved;
            }
        }
    }

    /** Records written to the spool because the store could not be reached (moved later). */
    public long spooled() {
        return spooled.get();
    }

    /** Requests whose record was committed. */
    public long committed() {
        return committed.get();
    }

    /** Requests refused with 503 because the queue stayed full. */
    public long refused() {
        return refused.get();
    }

    /** Batches the store refused (their requests answered 503). */
    public long failedBatches() {
        return failedBatches.get();
    }

    /** Events waiting for their commit now. */
    public int queued() {
        return queue.size();
    }

    /** The audit trail's part of {@code /health}: {@code "audit":{…}}, a JSON member. */
    public String healthMember() {
        return "\"audit\":{\"committed\":" + committed.get() + ",\"queued\":" + queue.size() + ",\"refused\":"
                + refused.get() + ",\"failedCommits\":" + failedBatches.get()
                + (spool.isPresent() ? ",\"spooled\":" + spooled.get() : "") + "}";
    }

    @Override
    public void close() {
        closed = true;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** An event and the request waiting for its commit. */
    private static final class Pending {
        static final int WAITING = 0;
        static final int COMMITTED = 1;
        static final int FAILED = 2;

        final AuditEvent event;
        final Thread waiter;
        volatile int state = WAITING;

        Pending(AuditEvent event, Thread waiter) {
            this.event = event;
            this.waiter = waiter;
        }
    }
}
