package io.charter.server.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.policy.PolicyType;
import io.charter.server.TestStores;
import io.charter.server.config.CharterConfig;
import io.charter.server.crypto.MasterKey;
import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import io.charter.server.identity.Account;
import io.charter.server.identity.Bucket;
import io.charter.server.identity.BucketPolicy;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.store.Database;
import io.charter.server.store.Migrations;
import io.charter.server.store.StoreLocation;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.function.Executable;

/**
 * Buckets as the domain layer keeps them, on the run's store (SQLite, or PostgreSQL when the suite
 * runs on it) and with two nodes sharing it, as two {@code charter serve} processes would: a name
 * belongs to one account of the server, S3's errors say who holds it, a policy is kept verbatim and
 * compiled, and the snapshot (the writer's at once, the other node's by the journal) follows every
 * change. The tests run with {@code charter.snapshot.check=true}, so every incremental update is
 * also compared with a whole reload.
 */
class BucketsTest {
    private static final String ACCOUNT = "123456789012";
    private static final String OTHER = "210987654321";
    private static final String POLICY = "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [{\"Sid\": \"Read\","
            + " \"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::210987654321:root\"},"
            + " \"Action\": \"s3:GetObject\", \"Resource\": \"arn:aws:s3:::photos/*\"}]\n}";
    private static final String OTHER_POLICY = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Deny\","
            + "\"Principal\":\"*\",\"Action\":\"s3:DeleteObject\",\"Resource\":\"arn:aws:s3:::photos/*\"}]}";

    private final Clock clock = Clock.fixed(Instant.parse("2026-12-07T12:00:00.123456789Z"), ZoneOffset.UTC);
    private final SecureRandom random = new SecureRandom();

    @TempDir
    Path dir;
    private Database firstStore;
    private Database secondStore;
    private Directory first;
    private Directory second;
    private Buckets buckets;
    private Buckets onSecond;

