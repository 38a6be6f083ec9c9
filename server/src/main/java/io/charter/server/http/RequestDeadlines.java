package io.charter.server.http;

import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Status;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The header and body timeouts: a request whose headers do not arrive whole
 * within the header timeout of its request line, or that is not answered within the body timeout
 * of its headers (a body that stops half-way), has its connection closed. The time a connection
 * waits for a request line is the HTTP layer's idle timeout.
 *
 * <p>Listens to the HTTP/1 connections (request line, headers, response status) and keeps the
 * {@link Exchange} of each connection's latest request; a sweep every {@link #sweepPeriod} closes
 * the connections of the exchanges past their deadline and forgets those whose connection ended.
 * The HTTP layer runs each connection on its own thread, and routes its requests on it, so the
 * thread names the connection.
 *
 * <p>Thread-safe: exchanges live in a concurrent map; each is written by its connection's thread
 * and read by the sweep.
 */
public final class RequestDeadlines implements Http1ConnectionListener, AutoCloseable {
    private final long headerNanos;
    private final long bodyNanos;
    private final Map<Thread, Exchange> open = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sweeper;

    /** The part of a request being read, and when its connection is closed if it is still being read. */
    private static final class Exchange {
        final Thread thread;
        final ConnectionContext connection;
        volatile boolean headersRead;
        volatile boolean answered;
        volatile long deadline;

        Exchange(ConnectionContext connection, long deadline) {
            this.thread = Thread.currentThread();
            this.connection = connection;
            this.deadline = deadline;
        }

        void close() {
            try {
                connection.serverSocket().close();
            } catch (RuntimeException e) {
                // already closed by its peer: nothing is left to close
            }
        }
    }

    @SuppressWarnings("FutureReturnValueIgnored") // the sweep guards its one failing call; it stops with the executor
    public RequestDeadlines(Duration headerTimeout, Duration bodyTimeout) {
        this.headerNanos = headerTimeout.toNanos();
        this.bodyNanos = bodyTimeout.toNanos();
        this.sweeper = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread thread = new Thread(r, "charter-request-deadlines");
            thread.setDaemon(true);
            return thread;
        });
        long period = sweepPeriod(headerTimeout, bodyTimeout).toNanos();
        sweeper.scheduleWithFixedDelay(this::sweep, period, period, TimeUnit.NANOSECONDS);
    }

    /**
     * A quarter of the shorter timeout, between 100 ms and 1 s: a connection is closed at most that
     * late, and the sweep costs nothing noticeable.
     */
    private static Duration sweepPeriod(Duration headerTimeout, Duration bodyTimeout) {
        Duration shorter = headerTimeout.compareTo(bodyTimeout) < 0 ? headerTimeout : bodyTimeout;
        Duration quarter = shorter.dividedBy(4);
        if (quarter.compareTo(Duration.ofMillis(100)) < 0) {
            return Duration.ofMillis(100);
        }
        return quarter.compareTo(Duration.ofSeconds(1)) > 0 ? Duration.ofSeconds(1) : quarter;
    }

    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        open.put(Thread.currentThread(), new Exchange(ctx, System.nanoTime() + headerNanos));
    }

    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Exchange exchange = open.get(Thread.currentThread());
        if (exchange != null) {
            exchange.deadline = System.nanoTime() + bodyNanos;
            exchange.headersRead = true;
        }
    }

    /** The answer is being written: the request was read in time. */
    @Override
    public void status(ConnectionContext ctx, Status status) {
        Exchange exchange = open.get(Thread.currentThread());
        if (exchange != null) {
            exchange.answered = true;
        }
    }

    /**
     * Whether the calling connection thread is serving a request whose headers were read whole (the
     * HTTP layer's failures before that point are failures to parse the request's head).
     */
    boolean servingRequest() {
        Exchange exchange = open.get(Thread.currentThread());
        return exchange != null && exchange.headersRead && !exchange.answered;
    }

    /**
     * For the request on the calling connection thread: what to call as its body streams on (from
     * any thread), so that its body deadline measures a stall rather than the whole body (an S3
     * upload of gigabytes). Does nothing for a thread serving no request.
     */
    public Runnable bodyProgress() {
        Exchange exchange = open.get(Thread.currentThread());
        if (exchange == null) {
            return () -> { };
        }
        return () -> exchange.deadline = System.nanoTime() + bodyNanos;
    }

    /**
     * For the request on the calling connection thread: what to call once its body was read whole
     * (from any thread): the rest of the answer's time is the server's (an S3 copy the store
     * makes), not a client's stall, so the deadline stops. Does nothing for a thread serving no request.
     */
    public Runnable bodyEnded() {
        Exchange exchange = open.get(Thread.currentThread());
        if (exchange == null) {
            return () -> { };
        }
        return () -> exchange.deadline = System.nanoTime() + Long.MAX_VALUE / 4;
    }

    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Exchange> it = open.values().iterator(); it.hasNext(); ) {
            Exchange exchange = it.next();
            if (!exchange.thread.isAlive()) {
                it.remove();
            } else if (!exchange.answered && now - exchange.deadline > 0) {
                it.remove();
                exchange.close();
            }
        }
    }

    @Override
    public void close() {
        sweeper.shutdownNow();
    }
}
