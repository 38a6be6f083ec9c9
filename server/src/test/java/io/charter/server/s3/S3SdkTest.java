package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.domain.Domain;
import io.charter.server.identity.CreateAccountStatus;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.identity.NewAccessKey;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.Bucket;
import software.amazon.awssdk.services.s3.model.ListBucketsResponse;
import software.amazon.awssdk.services.s3.model.DeleteObjectsResponse;
import software.amazon.awssdk.services.s3.model.DeletedObject;
import software.amazon.awssdk.services.s3.model.ObjectIdentifier;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;
import software.amazon.awssdk.services.s3.presigner.S3Presigner;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * S3 on Charter's endpoint with the unchanged AWS SDK for Java v2 (its defaults for checksums and
 * chunked signing included): buckets and objects round trip; an assumed role's managed policy
 * decides what it may do; a bucket policy grants another account's role, which also needs its own
 * side; a presigned URL works until it expires; an anonymous request needs a bucket policy naming
 * {@code "*"}.
 */
class S3SdkTest {
    private static final TestClock CLOCK = new TestClock();
    private static TestServer server;
    private static S3Client root;

    @BeforeAll
    static void start() {
        server = TestServer.start(CLOCK);
        root = s3(server.rootCredentials());
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    static S3Client s3(AwsCredentials credentials) {
        return client(server, credentials, true, UrlConnectionHttpClient.create());
    }

    /** The SDK's S3 client for {@code server}, path style or virtual-hosted, through {@code http}. */
    static S3Client client(TestServer server, AwsCredentials credentials, boolean pathStyle, SdkHttpClient http) {
        return S3Client.builder()
                .endpointOverride(server.endpoint())
                .region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(pathStyle).build())
                .credentialsProvider(StaticCredentialsProvider.create(credentials))
                .httpClient(http)
                .build();
    }

