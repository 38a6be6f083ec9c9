package io.charter.bench;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.domain.Directory;
import io.charter.server.domain.Domain;
import io.charter.server.domain.Roles;
import io.charter.server.domain.Users;
import io.charter.server.identity.Arns;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.UniqueId;
import io.charter.server.store.Database;
import io.charter.server.store.IdentityRepository;
import io.charter.server.store.PermissionRepository;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.VersionRow;
import io.charter.server.store.RoleRepository.RoleRow;
import io.charter.server.store.RoleRepository;
import io.charter.server.store.SqliteDatabase;
import io.charter.server.store.StoreGeneration;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Fills a Charter data directory for the scaling runs: {@code N} roles, each trusting the account
 * and with its own customer managed policy attached (a realistic two-statement S3 policy), written
 * in one transaction through the server's own repositories, as another node would write (creating them one API call at a time
 * would measure the write path, not the store size). Prints how long the write and a whole snapshot
 * rebuild took, and then how long one ordinary write takes with that many roles in the store.
 *
 * <p>Usage: {@code java -cp bench/target/benchmarks.jar io.charter.bench.SeedStore DATA_DIR N [ACCOUNT]}
 */
public final class SeedStore {
    private SeedStore() {
    }

    public static void main(String[] args) {
        Path dataDir = Path.of(args[0]);
        int count = Integer.parseInt(args[1]);
        String account = args.length > 2 ? args[2] : "123456789012";
        CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, account, 1024 * 1024, Duration.ofSeconds(1),
                Duration.ofDays(30));
        try (CharterServer server = CharterServer.start(config, Clock.systemUTC())) {
            Directory directory = server.directory();
            long started = System.nanoTime();
            seed(directory, dataDir.resolve("charter.db"), count, account);
            System.out.printf("seeded %d roles and policies in %d ms (one transaction and one snapshot rebuild)%n",
                    count, (System.nanoTime() - started) / 1_000_000);
            long rebuild = System.nanoTime();
            directory.reload();
            System.out.printf("a full snapshot rebuild with them takes %d ms%n", (System.nanoTime() - rebuild) / 1_000_000);
            System.out.printf("a write (create a user, then delete it) with them takes %.2f ms (median of %d)%n",
                    medianWriteMillis(server.domain(), account), PROBE_WRITES);
        }
    }

    /**
     * Writes {@code count} roles named {@code scale-role-I} (path {@code /scale/}), each trusting
     * the account and with its own customer managed policy attached, in one transaction on a
     * connection of its own to the server's store, as another node sharing the store would write;
     * the server then catches up with the journal ({@link Directory#refresh}).
     */
    static void seed(Directory directory, Path store, int count, String account) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"" + Arns.root(account) + "\"},\"Action\":\"sts:AssumeRole\"}]}";
        IdentityRepository identities = new IdentityRepository();
        RoleRepository roles = new RoleRepository();
        PermissionRepository permissions = new PermissionRepository();
        RandomGenerator random = new SecureRandom();
        try (Database database = SqliteDatabase.open(store)) {
            database.inTransaction(c -> {
                StoreGeneration.advance(c);
                Instant now = Instant.now();
                for (int i = 0; i < count; i++) {
                    Identity role = new Identity(UniqueId.ROLE.mint(random), account, IdentityKind.ROLE,
                            "scale-role-" + i, "/scale/", now);
                    identities.insertPrincipal(c, role);
                    roles.insert(c, new RoleRow(role.uniqueId(), trust, Optional.empty(), Roles.DEFAULT_MAX_SESSION));
                    String policyId = UniqueId.POLICY.mint(random);
                    String policyName = "scale-policy-" + i;
                    permissions.insertPolicy(c, new PolicyRow(policyId, account, policyName, "/scale/", "", "v1", now, now));
                    permissions.insertVersion(c, new VersionRow(policyId, "v1", document(i), now));
                    permissions.attach(c, role.uniqueId(), Arns.policy(account, "/scale/", policyName), now);
                }
                return null;
            });
        }
        directory.refresh();
    }

    /** Writes timed after seeding: each creates a user, then deletes it, so the store keeps its size. */
    private static final int PROBE_WRITES = 41;

    private static double medianWriteMillis(Domain domain, String account) {
        long[] nanos = new long[PROBE_WRITES];
        for (int i = 0; i < PROBE_WRITES; i++) {
            long started = System.nanoTime();
            Identity user = domain.users().create(new Users.NewUser(account, "seed-probe", "/", List.of(),
                    Optional.empty()), Instant.now()).value();
            domain.users().delete(user);
            nanos[i] = (System.nanoTime() - started) / 2;
        }
        Arrays.sort(nanos);
        return nanos[PROBE_WRITES / 2] / 1e6;
    }

    private static String document(int i) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":["
                + "{\"Sid\":\"Read\",\"Effect\":\"Allow\",\"Action\":[\"s3:GetObject\",\"s3:ListBucket\"],"
                + "\"Resource\":[\"arn:aws:s3:::bucket-" + i + "\",\"arn:aws:s3:::bucket-" + i + "/*\"]},"
                + "{\"Sid\":\"Tagged\",\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"arn:aws:s3:::bucket-" + i
                + "/*\",\"Condition\":{\"StringEquals\":{\"aws:PrincipalTag/team\":\"team-" + (i % 100) + "\"}}}]}";
    }
}
