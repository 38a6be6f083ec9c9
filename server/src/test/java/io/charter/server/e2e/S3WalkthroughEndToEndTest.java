package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.config.S3Settings;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The walkthrough every guide ends with, by the unchanged AWS CLI v1: assume a role, export its
 * credentials, and {@code aws s3 ls} shows what the role's policy allows (AmazonS3ReadOnlyAccess
 * lists and reads, and refuses {@code aws s3 cp} to a bucket; AmazonS3FullAccess writes);
 * {@code aws s3 mb|cp|sync|ls|rm|rb} and {@code aws s3 presign} fetched with curl until it
 * expires; and boto3 with its defaults for checksums and multipart uploads.
 */
class S3WalkthroughEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(2);

    private static Map<String, String> env(TestServer server, String id, String secret, String token) {
        return Processes.cli(server.endpoint(), id, secret, token);
    }

    private static Processes.Result aws(Map<String, String> env, String... args) {
        return Processes.aws(env, TIMEOUT, args);
    }

    private static String ok(Processes.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return result.stdout();
    }

    private static Map<String, String> assume(TestServer server, Map<String, String> user, String role) {
        JsonNode c = json(ok(aws(user, "sts", "assume-role", "--role-arn",
                "arn:aws:iam::" + TestServer.ACCOUNT + ":role/" + role, "--role-session-name", "walkthrough")))
                .get("Credentials");
        return env(server, c.get("AccessKeyId").asText(), c.get("SecretAccessKey").asText(),
                c.get("SessionToken").asText());
    }

    @Test
    void theWalkthroughEndsWithAwsS3Ls() throws IOException {
        TestClock clock = new TestClock();
        try (TestServer server = TestServer.start(clock)) {
            NewAccessKey rootKey = server.rootKey();
            Map<String, String> root = env(server, rootKey.accessKeyId(), rootKey.secretAccessKey(), null);
            Path trust = Files.writeString(Files.createTempFile("trust", ".json"), """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::%s:root"},
                     "Action":"sts:AssumeRole"}]}""".formatted(TestServer.ACCOUNT));
            for (String[] role : new String[][] {{"S3ReadOnly", "AmazonS3ReadOnlyAccess"}, {"S3Full", "AmazonS3FullAccess"}}) {
                ok(aws(root, "iam", "create-role", "--role-name", role[0], "--assume-role-policy-document",
                        "file://" + trust));
                ok(aws(root, "iam", "attach-role-policy", "--role-name", role[0], "--policy-arn",
                        "arn:aws:iam::aws:policy/" + role[1]));
            }
            ok(aws(root, "iam", "create-user", "--user-name", "dev"));
            ok(aws(root, "iam", "put-user-policy", "--user-name", "dev", "--policy-name", "assume", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                            + "\"Resource\":\"*\"}]}"));
            JsonNode key = json(ok(aws(root, "iam", "create-access-key", "--user-name", "dev"))).get("AccessKey");
            Map<String, String> dev = env(server, key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText(), null);

            ok(aws(root, "s3", "mb", "s3://team-data"));
            Path report = Files.writeString(Files.createTempFile("report", ".txt"), "quarterly numbers\n");

            // Read-only: lists and reads, refused a write.
            Map<String, String> reader = assume(server, dev, "S3ReadOnly");
            assertTrue(ok(aws(reader, "s3", "ls")).contains("team-data"));
            Processes.Result refused = aws(reader, "s3", "cp", report.toString(), "s3://team-data/report.txt");
            assertNotEquals(0, refused.exitCode(), refused.stdout());
            assertTrue(refused.stderr().contains("AccessDenied"), refused.stderr());

            // Full access: writes, syncs, lists, removes.
            Map<String, String> writer = assume(server, dev, "S3Full");
            ok(aws(writer, "s3", "cp", report.toString(), "s3://team-data/report.txt"));
            Path dir = Files.createTempDirectory("sync");
            for (int i = 0; i < 3; i++) {
                Files.writeString(dir.resolve("file" + i + ".txt"), "content " + i);
            }
            ok(aws(writer, "s3", "sync", dir.toString(), "s3://team-data/synced/"));
            String listed = ok(aws(reader, "s3", "ls", "--recursive", "s3://team-data/"));
            for (String name : List.of("report.txt", "synced/file0.txt", "synced/file1.txt", "synced/file2.txt")) {
                assertTrue(listed.contains(name), listed);
            }
            Path back = Files.createTempFile("back", ".txt");
            ok(aws(reader, "s3", "cp", "s3://team-data/report.txt", back.toString()));
            assertEquals("quarterly numbers\n", Files.readString(back));

            // A presigned URL, fetched with curl, until it expires.
            String url = ok(aws(root, "s3", "presign", "s3://team-data/report.txt", "--expires-in", "300")).strip();
            Processes.Result fetched = Processes.run(List.of("curl", "-s", "-w", "\n%{http_code}", url), Map.of(), TIMEOUT);
            assertEquals("quarterly numbers\n\n200", fetched.stdout(), fetched.stderr());
            clock.advance(Duration.ofMinutes(6));
            Processes.Result expired = Processes.run(List.of("curl", "-s", "-w", "\n%{http_code}", url), Map.of(), TIMEOUT);
            assertTrue(expired.stdout().endsWith("\n403"), expired.stdout());
            assertTrue(expired.stdout().contains("<Code>AccessDenied</Code>"), expired.stdout());
            clock.advance(Duration.ofMinutes(-6));

            ok(aws(writer, "s3", "rm", "--recursive", "s3://team-data/"));
            ok(aws(root, "s3", "rb", "s3://team-data"));
            assertTrue(!ok(aws(root, "s3", "ls")).contains("team-data"));
        }
    }

    @Test
    void boto3WithVirtualHostedStyleUnderTheS3Domain() {
        try (TestServer server = TestServer.start(new S3Settings(Optional.of("s3.localhost"),
                S3Settings.DEFAULTS.storage()))) {
            NewAccessKey rootKey = server.rootKey();
            Processes.Result result = Processes.run(List.of("python3", Processes.resource("/e2e/s3_virtual_hosts.py"),
                    Integer.toString(server.endpoint().getPort()), "virtual-bucket"),
                    Processes.keys(rootKey.accessKeyId(), rootKey.secretAccessKey()), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode answer = json(result.stdout());
            assertEquals("virtual hosts", answer.get("body").asText());
            assertEquals("[\"docs/readme.txt\"]", answer.get("keys").toString());
            assertTrue(answer.get("listed").asBoolean());
            int port = server.endpoint().getPort();
            assertEquals("[\"s3.localhost:" + port + "\",\"virtual-bucket.s3.localhost:" + port + "\"]",
                    answer.get("hosts").toString());
        }
    }

    @Test
    void boto3WithItsDefaults() {
        try (TestServer server = TestServer.start()) {
            NewAccessKey rootKey = server.rootKey();
            Processes.Result result = Processes.run(List.of("python3", Processes.resource("/e2e/s3_objects.py"),
                    server.endpoint().toString(), "boto-bucket"),
                    Processes.keys(rootKey.accessKeyId(), rootKey.secretAccessKey()), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode answer = json(result.stdout());
            assertTrue(answer.get("small").asBoolean(), answer.toString());
            assertEquals("boto", answer.get("metadata").asText());
            assertEquals("xxxxxxxxxx", answer.get("ranged").asText());
            assertTrue(answer.get("multipart").asBoolean(), answer.toString());
            assertTrue(answer.get("copied").asBoolean(), answer.toString());
            assertEquals("[\"big.bin\",\"copy.bin\",\"small.bin\"]", answer.get("listed").toString());
            assertEquals(answer.get("listed"), answer.get("deleted"));
            assertEquals(0, answer.get("after").asInt());
            assertEquals("NoSuchKey", answer.get("missing").asText());
            assertTrue(answer.get("location").isNull(), answer.toString());
            assertEquals("404", answer.get("gone").asText());
        }
    }
}
