package io.charter.bench;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.domain.Directory;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.UniqueId;
import io.charter.server.store.PermissionRows.PolicyRow;
import io.charter.server.store.PermissionRows.VersionRow;
import io.charter.server.store.RoleRepository.RoleRow;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Fills a Charter data directory for the scaling runs: {@code N} roles, each trusting the account
 * and with its own customer managed policy attached (a realistic two-statement S3 policy), written
 * in one transaction through the server's own repositories (creating them one API call at a time
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
            seed(directory, count, account);
            System.out.printf("seeded %d roles and policies in %d ms (one transaction and one snapshot rebuild)%n",
                    count, (System.nanoTime() - started) / 1_000_000);
            long rebuild = System.nanoTime();
            directory.reload();
            System.out.printf("a full snapshot rebuild with them takes %d ms%n", (System.nanoTime() - rebuild) / 1_000_000);
            System.out.printf("a write (create a user, then delete it) with them takes %.2f ms (median of %d)%n",
                    medianWriteMillis(directory, account), PROBE_WRITES);
        }
    }

    /**
     * Writes {@code count} roles named {@code scale-role-I} (path {@code /scale/}), each trusting
     * the account and with its own customer managed policy attached, in one transaction.
     */
    static void seed(Directory directory, int count, String account) {
        String trust = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                + "\"arn:aws:iam::" + account + ":root\"},\"Action\":\"sts:AssumeRole\"}]}";
        directory.write((c, w) -> {
            Instant now = Instant.now();
            for (int i = 0; i < count; i++) {
                String name = "scale-role-" + i;
                Identity role = new Identity(UniqueId.ROLE.mint(directory.random()), account, IdentityKind.ROLE,
                        name, "/scale/", now);
                w.identities().insertPrincipal(c, role);
                w.roles().insert(c, new RoleRow(role.uniqueId(), trust, Optional.empty(), 3600));
                String policyId = UniqueId.POLICY.mint(directory.random());
                String policyName = "scale-policy-" + i;
                w.permissions().insertPolicy(c, new PolicyRow(policyId, account, policyName, "/scale/", "", "v1", now, now));
                w.permissions().insertVersion(c, new VersionRow(policyId, "v1", document(i), now));
                w.permissions().attach(c, role.uniqueId(), "arn:aws:iam::" + account + ":policy/scale/" + policyName, now);
            }
            return null;
        });
    }

    /** Writes timed after seeding: each creates a user, then deletes it, so the store keeps its size. */
    private static final int PROBE_WRITES = 41;

    private static double medianWriteMillis(Directory directory, String account) {
        long[] nanos = new long[PROBE_WRITES];
        for (int i = 0; i < PROBE_WRITES; i++) {
            long started = System.nanoTime();
            Identity user = directory.createUser(account, "seed-probe", "/");
            directory.write((c, w) -> {
                w.identities().deletePrincipal(c, user.uniqueId());
                return null;
            });
            nanos[i] = (System.nanoTime() - started) / 2;
        }
        java.util.Arrays.sort(nanos);
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