    @BeforeEach
    void twoNodesOnOneStore() {
        assertEquals("true", System.getProperty("charter.snapshot.check"),
                "these tests expect every incremental update to be checked against a whole reload");
        StoreLocation location = TestStores.forDataDir(dir);
        MasterKey masterKey = MasterKey.loadOrCreate(dir.resolve("master.key"), random);
        firstStore = location.open();
        Migrations.apply(firstStore);
        secondStore = location.open();
        first = new Directory(firstStore, masterKey, clock, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
        second = new Directory(secondStore, masterKey, clock, random, List.of(), CharterConfig.DEFAULT_MAX_STALENESS);
        new Accounts(first).bootstrap(ACCOUNT);
        first.write((c, store) -> {
            store.identities().insertAccount(c, new Account(OTHER, "other", Optional.of("other@example.com"), false,
                    clock.instant()));
            return null;
        });
        second.refresh();
        buckets = new Buckets(first);
        onSecond = new Buckets(second);
    }

    @AfterEach
    void close() {
        firstStore.close();
        secondStore.close();
    }

    @Test
    void aNewBucketIsTheAccountsAndInTheWritersSnapshotAtOnce() {
        Instant now = clock.instant();
        Bucket created = buckets.create(ACCOUNT, "photos", "eu-west-1");

        assertEquals(new Bucket("photos", ACCOUNT, "eu-west-1", now, Optional.empty()), created);
        assertEquals("arn:aws:s3:::photos", created.arn());
        IdentitySnapshot snapshot = first.snapshot();
        assertEquals(Optional.of(created), snapshot.bucket("photos"));
        assertEquals(List.of(created), snapshot.buckets(ACCOUNT));
        assertEquals(List.of(), snapshot.buckets(OTHER));
        assertEquals(Optional.empty(), snapshot.bucket("Photos"), "names are exact");
        assertEquals(Optional.empty(), snapshot.bucket("photo"));
    }

    @Test
    void aBucketWriteSharesTheRestOfTheSnapshotAndOtherWritesShareTheBuckets() {
        buckets.create(ACCOUNT, "photos", "us-east-1");
        IdentitySnapshot before = first.snapshot();

        buckets.putPolicy("photos", POLICY);
        IdentitySnapshot after = first.snapshot();
        assertSame(before.principals(), after.principals());
        assertSame(before.credentials(), after.credentials());
        assertSame(before.managedPolicies(), after.managedPolicies());

        new Users(first).create(new Users.NewUser(ACCOUNT, "alice", "/", List.of(), Optional.empty()), clock.instant());
        assertSame(after.buckets(), first.snapshot().buckets(), "a write that touched no bucket shares them all");
    }

    @Test
    void aNameAnyAccountHoldsIsRefusedAsS3RefusesIt() {
        Bucket created = buckets.create(ACCOUNT, "photos", "us-east-1");

        refused(AwsErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
                "Your previous request to create the named bucket succeeded and you already own it.",
                () -> buckets.create(ACCOUNT, "photos", "us-east-1"));
        refused(AwsErrorCode.BUCKET_ALREADY_OWNED_BY_YOU,
                "Your previous request to create the named bucket succeeded and you already own it.",
                () -> buckets.create(ACCOUNT, "photos", "eu-west-1"));
        refused(AwsErrorCode.BUCKET_ALREADY_EXISTS, "The requested bucket name is not available. The bucket namespace"
                + " is shared by all users of the system. Please select a different name and try again.",
                () -> buckets.create(OTHER, "photos", "us-east-1"));
        // The second node has not followed yet: the store decides, not its snapshot.
        assertEquals(Optional.empty(), second.snapshot().bucket("photos"));
        refused(AwsErrorCode.BUCKET_ALREADY_EXISTS, null, () -> onSecond.create(OTHER, "photos", "us-east-1"));

        assertEquals(Optional.of(created), first.snapshot().bucket("photos"));
        assertEquals(List.of(), first.snapshot().buckets(OTHER));
    }

    @Test
    void aDeletedBucketIsGoneWithItsPolicyAndItsNameFree() {
        buckets.create(ACCOUNT, "photos", "us-east-1");
        buckets.putPolicy("photos", POLICY);

        buckets.delete("photos");

        assertEquals(Optional.empty(), first.snapshot().bucket("photos"));
        assertEquals(List.of(), first.snapshot().buckets(ACCOUNT));
        String noSuchBucket = "The specified bucket does not exist";
        refused(AwsErrorCode.NO_SUCH_BUCKET, noSuchBucket, () -> buckets.delete("photos"));
        refused(AwsErrorCode.NO_SUCH_BUCKET, noSuchBucket, () -> buckets.putPolicy("photos", POLICY));
        refused(AwsErrorCode.NO_SUCH_BUCKET, noSuchBucket, () -> buckets.deletePolicy("photos"));
        refused(AwsErrorCode.NO_SUCH_BUCKET, noSuchBucket, () -> buckets.delete("never-made"));

        Bucket again = buckets.create(OTHER, "photos", "eu-central-1");
        assertEquals(Optional.empty(), again.policy(), "a bucket made again starts without the old policy");
        assertEquals(Optional.of(again), first.snapshot().bucket("photos"));
    }

    @Test
    void aPolicyIsKeptVerbatimCompiledReplacedAndDeleted() {
        Bucket created = buckets.create(ACCOUNT, "photos", "us-east-1");

        buckets.putPolicy("photos", POLICY);

        Bucket withPolicy = first.snapshot().bucket("photos").orElseThrow();
        BucketPolicy policy = withPolicy.policy().orElseThrow();
        assertEquals(POLICY, policy.text(), "the text as written, white space and all");
        assertEquals(PolicyType.RESOURCE, policy.compiled().type());
        assertEquals(POLICY, policy.compiled().text());
        assertEquals("arn:aws:s3:::photos bucket policy", policy.compiled().name());
        assertEquals(Optional.of("Read"), policy.compiled().sid(0));
        assertEquals(created.withPolicy(Optional.empty()), withPolicy.withPolicy(Optional.empty()),
                "owner, region and creation time stay");
        assertEquals(List.of("photos"), first.snapshot().buckets(ACCOUNT).stream().map(Bucket::name).toList());
        assertEquals(Optional.of(POLICY), first.snapshot().buckets(ACCOUNT).get(0).policy().map(BucketPolicy::text),
                "the account's list holds the bucket as it is now");

        buckets.putPolicy("photos", OTHER_POLICY);
        assertEquals(Optional.of(OTHER_POLICY), policyText(first.snapshot(), "photos"), "replaced whole");

        buckets.deletePolicy("photos");
        assertEquals(Optional.empty(), first.snapshot().bucket("photos").orElseThrow().policy());
        buckets.deletePolicy("photos"); // no policy is not an error
        assertEquals(Optional.empty(), first.snapshot().bucket("photos").orElseThrow().policy());
    }

    @Test
    void aPolicyIsCompiledOnceAndKeptWhileItsTextIsUnchanged() {
        buckets.create(ACCOUNT, "photos", "us-east-1");
        buckets.putPolicy("photos", POLICY);
        BucketPolicy compiled = first.snapshot().bucket("photos").orElseThrow().policy().orElseThrow();

        buckets.create(ACCOUNT, "videos", "us-east-1");
        first.reload();

        assertSame(compiled, first.snapshot().bucket("photos").orElseThrow().policy().orElseThrow(),
                "neither another write nor a whole reload compiles an unchanged text again");
    }

    @Test
    void anAccountsBucketsAreItsOwnSortedByName() {
        for (String name : List.of("zeta", "alpha", "mid-1", "mid")) {
            buckets.create(ACCOUNT, name, "us-east-1");
        }
        buckets.create(OTHER, "beta", "us-east-1");
        buckets.create(OTHER, "aardvark", "us-east-1");

        assertEquals(List.of("alpha", "mid", "mid-1", "zeta"), names(first.snapshot(), ACCOUNT));
        assertEquals(List.of("aardvark", "beta"), names(first.snapshot(), OTHER));

        buckets.delete("mid");
        buckets.delete("aardvark");
        buckets.delete("beta");
        assertEquals(List.of("alpha", "mid-1", "zeta"), names(first.snapshot(), ACCOUNT));
        assertEquals(List.of(), names(first.snapshot(), OTHER));

        first.reload();
        assertEquals(List.of("alpha", "mid-1", "zeta"), names(first.snapshot(), ACCOUNT), "as a whole read builds it");
    }

    @Test
    void theOtherNodeFollowsEveryBucketChange() {
        Bucket created = buckets.create(ACCOUNT, "photos", "eu-west-1");
        buckets.putPolicy("photos", POLICY);

        assertTrue(second.followStore());
        assertEquals(Optional.of(created), second.snapshot().bucket("photos").map(b -> b.withPolicy(Optional.empty())));
        assertEquals(Optional.of(POLICY), policyText(second.snapshot(), "photos"));
        assertEquals(List.of("photos"), names(second.snapshot(), ACCOUNT));
        assertFalse(second.followStore(), "nothing more to apply");

        onSecond.putPolicy("photos", OTHER_POLICY);
        first.followStore();
        assertEquals(Optional.of(OTHER_POLICY), policyText(first.snapshot(), "photos"), "and back the other way");

        buckets.deletePolicy("photos");
        second.followStore();
        assertEquals(Optional.empty(), second.snapshot().bucket("photos").orElseThrow().policy());

        buckets.delete("photos");
        second.followStore();
        assertEquals(Optional.empty(), second.snapshot().bucket("photos"));
        assertEquals(List.of(), names(second.snapshot(), ACCOUNT));
    }

    @Test
    void theStoreRefusesASecondBucketOfANameWhateverTheWriterRead() {
        buckets.create(ACCOUNT, "photos", "us-east-1");

        // A writer that did not look first (as one racing another would not have seen it): the key decides.
        boolean inserted = first.write((c, store) -> store.buckets().insert(c, "photos", OTHER, "eu-west-1",
                clock.instant()));

        assertFalse(inserted);
        assertEquals(ACCOUNT, first.snapshot().bucket("photos").orElseThrow().accountId());
        assertEquals("us-east-1", first.snapshot().bucket("photos").orElseThrow().region());
    }

    @Test
    void ofCreatesOfOneNameOnTwoNodesOneWinsAndTheOthersAreToldWho() throws Exception {
        int contenders = 8;
        ExecutorService threads = Executors.newFixedThreadPool(contenders);
        try {
            for (int round = 0; round < 4; round++) {
                String name = "raced-" + round;
                CyclicBarrier startLine = new CyclicBarrier(contenders);
                List<Future<Optional<ServiceException>>> answers = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    // Contender i calls node i % 2 for account (i / 2) % 2: every pairing of node and account.
                    Buckets node = i % 2 == 0 ? buckets : onSecond;
                    String account = (i / 2) % 2 == 0 ? ACCOUNT : OTHER;
                    String region = "region-" + i;
                    answers.add(threads.submit(outcome(startLine, () -> node.create(account, name, region))));
                }
                List<Optional<ServiceException>> outcomes = new ArrayList<>();
                for (Future<Optional<ServiceException>> answer : answers) {
                    outcomes.add(within(answer));
                }
                List<Integer> winners = new ArrayList<>();
                for (int i = 0; i < contenders; i++) {
                    if (outcomes.get(i).isEmpty()) {
                        winners.add(i);
                    }
                }
                assertEquals(1, winners.size(), name + ": " + outcomes);
                int winner = winners.get(0);
                String owner = (winner / 2) % 2 == 0 ? ACCOUNT : OTHER;
                for (int i = 0; i < contenders; i++) {
                    if (i != winner) {
                        String account = (i / 2) % 2 == 0 ? ACCOUNT : OTHER;
                        assertEquals(account.equals(owner) ? AwsErrorCode.BUCKET_ALREADY_OWNED_BY_YOU
                                : AwsErrorCode.BUCKET_ALREADY_EXISTS, outcomes.get(i).orElseThrow().errorCode(),
                                name + " contender " + i + ": " + outcomes);
                    }
                }
                first.followStore();
                second.followStore();
                for (Directory node : List.of(first, second)) {
                    Bucket held = node.snapshot().bucket(name).orElseThrow();
                    assertEquals(owner, held.accountId());
                    assertEquals("region-" + winner, held.region());
                }
            }
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void anAccountOwnsTenThousandBucketsAtMost() {
        // 9,999 rows in one write (10,000 creates one by one would take the test minutes on PostgreSQL).
        first.write((c, store) -> {
            for (int i = 1; i < Quotas.BUCKETS_PER_ACCOUNT; i++) {
                store.buckets().insert(c, String.format("bucket-%05d", i), ACCOUNT, "us-east-1", clock.instant());
            }
            return null;
        });

        buckets.create(ACCOUNT, "the-last-one", "us-east-1");
        refused(AwsErrorCode.TOO_MANY_BUCKETS, "You have attempted to create more buckets than allowed",
                () -> buckets.create(ACCOUNT, "one-too-many", "us-east-1"));
        refused(AwsErrorCode.BUCKET_ALREADY_OWNED_BY_YOU, null, () -> buckets.create(ACCOUNT, "bucket-00001", "us-east-1"));

        List<Bucket> owned = first.snapshot().buckets(ACCOUNT);
        assertEquals(Quotas.BUCKETS_PER_ACCOUNT, owned.size());
        assertEquals("bucket-00001", owned.get(0).name());
        assertEquals("the-last-one", owned.get(owned.size() - 1).name());
        assertEquals(Optional.empty(), first.snapshot().bucket("one-too-many"));
        buckets.create(OTHER, "one-too-many", "us-east-1"); // the quota is the account's
        buckets.delete("bucket-00001");
        buckets.create(ACCOUNT, "room-again", "us-east-1");
        assertEquals(Quotas.BUCKETS_PER_ACCOUNT, first.snapshot().buckets(ACCOUNT).size());
    }

    private static Callable<Optional<ServiceException>> outcome(CyclicBarrier startLine, Runnable create) {
        return () -> {
            startLine.await();
            try {
                create.run();
                return Optional.empty();
            } catch (ServiceException e) {
                return Optional.of(e);
            }
        };
    }

    private static <T> T within(Future<T> answer) throws InterruptedException, ExecutionException, TimeoutException {
        return answer.get(60, TimeUnit.SECONDS);
    }

    private static void refused(AwsErrorCode code, String message, Executable call) {
        ServiceException e = assertThrows(ServiceException.class, call);
        assertEquals(code, e.errorCode(), e.getMessage());
        if (message != null) {
            assertEquals(message, e.getMessage());
        }
    }

    private static Optional<String> policyText(IdentitySnapshot snapshot, String bucket) {
        return snapshot.bucket(bucket).orElseThrow().policy().map(BucketPolicy::text);
    }

    private static List<String> names(IdentitySnapshot snapshot, String accountId) {
        return snapshot.buckets(accountId).stream().map(Bucket::name).toList();
    }
}
