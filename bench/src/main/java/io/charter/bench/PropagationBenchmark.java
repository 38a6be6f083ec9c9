package io.charter.bench;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.config.HttpLimits;
import io.charter.server.domain.Domain;
import io.charter.server.domain.PolicyHolder;
import io.charter.server.domain.PolicyHolderKind;
import io.charter.server.domain.Users;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.store.StoreLocation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * How fast a change made on one node applies on another: two nodes in this process on one
 * PostgreSQL store (a fresh schema of the database named, dropped at the end; the database is
 * created if it does not exist), N changes made on node A through the domain layer, a third each of
 * user created, managed policy detached and session revoked, and for each the time from issuing it
 * on A until node B's snapshot shows it (an upper bound of the delay from the commit: it includes
 * A's own write, its transaction and its snapshot update), and from A acknowledging it (its write
 * returned; often B has it already, then 0). Prints p50, p99 and max in milliseconds, overall and
 * per kind. A warm-up of 100 changes is not counted.
 *
 * <p>Run: {@code java -cp bench/target/benchmarks.jar io.charter.bench.PropagationBenchmark
 * [postgresql://127.0.0.1:5432/charter_propagation [1000]]}; the user is {@code CHARTER_STORE_USER}
 * (default {@code postgres}), the password {@code CHARTER_STORE_PASSWORD} if set.
 */
public final class PropagationBenchmark {
    private static final String ACCOUNT = "123456789012";
    private static final String MANAGED_POLICY = "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess";
    private static final Duration DEADLINE = Duration.ofSeconds(10);
    private static final int WARM_UP = 100;

    private PropagationBenchmark() {
    }

    /** The kinds of change measured, in turn. */
    private enum Kind { CREATE_USER, DETACH_POLICY, REVOKE_SESSION }

    public static void main(String[] args) throws Exception {
        String database = args.length > 0 ? args[0] : "postgresql://127.0.0.1:5432/charter_propagation";
        int changes = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
        Optional<String> user = Optional.of(Optional.ofNullable(System.getenv("CHARTER_STORE_USER")).orElse("postgres"));
        Optional<String> password = Optional.ofNullable(System.getenv("CHARTER_STORE_PASSWORD"));
        String schema = "propagation_" + System.currentTimeMillis();
        createDatabaseIfAbsent(database, user, password);
        execute("jdbc:" + database, user, password, "CREATE SCHEMA " + schema);
        StoreLocation store = new StoreLocation.Postgres(database + "?currentSchema=" + schema, user, password, 10);
        Path dataDir = Files.createTempDirectory("charter-propagation-");
        try (CharterServer a = start(dataDir, store); CharterServer b = start(dataDir, store)) {
            run(a.domain(), b, changes);
        } finally {
            execute("jdbc:" + database, user, password, "DROP SCHEMA " + schema + " CASCADE");
            deleteQuietly(dataDir);
        }
    }

    private static void run(Domain a, CharterServer b, int changes) {
        Identity holder = a.users().create(new Users.NewUser(ACCOUNT, "policy-holder", "/", List.of(),
                Optional.empty()), Instant.now()).value();
        PolicyHolder policyHolder = new PolicyHolder(PolicyHolderKind.USER, holder.uniqueId(), holder.name());
        Map<Kind, List<Double>> byKind = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            byKind.put(kind, new ArrayList<>());
        }
        List<Double> fromIssue = new ArrayList<>();
        List<Double> fromAcknowledgement = new ArrayList<>();
        List<Double> writes = new ArrayList<>();
        for (int i = -WARM_UP; i < changes; i++) {
            Kind kind = Kind.values()[Math.floorMod(i, Kind.values().length)]; // each kind in turn
            String name = "propagated-" + (i + WARM_UP);
            String sessionId = String.format(Locale.ROOT, "ASIAPROPAGATION%06d", i + WARM_UP);
            if (kind == Kind.DETACH_POLICY) {
                // Set-up, not measured: B must hold the attachment before its removal can be seen.
                a.permissions().attach(policyHolder, MANAGED_POLICY, Instant.now());
                await(b, s -> s.attachedPolicies(holder.uniqueId()).contains(MANAGED_POLICY));
            }
            long issued = System.nanoTime();
            Predicate<IdentitySnapshot> applied = switch (kind) {
                case CREATE_USER -> {
                    a.users().create(new Users.NewUser(ACCOUNT, name, "/", List.of(), Optional.empty()), Instant.now());
                    yield s -> s.principal(ACCOUNT, IdentityKind.USER, name).isPresent();
                }
                case DETACH_POLICY -> {
                    a.permissions().detach(policyHolder, MANAGED_POLICY);
                    yield s -> !s.attachedPolicies(holder.uniqueId()).contains(MANAGED_POLICY);
                }
                case REVOKE_SESSION -> {
                    a.revocations().revoke(sessionId, ACCOUNT);
                    yield s -> s.isRevokedSession(sessionId);
                }
            };
            long acknowledged = System.nanoTime();
            await(b, applied);
            long seen = System.nanoTime();
            if (i < 0) {
                continue;
            }
            writes.add((acknowledged - issued) / 1e6);
            fromIssue.add((seen - issued) / 1e6);
            fromAcknowledgement.add((seen - acknowledged) / 1e6);
            byKind.get(kind).add((seen - issued) / 1e6);
        }
        System.out.printf(Locale.ROOT, "propagation to node B's snapshot of %d changes made on node A%n", changes);
        print("from issue on A", fromIssue);
        for (Kind kind : Kind.values()) {
            print("  " + kind.name().toLowerCase(Locale.ROOT), byKind.get(kind));
        }
        print("from A's acknowledgement", fromAcknowledgement);
        print("A's write (for reference)", writes);
    }

    /** Polls B's snapshot until {@code applied} holds for it. */
    private static void await(CharterServer b, Predicate<IdentitySnapshot> applied) {
        long deadline = System.nanoTime() + DEADLINE.toNanos();
        while (!applied.test(b.directory().current())) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("node B did not apply a change within " + DEADLINE);
            }
            LockSupport.parkNanos(20_000);
        }
    }

    private static void print(String label, List<Double> millis) {
        if (millis.isEmpty()) {
            return;
        }
        double[] sorted = millis.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        System.out.printf(Locale.ROOT, "%-28s n=%5d  p50 %8.2f ms  p99 %8.2f ms  max %8.2f ms%n", label, sorted.length,
                percentile(sorted, 0.50), percentile(sorted, 0.99), sorted[sorted.length - 1]);
    }

    /** The nearest-rank percentile of sorted values. */
    private static double percentile(double[] sorted, double p) {
        int rank = (int) Math.ceil(p * sorted.length);
        return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))];
    }

    private static CharterServer start(Path dataDir, StoreLocation store) {
        CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, ACCOUNT, 1 << 20, Duration.ofSeconds(1),
                Duration.ofDays(30), HttpLimits.DEFAULTS, store, CharterConfig.DEFAULT_MAX_STALENESS);
        return CharterServer.start(config, Clock.systemUTC());
    }

    private static void createDatabaseIfAbsent(String database, Optional<String> user, Optional<String> password)
            throws SQLException {
        int slash = database.lastIndexOf('/');
        int query = database.indexOf('?', slash);
        String name = database.substring(slash + 1, query < 0 ? database.length() : query);
        String server = "jdbc:" + database.substring(0, slash) + "/postgres";
        try (Connection c = connect(server, user, password); Statement statement = c.createStatement();
                ResultSet found = statement.executeQuery("SELECT 1 FROM pg_database WHERE datname = '"
                        + name.replace("'", "''") + "'")) {
            if (!found.next()) {
                try (Statement create = c.createStatement()) {
                    create.execute("CREATE DATABASE \"" + name.replace("\"", "\"\"") + "\"");
                }
            }
        }
    }

    private static void execute(String jdbcUrl, Optional<String> user, Optional<String> password, String sql)
            throws SQLException {
        try (Connection c = connect(jdbcUrl, user, password); Statement statement = c.createStatement()) {
            statement.execute(sql);
        }
    }

    private static Connection connect(String jdbcUrl, Optional<String> user, Optional<String> password)
            throws SQLException {
        return DriverManager.getConnection(jdbcUrl, user.orElse(null), password.orElse(null));
    }

    private static void deleteQuietly(Path dir) {
        try (var paths = Files.walk(dir)) {
            paths.sorted((x, y) -> y.getNameCount() - x.getNameCount()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
        } catch (IOException | UncheckedIOException e) {
            System.err.println("could not delete " + dir + ": " + e.getMessage());
        }
    }
}
