package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.audit.DigestChain;
import io.charter.server.audit.TrailDelivery;
import io.charter.server.cli.CharterCli;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A trail end to end with the AWS CLI: {@code aws cloudtrail create-trail} to a bucket of Charter's
 * S3, {@code start-logging}, a few calls (a user's, a role session's, a refusal); a delivery run puts
 * gzipped {@code {"Records":[…]}} files in CloudTrail's key layout in the bucket, which
 * {@code aws s3 cp} reads back; {@code charter trail session} tells the role session's story; the
 * hour's digest files are written, {@code charter trail validate} passes, then fails once a log file
 * is edited, a log file deleted, or a digest edited or deleted. The clock is moved, not waited for.
 */
class TrailDeliveryEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String A = TestServer.ACCOUNT;
    private static final Pattern LOG_KEY = Pattern.compile("AWSLogs/" + A + "/CloudTrail/us-east-1/\\d{4}/\\d{2}/\\d{2}/"
            + A + "_CloudTrail_us-east-1_\\d{8}T\\d{4}Z_[A-Za-z0-9]{16}\\.json\\.gz");
    private static final Pattern DIGEST_KEY = Pattern.compile("AWSLogs/" + A
            + "/CloudTrail-Digest/us-east-1/\\d{4}/\\d{2}/\\d{2}/" + A
            + "_CloudTrail-Digest_us-east-1_main_us-east-1_\\d{8}T\\d{6}Z\\.json\\.gz");

    private static Processes.Result aws(Map<String, String> env, String... args) {
        return Processes.aws(env, TIMEOUT, args);
    }

    private static JsonNode ok(Processes.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return json(result.stdout().isBlank() ? "{}" : result.stdout());
    }

    @Test
    void aTrailDeliversSignedChainedFilesThatValidateUntilOneIsTouched() throws IOException {
        TestClock clock = new TestClock().awayFromHourBoundary();
        try (TestServer server = TestServer.start(clock)) {
            NewAccessKey rootKey = server.rootKey();
            Map<String, String> root = Processes.cli(server.endpoint(), rootKey.accessKeyId(),
                    rootKey.secretAccessKey(), null);
            Processes.assertCliError(aws(root, "cloudtrail", "create-trail", "--name", "main", "--s3-bucket-name",
                    "no-such-bucket"), "S3BucketDoesNotExistException");
            assertEquals(0, aws(root, "s3", "mb", "s3://trail-logs").exitCode());
            Processes.assertCliError(aws(root, "cloudtrail", "create-trail", "--name=a..b", "--s3-bucket-name",
                    "trail-logs"), "InvalidTrailNameException");
            JsonNode created = ok(aws(root, "cloudtrail", "create-trail", "--name", "main", "--s3-bucket-name",
                    "trail-logs", "--is-multi-region-trail", "--enable-log-file-validation"));
            assertEquals("arn:aws:cloudtrail:us-east-1:" + A + ":trail/main", created.get("TrailARN").asText());
            assertTrue(created.get("LogFileValidationEnabled").asBoolean());
            Processes.assertCliError(aws(root, "cloudtrail", "create-trail", "--name", "main", "--s3-bucket-name",
                    "trail-logs"), "TrailAlreadyExistsException");
            assertFalse(ok(aws(root, "cloudtrail", "get-trail-status", "--name", "main")).get("IsLogging").asBoolean());
            ok(aws(root, "cloudtrail", "start-logging", "--name", "main"));
            assertTrue(ok(aws(root, "cloudtrail", "get-trail-status", "--name", "main")).get("IsLogging").asBoolean());
            JsonNode described = ok(aws(root, "cloudtrail", "describe-trails")).get("trailList");
            assertEquals(1, described.size());
            assertEquals("trail-logs", described.get(0).get("S3BucketName").asText());
            JsonNode selectors = ok(aws(root, "cloudtrail", "get-event-selectors", "--trail-name", "main"))
                    .get("EventSelectors");
            assertEquals("All", selectors.get(0).get("ReadWriteType").asText());
            Processes.assertCliError(aws(root, "cloudtrail", "get-trail", "--name", "other"), "TrailNotFoundException");

            // A user, a role session made by it, what the session did (one call refused).
            ok(aws(root, "iam", "create-user", "--user-name", "alice"));
            ok(aws(root, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume",
                    "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
            JsonNode key = ok(aws(root, "iam", "create-access-key", "--user-name", "alice")).get("AccessKey");
            Map<String, String> alice = Processes.cli(server.endpoint(), key.get("AccessKeyId").asText(),
                    key.get("SecretAccessKey").asText(), null);
            ok(aws(root, "iam", "create-role", "--role-name", "ops", "--assume-role-policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                            + "\"arn:aws:iam::" + A + ":root\"},\"Action\":\"sts:AssumeRole\"}]}"));
            JsonNode credentials = ok(aws(alice, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + A + ":role/ops",
                    "--role-session-name", "alice-ops")).get("Credentials");
            String sessionKey = credentials.get("AccessKeyId").asText();
            Map<String, String> ops = Processes.cli(server.endpoint(), sessionKey,
                    credentials.get("SecretAccessKey").asText(), credentials.get("SessionToken").asText());
            ok(aws(ops, "sts", "get-caller-identity"));
            Processes.assertCliError(aws(ops, "iam", "list-users"), "AccessDenied");
            // Object calls are data events: recorded for the bucket the trail's selectors name, not for another.
            assertEquals(0, aws(root, "s3", "mb", "s3://team-data").exitCode());
            assertEquals(0, aws(root, "s3", "mb", "s3://other-data").exitCode());
            JsonNode put = ok(aws(root, "cloudtrail", "put-event-selectors", "--trail-name", "main", "--event-selectors",
                    "[{\"ReadWriteType\":\"All\",\"IncludeManagementEvents\":true,\"DataResources\":[{\"Type\":"
                            + "\"AWS::S3::Object\",\"Values\":[\"arn:aws:s3:::team-data/\"]}]}]"));
            assertEquals("arn:aws:s3:::team-data/", put.get("EventSelectors").get(0).get("DataResources").get(0)
                    .get("Values").get(0).asText());
            Processes.assertCliError(aws(root, "cloudtrail", "put-event-selectors", "--trail-name", "main",
                    "--event-selectors", "[{\"DataResources\":[{\"Type\":\"AWS::Lambda::Function\",\"Values\":"
                            + "[\"arn:aws:lambda\"]}]}]"), "InvalidEventSelectorsException");
            Path report = Files.writeString(Files.createTempFile("report", ".txt"), "quarterly numbers\n");
            assertEquals(0, aws(root, "s3", "cp", report.toString(), "s3://team-data/report.txt").exitCode());
            assertEquals(0, aws(root, "s3", "cp", report.toString(), "s3://other-data/report.txt").exitCode());
            JsonNode keys = ok(aws(root, "cloudtrail", "list-public-keys"));
            assertEquals(1, keys.get("PublicKeyList").size());
            Path keyFile = Files.writeString(Files.createTempFile("trail-keys", ".json"), keys.toString());

            // charter trail session: the AssumeRole that minted the key, then its two calls in time order.
            CharterCli.Result story = CharterCli.run("trail", "session", sessionKey, "--port",
                    String.valueOf(server.server().port()), "--data-dir", server.dataDir().toString());
            assertEquals(0, story.exitCode(), story.stderr());
            assertTrue(story.stdout().contains("by AssumeRole, called by arn:aws:iam::" + A + ":user/alice"),
                    story.stdout());
            assertTrue(story.stdout().contains("as arn:aws:sts::" + A + ":assumed-role/ops/alice-ops"), story.stdout());
            assertTrue(story.stdout().contains("2 calls made with it"), story.stdout());
            int identity = story.stdout().indexOf("sts:GetCallerIdentity  OK");
            int refused = story.stdout().indexOf("iam:ListUsers  AccessDenied");
            assertTrue(identity > 0 && refused > identity, story.stdout());

            // Records settle for a minute; then one delivery puts the log file in the bucket.
            clock.advance(Duration.ofMinutes(2));
            TrailDelivery.Run run = server.server().deliverTrails();
            assertTrue(run.leader());
            assertEquals(1, run.logFiles(), run.toString());
            assertEquals(0, run.failures());
            List<String> listed = ok(aws(root, "s3api", "list-objects-v2", "--bucket", "trail-logs"))
                    .get("Contents").findValuesAsText("Key");
            assertEquals(1, listed.size(), listed.toString());
            assertTrue(LOG_KEY.matcher(listed.getFirst()).matches(), listed.getFirst());
            Path copy = Files.createTempFile("log", ".json.gz");
            Processes.Result cp = aws(root, "s3", "cp", "s3://trail-logs/" + listed.getFirst(), copy.toString());
            assertEquals(0, cp.exitCode(), cp.stderr());
            JsonNode records = json(new String(DigestChain.gunzip(Files.readAllBytes(copy)), StandardCharsets.UTF_8))
                    .get("Records");
            List<String> names = records.findValuesAsText("eventName");
            for (String expected : List.of("GetTrailStatus", "CreateUser", "AssumeRole",
                    "GetCallerIdentity", "ListUsers")) {
                assertTrue(names.contains(expected), expected + " in " + names);
            }
            for (JsonNode record : records) {
                assertEquals("1.11", record.get("eventVersion").asText());
            }
            List<JsonNode> puts = new ArrayList<>();
            records.forEach(r -> {
                if (r.get("eventName").asText().equals("PutObject")) {
                    puts.add(r);
                }
            });
            assertEquals(1, puts.size(), puts.toString());
            assertEquals("Data", puts.getFirst().get("eventCategory").asText());
            assertFalse(puts.getFirst().get("managementEvent").asBoolean());
            assertEquals("team-data", puts.getFirst().get("requestParameters").get("bucketName").asText());
            assertEquals("report.txt", puts.getFirst().get("requestParameters").get("key").asText());
            assertFalse(new String(Files.readAllBytes(copy), StandardCharsets.ISO_8859_1).contains("CreateUser"),
                    "the file is gzipped");
            JsonNode status = ok(aws(root, "cloudtrail", "get-trail-status", "--name", "main"));
            assertTrue(status.has("LatestDeliveryTime"), status.toString());

            // An hour later the hour's digest; the next hour's chains to it.
            clock.advance(Duration.ofHours(1));
            assertEquals(1, server.server().deliverTrails().digestFiles());
            clock.advance(Duration.ofHours(1));
            assertEquals(1, server.server().deliverTrails().digestFiles());
            Path bucket = server.dataDir().resolve("s3").resolve("trail-logs");
            List<String> digests = keys(bucket).stream().filter(k -> k.contains("CloudTrail-Digest")).sorted().toList();
            assertEquals(2, digests.size(), keys(bucket).toString());
            digests.forEach(d -> assertTrue(DIGEST_KEY.matcher(d).matches(), d));

            CharterCli.Result valid = validate(bucket, keyFile);
            assertEquals(0, valid.exitCode(), valid.stdout() + valid.stderr());
            assertTrue(valid.stdout().contains("2 digest files and " + listedLogs(bucket).size()
                    + " log files checked: valid"), valid.stdout());
            // The newest digest's signature was read from the object's metadata (the embedded store keeps it).
            assertFalse(valid.stdout().contains("note:"), valid.stdout());

            // Each file touched is caught: a log file edited, then deleted; a digest edited, then deleted.
            Path log = bucket.resolve(listed.getFirst());
            byte[] original = Files.readAllBytes(log);
            Files.write(log, DigestChain.gzip("{\"Records\":[]}".getBytes(StandardCharsets.UTF_8)));
            assertInvalid(validate(bucket, keyFile), "log file " + listed.getFirst() + " was altered");
            Files.delete(log);
            assertInvalid(validate(bucket, keyFile), "log file " + listed.getFirst() + " was deleted");
            Files.write(log, original);
            assertEquals(0, validate(bucket, keyFile).exitCode());

            Path firstDigest = bucket.resolve(digests.getFirst());
            byte[] digest = Files.readAllBytes(firstDigest);
            Files.write(firstDigest, DigestChain.gzip((new String(DigestChain.gunzip(digest), StandardCharsets.UTF_8)
                    + " ").getBytes(StandardCharsets.UTF_8)));
            assertInvalid(validate(bucket, keyFile), "digest file " + digests.getFirst() + " was altered");
            Files.delete(firstDigest);
            assertInvalid(validate(bucket, keyFile), "digest file " + digests.getFirst() + ", the previous of "
                    + digests.getLast() + ", was deleted");

            clock.advance(Duration.ofMinutes(-122)); // back to the AWS CLI's time, which signs its requests
            // The keys from the running server's ListPublicKeys (what charter trail validate asks by default).
            CharterCli.Result fromServer = CharterCli.run("trail", "validate", "--trail", "main", "--directory",
                    bucket.toString(), "--port", String.valueOf(server.server().port()), "--data-dir",
                    server.dataDir().toString());
            assertInvalid(fromServer, "digest file " + digests.getFirst() + ", the previous of " + digests.getLast()
                    + ", was deleted");
            assertEquals(1, fromServer.stdout().lines().filter(l -> l.startsWith("INVALID: ")).count(),
                    fromServer.stdout());
            ok(aws(root, "cloudtrail", "stop-logging", "--name", "main"));
            ok(aws(root, "cloudtrail", "delete-trail", "--name", "main"));
            assertEquals(0, ok(aws(root, "cloudtrail", "describe-trails")).get("trailList").size());
        }
    }

    private static CharterCli.Result validate(Path bucket, Path keyFile) {
        return CharterCli.run("trail", "validate", "--trail", "main", "--directory", bucket.toString(),
                "--public-keys", keyFile.toString());
    }

    private static void assertInvalid(CharterCli.Result result, String problem) {
        assertEquals(1, result.exitCode(), result.stdout() + result.stderr());
        assertTrue(result.stdout().contains("INVALID: " + problem), result.stdout());
    }

    private static List<String> listedLogs(Path bucket) throws IOException {
        return keys(bucket).stream().filter(k -> k.contains("/CloudTrail/")).toList();
    }

    private static List<String> keys(Path bucket) throws IOException {
        List<String> out = new ArrayList<>();
        try (Stream<Path> files = Files.walk(bucket)) {
            files.filter(Files::isRegularFile).forEach(f -> out.add(bucket.relativize(f).toString()));
        }
        return out;
    }
}
