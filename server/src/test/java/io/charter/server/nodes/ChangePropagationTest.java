package io.charter.server.nodes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.TestStores;
import io.charter.server.identity.IdentityKind;
import io.charter.server.store.StoreLocation;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.iam.IamClient;

/**
 * Two nodes on one PostgreSQL store: a write on one is announced when it commits and applied on
 * the other at once, far sooner than the one-second poll would; a node whose store connections
 * (its listener's included) were killed reconnects by itself and still follows.
 */
class ChangePropagationTest {
    /** Changes measured per run: enough that the poll alone could not pass by luck. */
    private static final int CHANGES = 20;
    /**
     * The median delay a notified node must beat: the poll alone gives about 500 ms (a change lands
     * anywhere in the 1 s interval); a notification takes milliseconds.
     */
    private static final Duration NOTIFIED_MEDIAN = Duration.ofMillis(200);

    private static final TestClock CLOCK = new TestClock();
    private static StoreLocation.Postgres store;
    private static TestServer writer;
    private static TestServer follower;

    @BeforeAll
    static void start() throws IOException {
        store = TestStores.freshSchema();
        Path dataDir = Files.createTempDirectory("charter-propagation");
        writer = TestServer.start(CLOCK, dataDir, store);
        follower = TestServer.start(CLOCK, dataDir, store);
    }

    @AfterAll
    static void stop() {
        follower.close();
        writer.close();
    }

    @Test
    void aUserCreatedOnOneNodeIsUsableOnTheOtherWithinMilliseconds() {
        List<Duration> delays = new ArrayList<>();
        for (int i = 0; i < CHANGES; i++) {
            delays.add(propagation("propagated-" + i));
        }
        assertTrue(median(delays).compareTo(NOTIFIED_MEDIAN) < 0, "delays " + delays);

        // The other node serves it to a signed call (not only to its snapshot).
        try (IamClient iam = follower.iam(writer.rootCredentials())) {
            assertEquals("propagated-0", iam.getUser(r -> r.userName("propagated-0")).user().userName());
        }
    }

    @Test
    void aNodeWhoseConnectionsWereKilledReconnectsAndStillFollows() throws SQLException {
        assertTrue(killConnections() > 0, "the nodes' connections were found");
        // The writer's pool finds its connections dead and opens new ones; the first write may meet one.
        awaitTrue(Duration.ofSeconds(20), () -> {
            try {
                writer.createUser("after-kill", "/");
                return true;
            } catch (RuntimeException e) {
                return false;
            }
        });
        awaitTrue(Duration.ofSeconds(20), () -> sees(follower, "after-kill"));

        // Once the listener is back, changes are announced again: as fast as before.
        List<Duration> delays = new ArrayList<>();
        awaitTrue(Duration.ofSeconds(20), () -> {
            delays.clear();
            for (int i = 0; i < CHANGES; i++) {
                delays.add(propagation("reconnected-" + System.nanoTime() + "-" + i));
            }
            return median(delays).compareTo(NOTIFIED_MEDIAN) < 0;
        });
        assertTrue(median(delays).compareTo(NOTIFIED_MEDIAN) < 0, "delays " + delays);
    }

    /**
     * Creates a user on the writer; returns how long after the write was issued the follower had it
     * (the writer's own write, its commit and its snapshot update included).
     */
    private static Duration propagation(String name) {
        long issued = System.nanoTime();
        writer.createUser(name, "/");
        awaitTrue(Duration.ofSeconds(10), () -> sees(follower, name));
        return Duration.ofNanos(System.nanoTime() - issued);
    }

    private static boolean sees(TestServer node, String userName) {
        return node.server().directory().current().principal(TestServer.ACCOUNT, IdentityKind.USER, userName)
                .isPresent();
    }

    private static Duration median(List<Duration> delays) {
        List<Duration> sorted = new ArrayList<>(delays);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }

    /** Ends every backend the nodes of this run hold in the test database (pools and listeners). */
    private static int killConnections() throws SQLException {
        try (Connection admin = DriverManager.getConnection(store.jdbcUrl(), "postgres", null);
                Statement statement = admin.createStatement();
                ResultSet killed = statement.executeQuery("SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity"
                        + " WHERE application_name = 'charter' AND datname = current_database()"
                        + " AND pid <> pg_backend_pid()")) {
            killed.next();
            return killed.getInt(1);
        }
    }

    /** Polls {@code condition} until it holds; fails after {@code deadline}. */
    static void awaitTrue(Duration deadline, BooleanSupplier condition) {
        long end = System.nanoTime() + deadline.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) {
                throw new AssertionError("not within " + deadline);
            }
            Thread.onSpinWait();
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }
}