    private static byte[] bytes(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    @Test
    void bucketsAndObjectsRoundTrip() {
        root.createBucket(b -> b.bucket("round-trip"));
        byte[] data = bytes(1024, 1);
        root.putObject(p -> p.bucket("round-trip").key("dir/a file+é.bin"), RequestBody.fromBytes(data));
        assertArrayEquals(data, root.getObjectAsBytes(g -> g.bucket("round-trip").key("dir/a file+é.bin")).asByteArray());
        assertEquals(1024L, root.headObject(h -> h.bucket("round-trip").key("dir/a file+é.bin")).contentLength());
        List<S3Object> listed = root.listObjectsV2(l -> l.bucket("round-trip").prefix("dir/")).contents();
        assertEquals(List.of("dir/a file+é.bin"), listed.stream().map(S3Object::key).toList());
        assertTrue(root.listBuckets().buckets().stream().map(Bucket::name).toList().contains("round-trip"));
        assertEquals("BucketNotEmpty", assertThrows(S3Exception.class,
                () -> root.deleteBucket(d -> d.bucket("round-trip"))).awsErrorDetails().errorCode());
        root.deleteObject(d -> d.bucket("round-trip").key("dir/a file+é.bin"));
        root.deleteBucket(d -> d.bucket("round-trip"));
        assertFalse(root.listBuckets().buckets().stream().map(Bucket::name).toList().contains("round-trip"));
        S3Exception missing = assertThrows(S3Exception.class, () -> root.getObject(g -> g.bucket("round-trip").key("x")));
        assertEquals(404, missing.statusCode());
        assertEquals("NoSuchBucket", missing.awsErrorDetails().errorCode());
    }

    @Test
    void aBucketNameIsTakenOnceAcrossAccounts() {
        root.createBucket(b -> b.bucket("taken-once"));
        S3Exception invalid = assertThrows(S3Exception.class, () -> root.createBucket(b -> b.bucket("xn--reserved-prefix")));
        assertEquals("InvalidBucketName", invalid.awsErrorDetails().errorCode());
        try (S3Client partner = s3(partnerRoot())) {
            S3Exception taken = assertThrows(S3Exception.class, () -> partner.createBucket(b -> b.bucket("taken-once")));
            assertEquals(409, taken.statusCode());
            assertEquals("BucketAlreadyExists", taken.awsErrorDetails().errorCode());
            assertFalse(partner.listBuckets().buckets().stream().map(Bucket::name).toList().contains("taken-once"));
        }
    }

    @Test
    void anAssumedRolesManagedPolicyDecides() {
        root.createBucket(b -> b.bucket("walkthrough"));
        root.putObject(p -> p.bucket("walkthrough").key("report.txt"), RequestBody.fromString("quarterly"));
        try (IamClient iam = server.rootIam()) {
            String trust = """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                     "Action":"sts:AssumeRole"}]}""".formatted(TestServer.ACCOUNT);
            for (String[] role : new String[][] {{"S3Reader", "AmazonS3ReadOnlyAccess"}, {"S3Writer", "AmazonS3FullAccess"}}) {
                iam.createRole(r -> r.roleName(role[0]).assumeRolePolicyDocument(trust));
                iam.attachRolePolicy(a -> a.roleName(role[0]).policyArn("arn:aws:iam::aws:policy/" + role[1]));
            }
        }
        AwsBasicCredentials alice = server.userWithKey("alice", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""");
        try (StsClient sts = server.sts(alice);
                S3Client reader = s3(TestServer.session(sts.assumeRole(a -> a.roleArn(
                        "arn:aws:iam::" + TestServer.ACCOUNT + ":role/S3Reader").roleSessionName("reader")).credentials()));
                S3Client writer = s3(TestServer.session(sts.assumeRole(a -> a.roleArn(
                        "arn:aws:iam::" + TestServer.ACCOUNT + ":role/S3Writer").roleSessionName("writer")).credentials()))) {
            assertTrue(reader.listBuckets().buckets().stream().map(Bucket::name).toList().contains("walkthrough"));
            assertEquals("quarterly", reader.getObjectAsBytes(g -> g.bucket("walkthrough").key("report.txt")).asUtf8String());
            // Refused before its body is sent (Expect: 100-continue): the SDK's URL-connection client
            // sees the status, not the error document.
            S3Exception refused = assertThrows(S3Exception.class, () -> reader.putObject(
                    p -> p.bucket("walkthrough").key("new.txt"), RequestBody.fromString("no")));
            assertEquals(403, refused.statusCode());
            S3Exception denied = assertThrows(S3Exception.class, () -> reader.deleteObject(
                    d -> d.bucket("walkthrough").key("report.txt")));
            assertEquals(403, denied.statusCode());
            assertEquals("AccessDenied", denied.awsErrorDetails().errorCode());
            assertTrue(denied.awsErrorDetails().errorMessage().contains(
                    ":assumed-role/S3Reader/reader is not authorized to perform: s3:DeleteObject on resource: "
                            + "\"arn:aws:s3:::walkthrough/report.txt\" because no identity-based policy allows the "
                            + "s3:DeleteObject action"), denied.awsErrorDetails().errorMessage());
            writer.putObject(p -> p.bucket("walkthrough").key("new.txt"), RequestBody.fromString("yes"));
            assertEquals("yes", reader.getObjectAsBytes(g -> g.bucket("walkthrough").key("new.txt")).asUtf8String());
        }
    }

    @Test
    void aBucketPolicyGrantsAnotherAccountsRoleWhichAlsoNeedsItsOwnSide() {
        root.createBucket(b -> b.bucket("shared-reports"));
        root.putObject(p -> p.bucket("shared-reports").key("q1.csv"), RequestBody.fromString("a,b"));
        AwsBasicCredentials partnerRoot = partnerRoot();
        String partner = partnerAccount;
        String roleArn = "arn:aws:iam::" + partner + ":role/auditor";
        AwsBasicCredentials bob;
        try (IamClient iam = server.iam(partnerRoot)) {
            iam.createRole(r -> r.roleName("auditor").assumeRolePolicyDocument("""
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                     "Action":"sts:AssumeRole"}]}""".formatted(partner)));
            bob = TestServer.userWithKey(iam, "bob", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Resource":"*"}]}""");
        }
        try (StsClient sts = server.sts(bob);
                S3Client auditor = s3(TestServer.session(sts.assumeRole(a -> a.roleArn(roleArn)
                        .roleSessionName("audit")).credentials()))) {
            S3Exception before = assertThrows(S3Exception.class,
                    () -> auditor.getObjectAsBytes(g -> g.bucket("shared-reports").key("q1.csv")));
            assertEquals("AccessDenied", before.awsErrorDetails().errorCode());
            root.putBucketPolicy(p -> p.bucket("shared-reports").policy("""
                    {"Version":"2012-10-17","Statement":[{"Sid":"Auditors","Effect":"Allow",
                     "Principal":{"AWS":"%s"},"Action":"s3:GetObject","Resource":"arn:aws:s3:::shared-reports/*"}]}"""
                    .formatted(roleArn)));
            assertTrue(root.getBucketPolicy(g -> g.bucket("shared-reports")).policy().contains("Auditors"));
            // The bucket's side alone: the role's own account grants it nothing yet.
            S3Exception oneSide = assertThrows(S3Exception.class,
                    () -> auditor.getObjectAsBytes(g -> g.bucket("shared-reports").key("q1.csv")));
            assertEquals("AccessDenied", oneSide.awsErrorDetails().errorCode());
            try (IamClient iam = server.iam(partnerRoot)) {
                iam.putRolePolicy(p -> p.roleName("auditor").policyName("read-shared").policyDocument("""
                        {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject",
                         "Resource":"arn:aws:s3:::shared-reports/*"}]}"""));
            }
            assertEquals("a,b", auditor.getObjectAsBytes(g -> g.bucket("shared-reports").key("q1.csv")).asUtf8String());
            S3Exception notGranted = assertThrows(S3Exception.class, () -> auditor.deleteObject(
                    d -> d.bucket("shared-reports").key("q1.csv")));
            assertEquals("AccessDenied", notGranted.awsErrorDetails().errorCode());
        }
        root.deleteBucketPolicy(d -> d.bucket("shared-reports"));
        S3Exception none = assertThrows(S3Exception.class, () -> root.getBucketPolicy(g -> g.bucket("shared-reports")));
        assertEquals("NoSuchBucketPolicy", none.awsErrorDetails().errorCode());
    }

    @Test
    void aPresignedUrlWorksUntilItExpires() throws Exception {
        root.createBucket(b -> b.bucket("presigned"));
        root.putObject(p -> p.bucket("presigned").key("doc.txt"), RequestBody.fromString("signed for an hour"));
        URI url;
        try (S3Presigner presigner = S3Presigner.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(server.rootCredentials())).build()) {
            url = presigner.presignGetObject(p -> p.signatureDuration(Duration.ofHours(1))
                    .getObjectRequest(g -> g.bucket("presigned").key("doc.txt"))).url().toURI();
        }
        HttpClient http = HttpClient.newHttpClient();
        HttpResponse<String> fetched = http.send(HttpRequest.newBuilder(url).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, fetched.statusCode());
        assertEquals("signed for an hour", fetched.body());
        CLOCK.advance(Duration.ofMinutes(61));
        try {
            HttpResponse<String> expired = http.send(HttpRequest.newBuilder(url).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(403, expired.statusCode());
            assertTrue(expired.body().contains("<Code>AccessDenied</Code><Message>Request has expired</Message>"),
                    expired.body());
            assertTrue(expired.body().contains("<RequestId>") && expired.body().contains("<HostId>"), expired.body());
        } finally {
            CLOCK.advance(Duration.ofMinutes(-61));
        }
    }

    @Test
    void anAnonymousRequestNeedsABucketPolicyNamingEveryone() throws Exception {
        root.createBucket(b -> b.bucket("public-site"));
        root.putObject(p -> p.bucket("public-site").key("index.html"), RequestBody.fromString("<h1>hi</h1>"));
        HttpClient http = HttpClient.newHttpClient();
        HttpRequest get = HttpRequest.newBuilder(server.endpoint().resolve("/public-site/index.html")).build();
        HttpResponse<String> refused = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(403, refused.statusCode());
        assertTrue(refused.body().contains("<Code>AccessDenied</Code>"), refused.body());
        root.putBucketPolicy(p -> p.bucket("public-site").policy("""
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"s3:GetObject",
                 "Resource":"arn:aws:s3:::public-site/*"}]}"""));
        HttpResponse<String> served = http.send(get, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, served.statusCode());
        assertEquals("<h1>hi</h1>", served.body());
        HttpResponse<String> put = http.send(HttpRequest.newBuilder(server.endpoint().resolve("/public-site/x"))
                .PUT(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, put.statusCode());
    }

    @Test
    void deleteObjectsIsDecidedPerObjectInQuietModeToo() {
        root.createBucket(b -> b.bucket("per-key"));
        for (String key : List.of("scratch/a", "scratch/b", "kept/c", "kept/d")) {
            root.putObject(p -> p.bucket("per-key").key(key), RequestBody.fromString(key));
        }
        AwsBasicCredentials cleaner = server.userWithKey("cleaner", """
                {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:DeleteObject",
                 "Resource":"arn:aws:s3:::per-key/scratch/*"}]}""");
        try (S3Client client = s3(cleaner)) {
            DeleteObjectsResponse loud = client.deleteObjects(d -> d.bucket("per-key").delete(del -> del.objects(
                    ObjectIdentifier.builder().key("scratch/a").build(), ObjectIdentifier.builder().key("kept/c").build())));
            assertEquals(List.of("scratch/a"), loud.deleted().stream().map(DeletedObject::key).toList());
            assertEquals(List.of("kept/c:AccessDenied"), loud.errors().stream().map(e -> e.key() + ":" + e.code()).toList());
            DeleteObjectsResponse quiet = client.deleteObjects(d -> d.bucket("per-key").delete(del -> del.quiet(true)
                    .objects(ObjectIdentifier.builder().key("scratch/b").build(),
                            ObjectIdentifier.builder().key("kept/d").build())));
            assertEquals(List.of("kept/d:AccessDenied"), quiet.errors().stream().map(e -> e.key() + ":" + e.code()).toList());
        }
        assertEquals(List.of("kept/c", "kept/d"), root.listObjectsV2(l -> l.bucket("per-key")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void aBucketNamedHealthIsABucket() {
        root.createBucket(b -> b.bucket("health"));
        root.putObject(p -> p.bucket("health").key("check"), RequestBody.fromString("ok"));
        assertEquals(List.of("check"), root.listObjectsV2(l -> l.bucket("health")).contents().stream()
                .map(S3Object::key).toList());
    }

    @Test
    void aClockTooFarOffIsRequestTimeTooSkewed() {
        CLOCK.advance(Duration.ofMinutes(20));
        try {
            S3Exception skewed = assertThrows(S3Exception.class, () -> root.listBuckets());
            assertEquals(403, skewed.statusCode());
            assertEquals("RequestTimeTooSkewed", skewed.awsErrorDetails().errorCode());
        } finally {
            CLOCK.advance(Duration.ofMinutes(-20));
        }
    }

    @Test
    void listBucketsNarrowsByPrefixAndPages() {
        for (String name : List.of("page-a", "page-b", "page-c", "other-page")) {
            root.createBucket(b -> b.bucket(name));
        }
        ListBucketsResponse first = root.listBuckets(l -> l.prefix("page-").maxBuckets(2));
        assertEquals(List.of("page-a", "page-b"), first.buckets().stream().map(Bucket::name).toList());
        assertEquals("page-", first.prefix());
        ListBucketsResponse second = root.listBuckets(l -> l.prefix("page-").maxBuckets(2)
                .continuationToken(first.continuationToken()));
        assertEquals(List.of("page-c"), second.buckets().stream().map(Bucket::name).toList());
        assertEquals(null, second.continuationToken());
    }

    private static String partnerAccount;
    private static AwsBasicCredentials partnerRootKey;

    /** The root key of a second account of the organization (made once). */
    private static synchronized AwsBasicCredentials partnerRoot() {
        if (partnerRootKey == null) {
            Domain domain = server.server().domain();
            CreateAccountStatus created = domain.organizations().createAccount(
                    domain.organizations().organization(TestServer.ACCOUNT), "partner@example.com", "partner",
                    "OrganizationAccountAccessRole", Instant.now());
            partnerAccount = created.accountId().orElseThrow();
            IdentitySnapshot snapshot = server.server().directory().snapshot();
            NewAccessKey key = domain.accessKeys().create(snapshot.principals().get(partnerAccount), Instant.now());
            partnerRootKey = AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey());
        }
        return partnerRootKey;
    }
}
