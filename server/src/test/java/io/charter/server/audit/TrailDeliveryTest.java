package io.charter.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestStores;
import io.charter.server.store.AuditRepository;
import io.charter.server.store.AuditRow;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.SqliteDatabase;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The deliverer over a real store (the audit trail's SQLite file, or PostgreSQL with
 * {@code -Dcharter.test.store=postgresql}): two nodes' deliverers deliver each record once (the
 * lease), a node whose lease expired is taken over, a store that refuses a file leaves the position
 * where it was (the next run writes the records again) and shows the error, a stopped trail delivers
 * nothing, and the hour's digest lists what was delivered and validates.
 */
class TrailDeliveryTest {
    private static final String ACCOUNT = "123456789012";
    private static final Duration INTERVAL = Duration.ofMinutes(5);

    private final TestClock clock = new TestClock().awayFromHourBoundary();
    private final Map<String, byte[]> bucket = new TreeMap<>();
    private final Map<String, String> signatures = new TreeMap<>();
    private final AtomicBoolean refusing = new AtomicBoolean();
    private Database database;
    private Trails trails;
    private TrailKeys keys;
    private int events;

    private final TrailDestination destination = (bucketName, key, body, metadata) -> {
        if (refusing.get()) {
            throw new IOException("the store refused it");
        }
        assertEquals("trail-logs", bucketName);
        bucket.put(key, body.clone());
        Optional.ofNullable(metadata.get(DigestChain.SIGNATURE_METADATA)).ifPresent(s -> signatures.put(key, s));
    };

    @BeforeEach
    void store() throws IOException {
        database = TestStores.postgres() ? TestStores.freshSchema().open()
                : SqliteDatabase.openAuditTrail(Files.createTempDirectory("trail-delivery").resolve("audit.db"));
        Migrations.applyAudit(database);
        trails = new Trails(database);
        keys = new TrailKeys(database, new KeySealer() {
            @Override
            public String seal(String plaintext, String context) {
                return "sealed:" + context + ":" + plaintext;
            }

            @Override
            public String open(String sealed, String context) {
                assertTrue(sealed.startsWith("sealed:" + context + ":"));
                return sealed.substring(("sealed:" + context + ":").length());
            }
        });
        trails.create(new Trail(ACCOUNT, "main", "us-east-1", "trail-logs", Optional.empty(), false, true, true,
                List.of(Trail.EventSelector.DEFAULT), false, false, Optional.empty(), Optional.empty()), clock.instant());
        trails.setLogging(ACCOUNT, "main", true, clock.instant());
    }

    @AfterEach
    void close() {
        database.close();
    }

    private TrailDelivery node() {
        return new TrailDelivery(database, destination, keys, clock, INTERVAL);
    }

    /** A record of this account, now, in {@code region}. */
    private void record(String name, String region) {
        record(name, region, "iam.amazonaws.com");
    }

    private void record(String name, String region, String source) {
        clock.advance(Duration.ofMillis(5));
        Instant time = clock.instant();
        String id = EventIds.next(time);
        String json = "{\"eventVersion\":\"1.11\",\"eventTime\":\"" + time + "\",\"eventName\":\"" + name
                + "\",\"eventSource\":\"" + source + "\",\"awsRegion\":\"" + region + "\",\"eventID\":\"" + id
                + "\",\"eventCategory\":\"Management\"}";
        database.inTransaction(c -> {
            new AuditRepository().insert(c, List.of(new AuditRow(id, ACCOUNT, time.toEpochMilli(), name,
                    "iam.amazonaws.com", false, Optional.empty(), Optional.empty(), Optional.empty(), json, List.of())));
            return null;
        });
        events++;
    }

    private List<String> logKeys() {
        return bucket.keySet().stream().filter(k -> k.contains("/CloudTrail/")).toList();
    }

    private String allRecords() throws IOException {
        StringBuilder out = new StringBuilder();
        for (String key : logKeys()) {
            out.append(new String(DigestChain.gunzip(bucket.get(key)), StandardCharsets.UTF_8));
        }
        return out.toString();
    }

    @Test
    void twoNodesDeliverEachRecordOnceAndAnExpiredLeaseIsTakenOver() throws IOException {
        TrailDelivery first = node();
        TrailDelivery second = node();
        record("CreateUser", "us-east-1");
        record("CreateRole", "us-east-1");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(new TrailDelivery.Run(true, 1, 0, 0), first.run());
        assertFalse(second.run().leader());
        record("DeleteUser", "us-east-1");
        clock.advance(Duration.ofMinutes(2));
        assertFalse(second.run().leader());
        // The first node is gone: once its lease (three intervals) ran out, the second delivers.
        clock.advance(INTERVAL.multipliedBy(3));
        TrailDelivery.Run takeover = second.run();
        assertTrue(takeover.leader());
        assertEquals(1, takeover.logFiles());
        assertFalse(first.run().leader());
        String all = allRecords();
        for (String name : List.of("CreateUser", "CreateRole", "DeleteUser")) {
            assertEquals(all.indexOf("\"" + name + "\""), all.lastIndexOf("\"" + name + "\""), name + " once");
            assertTrue(all.contains("\"" + name + "\""), name);
        }
        assertEquals(2, logKeys().size());
    }

