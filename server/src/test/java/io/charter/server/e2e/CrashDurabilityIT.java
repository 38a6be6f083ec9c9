package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestStores;
import io.charter.server.store.StoreLocation;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.profiles.ProfileFile;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.User;

/**
 * Nothing acknowledged is lost when the server is killed: writers create and delete users as fast
 * as they can, the server is killed with SIGKILL in the middle, started again on the same store,
 * and every acknowledged creation is there and every acknowledged deletion stays done. Three
 * cycles on one store, on each kind of store: the embedded SQLite file, and PostgreSQL (a schema of
 * its own in the tests' database, {@link TestStores#freshSchema()}), where the killed node's open
 * transactions end with its connections. Every acknowledged request's audit record is there too
 * (read back with the AWS CLI's {@code cloudtrail lookup-events}): a request is answered only once
 * its record is durable.
 */
class CrashDurabilityIT {
    private static final int WRITERS = 4;
    private static final int ACKNOWLEDGED_BEFORE_KILL = 120;

    /** The stores a node is killed on. */
    enum Store { SQLITE, POSTGRESQL }

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Store.class)
    void acknowledgedWritesSurviveAKill(Store store) throws Exception {
        Path dataDir = tmp.resolve("data");
        List<String> options = List.of();
        Map<String, String> environment = Map.of();
        if (store == Store.POSTGRESQL) {
            StoreLocation.Postgres postgres = TestStores.freshSchema();
            options = List.of("--store", postgres.url());
            environment = Map.of("CHARTER_STORE_USER", postgres.user().orElseThrow());
        }
        Written written = new Written();
        for (int cycle = 0; cycle < 3; cycle++) {
            ServedCharter server = ServedCharter.serve(dataDir, options, environment);
            try (IamClient iam = client(server, dataDir)) {
                assertStored(iam, written);
                write(iam, cycle, written);
            } finally {
                server.process().destroyForcibly(); // SIGKILL: no shutdown hook, no clean close
                assertTrue(server.process().waitFor(30, TimeUnit.SECONDS));
            }
        }
        ServedCharter last = ServedCharter.serve(dataDir, options, environment);
        try (IamClient iam = client(last, dataDir)) {
            assertStored(iam, written);
            assertRecorded(last, dataDir, written);
        } finally {
            last.process().destroy();
            assertTrue(last.process().waitFor(30, TimeUnit.SECONDS));
        }
    }

    /** What the writers asked for and what was acknowledged (and the acknowledged requests' ids). */
    private record Written(Set<String> created, Set<String> deleting, Set<String> deleted, Set<String> requestIds) {
        Written() {
            this(ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(), ConcurrentHashMap.newKeySet(),
                    ConcurrentHashMap.newKeySet());
        }
    }

    /** Writes until enough are acknowledged, then returns with the writers still writing. */
    private static void write(IamClient iam, int cycle, Written written) throws InterruptedException {
        AtomicInteger acknowledged = new AtomicInteger();
        CountDownLatch enough = new CountDownLatch(1);
        for (int w = 0; w < WRITERS; w++) {
            String prefix = "c" + cycle + "-w" + w + "-";
            Thread.ofPlatform().daemon().start(() -> {
                try {
                    for (int i = 0; ; i++) {
                        String name = prefix + i;
                        String created = iam.createUser(r -> r.userName(name)).responseMetadata().requestId();
                        written.created().add(name);
                        written.requestIds().add(created);
                        if (i % 3 == 0) {
                            written.deleting().add(name); // from here on the user may be gone, acknowledged or not
                            String deleted = iam.deleteUser(r -> r.userName(name)).responseMetadata().requestId();
                            written.deleted().add(name);
                            written.requestIds().add(deleted);
                        }
                        if (acknowledged.incrementAndGet() >= ACKNOWLEDGED_BEFORE_KILL) {
                            enough.countDown();
                        }
                    }
                } catch (RuntimeException killed) {
                    enough.countDown(); // the server went away: this writer is done
                }
            });
        }
        assertTrue(enough.await(120, TimeUnit.SECONDS), "the writers got no acknowledgements");
    }

    private static void assertStored(IamClient iam, Written written) {
        Set<String> stored = new HashSet<>();
        iam.listUsersPaginator(r -> r.maxItems(1000)).users().stream().map(User::userName).forEach(stored::add);
        Set<String> expected = new HashSet<>(written.created());
        expected.removeAll(written.deleting());
        Set<String> lost = new HashSet<>(expected);
        lost.removeAll(stored);
        assertEquals(Set.of(), lost, "acknowledged users missing after a kill");
        Set<String> resurrected = new HashSet<>(written.deleted());
        resurrected.retainAll(stored);
        assertEquals(Set.of(), resurrected, "acknowledged deletions undone after a kill");
    }

    /** Every acknowledged CreateUser and DeleteUser has its record in the audit trail. */
    private static void assertRecorded(ServedCharter server, Path dataDir, Written written) {
        Map<String, String> env = Map.of("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("credentials").toString(),
                "AWS_ENDPOINT_URL", server.endpoint(), "AWS_DEFAULT_REGION", "us-east-1");
        Set<String> recorded = new HashSet<>();
        for (String name : List.of("CreateUser", "DeleteUser")) {
            Processes.Result result = Processes.aws(env, Duration.ofMinutes(2), "cloudtrail", "lookup-events",
                    "--lookup-attributes", "AttributeKey=EventName,AttributeValue=" + name);
            assertEquals(0, result.exitCode(), result.stderr());
            Processes.json(result.stdout()).get("Events").forEach(e ->
                    recorded.add(Processes.json(e.get("CloudTrailEvent").asText()).get("requestID").asText()));
        }
        Set<String> missing = new HashSet<>(written.requestIds());
        missing.removeAll(recorded);
        assertEquals(Set.of(), missing, "acknowledged requests without their audit record after a kill");
    }

    private static IamClient client(ServedCharter server, Path dataDir) {
        ProfileFile credentials = ProfileFile.builder().content(dataDir.resolve("credentials"))
                .type(ProfileFile.Type.CREDENTIALS).build();
        return IamClient.builder()
                .endpointOverride(URI.create(server.endpoint()))
                .region(Region.US_EAST_1)
                .credentialsProvider(ProfileCredentialsProvider.builder().profileFile(credentials)
                        .profileName("default").build())
                .httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(o -> o.retryStrategy(AwsRetryStrategy.doNotRetry()))
                .build();
    }
}