    @Test
    void aRecordIsDeliveredOnlyOnceItSettledAndASingleRegionTrailTakesItsRegionsAlone() throws IOException {
        TrailDelivery delivery = node();
        record("CreateUser", "us-east-1");
        record("RunInstances", "eu-west-1");
        assertEquals(0, delivery.run().logFiles()); // not a minute old yet
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, delivery.run().logFiles());
        assertTrue(allRecords().contains("CreateUser"));
        assertFalse(allRecords().contains("RunInstances"));
        assertTrue(logKeys().getFirst().matches("AWSLogs/" + ACCOUNT + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/"
                + ACCOUNT + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz"), logKeys().getFirst());
    }

    @Test
    void aTrailWithoutGlobalServiceEventsLeavesIamOut() throws IOException {
        trails.delete(ACCOUNT, "main");
        trails.create(new Trail(ACCOUNT, "main", "us-east-1", "trail-logs", Optional.of("regional"), false, false,
                false, List.of(Trail.EventSelector.DEFAULT), false, false, Optional.empty(), Optional.empty()),
                clock.instant());
        trails.setLogging(ACCOUNT, "main", true, clock.instant());
        record("CreateUser", "us-east-1", "iam.amazonaws.com");
        record("GetCallerIdentity", "us-east-1", "sts.amazonaws.com");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, node().run().logFiles());
        assertTrue(logKeys().getFirst().startsWith("regional/AWSLogs/"), logKeys().getFirst());
        assertFalse(allRecords().contains("CreateUser"));
        assertTrue(allRecords().contains("GetCallerIdentity"));
    }

    @Test
    void aRefusedFileLeavesThePositionAndTheStatusShowsTheError() throws IOException {
        TrailDelivery delivery = node();
        record("CreateUser", "us-east-1");
        clock.advance(Duration.ofMinutes(2));
        refusing.set(true);
        assertEquals(1, delivery.run().failures());
        Trails.Status failed = trails.status(ACCOUNT, "main");
        assertEquals(Optional.of("DeliveryFailed: IOException"), failed.latestDeliveryError());
        assertTrue(failed.latestDeliveryTime().isEmpty());
        refusing.set(false);
        assertEquals(1, delivery.run().logFiles());
        assertTrue(allRecords().contains("CreateUser"));
        Trails.Status delivered = trails.status(ACCOUNT, "main");
        assertTrue(delivered.latestDeliveryError().isEmpty());
        assertTrue(delivered.latestDeliveryTime().isPresent());
    }

    @Test
    void aStoppedTrailDeliversNothingAndRestartedDeliversFromThen() throws IOException {
        TrailDelivery delivery = node();
        record("BeforeStop", "us-east-1");
        trails.setLogging(ACCOUNT, "main", false, clock.instant());
        record("WhileStopped", "us-east-1");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, delivery.run().logFiles()); // BeforeStop alone
        assertEquals(0, delivery.run().logFiles());
        trails.setLogging(ACCOUNT, "main", true, clock.instant());
        record("AfterRestart", "us-east-1");
        clock.advance(Duration.ofMinutes(2));
        assertEquals(1, delivery.run().logFiles());
        assertFalse(allRecords().contains("WhileStopped"));
        assertTrue(allRecords().contains("BeforeStop"), "what was logged before the stop is delivered after it");
        assertTrue(allRecords().contains("AfterRestart"));
    }

    @Test
    void theHoursDigestListsItsLogFilesAndTheChainValidates() throws IOException {
        TrailDelivery delivery = node();
        for (int hour = 0; hour < 3; hour++) {
            record("CreateUser", "us-east-1");
            clock.advance(Duration.ofMinutes(2));
            delivery.run();
            clock.advance(Duration.ofHours(1));
            assertEquals(1, delivery.run().digestFiles());
        }
        assertEquals(3, events);
        Map<String, PublicKey> publicKeys = new TreeMap<>();
        keys.publicKeys(clock.instant()).forEach(k -> publicKeys.put(k.fingerprint(), k.publicKey()));
        DigestChain.TrailFiles files = new DigestChain.TrailFiles() {
            @Override
            public List<String> list(String prefix) {
                return bucket.keySet().stream().filter(k -> k.startsWith(prefix)).toList();
            }

            @Override
            public Optional<byte[]> read(String key) {
                return Optional.ofNullable(bucket.get(key));
            }

            @Override
            public Optional<String> signature(String key) {
                return Optional.ofNullable(signatures.get(key));
            }
        };
        DigestChain.Report report = DigestChain.validate(files, publicKeys, ACCOUNT, "main", "", Optional.empty());
        assertTrue(report.valid(), report.problems().toString());
        assertEquals(3, report.digests());
        assertEquals(logKeys().size(), report.logFiles());
        bucket.remove(logKeys().getFirst());
        assertFalse(DigestChain.validate(files, publicKeys, ACCOUNT, "main", "", Optional.empty()).valid());
    }
}
