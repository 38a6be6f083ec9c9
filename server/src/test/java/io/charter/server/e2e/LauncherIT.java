package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command as a user runs it: {@code ./charter serve} from the repository root
 * (run after packaging, so the launcher finds the built server), then the AWS CLI with the
 * printed credentials, then a restart on the same store.
 */
class LauncherIT {
    private static final Path REPO = ServedCharter.REPO;

    @TempDir
    Path tmp;

    private static ServedCharter serve(Path dataDir) throws IOException {
        return ServedCharter.serve(dataDir);
    }

    /** Assumes role {@code worker} with the AWS CLI; returns the environment of the session. */
    private static Map<String, String> assume(Map<String, String> userEnv, String endpoint) {
        String[] c = succeeded(Processes.run(List.of("aws", "--output", "text", "--query",
                "Credentials.[AccessKeyId,SecretAccessKey,SessionToken]", "sts", "assume-role", "--role-arn",
                "arn:aws:iam::123456789012:role/worker", "--role-session-name", "s" + System.nanoTime()), userEnv,
                Duration.ofSeconds(60))).split("\\s+");
        return Map.of("AWS_ACCESS_KEY_ID", c[0], "AWS_SECRET_ACCESS_KEY", c[1], "AWS_SESSION_TOKEN", c[2],
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint);
    }

    /** The trimmed output of a command that must have succeeded (else its stderr is the failure). */
    private static String succeeded(Processes.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return result.stdout().trim();
    }

    private static void stop(Process process) throws InterruptedException {
        process.destroy(); // SIGTERM: graceful shutdown
        assertTrue(process.waitFor(30, TimeUnit.SECONDS), "the server did not stop within 30 s of SIGTERM");
    }

    @Test
    void firstStartBootstrapsAndLaterStartsReuseTheStore() throws Exception {
        Path dataDir = tmp.resolve("data");
        ServedCharter first = serve(dataDir);
        String output = String.join("\n", first.lines());
        try {
            assertTrue(output.contains("export AWS_ACCESS_KEY_ID=AKIA"), output);
            assertTrue(output.contains("export AWS_SECRET_ACCESS_KEY="), output);
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir)));
            Path credentials = dataDir.resolve("credentials");
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(credentials)));
            assertTrue(Files.readString(credentials).startsWith("[default]\naws_access_key_id = AKIA"));

            Processes.Result identity = Processes.run(List.of("aws", "--endpoint-url", first.endpoint(), "--output", "text",
                    "--query", "Arn", "sts", "get-caller-identity"),
                    Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_DEFAULT_REGION", "us-east-1"),
                    Duration.ofSeconds(60));
            assertEquals(0, identity.exitCode(), identity.stderr());
            assertEquals("arn:aws:iam::123456789012:root", identity.stdout().trim());

            String port = first.endpoint().substring(first.endpoint().lastIndexOf(':') + 1);
            Processes.Result created = Processes.run(List.of(REPO.resolve("charter").toString(), "accounts", "create", "dev",
                    "--port", port, "--data-dir", dataDir.toString()), Map.of(), Duration.ofSeconds(60));
            assertEquals(0, created.exitCode(), created.stdout() + created.stderr());
            assertTrue(created.stdout().matches("(?s)Created account \\d{12} \\(dev\\)\\..*OrganizationAccountAccessRole.*"),
                    created.stdout());
            Processes.Result listed = Processes.run(List.of(REPO.resolve("charter").toString(), "accounts", "list",
                    "--port", port, "--data-dir", dataDir.toString()), Map.of(), Duration.ofSeconds(60));
            assertEquals(0, listed.exitCode(), listed.stderr());
            assertTrue(listed.stdout().contains("management") && listed.stdout().contains("dev@example.com"), listed.stdout());

            // Revoking a role's sessions with the operator command: older sessions stop, newer ones work.
            Map<String, String> rootEnv = Map.of("AWS_SHARED_CREDENTIALS_FILE", credentials.toString(),
                    "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", first.endpoint());
            assertEquals(0, Processes.run(List.of("aws", "iam", "create-role", "--role-name", "worker",
                    "--assume-role-policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\","
                            + "\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}"),
                    rootEnv, Duration.ofSeconds(60)).exitCode());
            assertEquals(0, Processes.run(List.of("aws", "iam", "attach-role-policy", "--role-name", "worker", "--policy-arn",
                    "arn:aws:iam::aws:policy/IAMReadOnlyAccess"), rootEnv, Duration.ofSeconds(60)).exitCode());
            assertEquals(0, Processes.run(List.of("aws", "iam", "create-user", "--user-name", "u"), rootEnv,
                    Duration.ofSeconds(60)).exitCode());
            assertEquals(0, Processes.run(List.of("aws", "iam", "put-user-policy", "--user-name", "u", "--policy-name", "a",
                    "--policy-document", "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":"
                            + "\"sts:AssumeRole\",\"Resource\":\"*\"}]}"), rootEnv, Duration.ofSeconds(60)).exitCode());
            String[] userKey = succeeded(Processes.run(List.of("aws", "--output", "text", "--query",
                    "AccessKey.[AccessKeyId,SecretAccessKey]", "iam", "create-access-key", "--user-name", "u"), rootEnv,
                    Duration.ofSeconds(60))).split("\\s+");
            Map<String, String> userEnv = Map.of("AWS_ACCESS_KEY_ID", userKey[0], "AWS_SECRET_ACCESS_KEY", userKey[1],
                    "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", first.endpoint());
            Map<String, String> before = assume(userEnv, first.endpoint());
            assertEquals(0, Processes.run(List.of("aws", "iam", "list-roles"), before, Duration.ofSeconds(60)).exitCode());
            Processes.Result revoked = Processes.run(List.of(REPO.resolve("charter").toString(), "roles", "revoke-sessions",
                    "worker", "--port", port, "--data-dir", dataDir.toString()), Map.of(), Duration.ofSeconds(60));
            assertEquals(0, revoked.exitCode(), revoked.stdout() + revoked.stderr());
            Processes.Result denied = Processes.run(List.of("aws", "iam", "list-roles"), before, Duration.ofSeconds(60));
            assertTrue(denied.exitCode() != 0 && denied.stderr().contains("(AccessDenied)"), denied.stderr());
            Map<String, String> after = assume(userEnv, first.endpoint());
            assertEquals(0, Processes.run(List.of("aws", "iam", "list-roles"), after, Duration.ofSeconds(60)).exitCode());
            // One session revoked by its access key id; the AWS CLI's next call with it is refused.
            Processes.Result one = Processes.run(List.of(REPO.resolve("charter").toString(), "sessions", "revoke",
                    after.get("AWS_ACCESS_KEY_ID"), "--port", port, "--data-dir", dataDir.toString()), Map.of(),
                    Duration.ofSeconds(60));
            assertEquals(0, one.exitCode(), one.stdout() + one.stderr());
            Processes.Result refused = Processes.run(List.of("aws", "iam", "list-roles"), after, Duration.ofSeconds(60));
            assertTrue(refused.exitCode() != 0 && refused.stderr().contains("(InvalidClientTokenId)"), refused.stderr());
        } finally {
            stop(first.process());
        }
        String credentialsBefore = Files.readString(dataDir.resolve("credentials"));

        ServedCharter second = serve(dataDir);
        try {
            String again = String.join("\n", second.lines());
            assertTrue(again.contains("Using the existing store"), again);
            assertTrue(!again.contains("AWS_SECRET_ACCESS_KEY"), "a restart must never print or regenerate the secret");
            assertEquals(credentialsBefore, Files.readString(dataDir.resolve("credentials")));
            Processes.Result identity = Processes.run(List.of("aws", "--endpoint-url", second.endpoint(), "--output", "text",
                    "--query", "Account", "sts", "get-caller-identity"),
                    Map.of("AWS_SHARED_CREDENTIALS_FILE", dataDir.resolve("credentials").toString(),
                            "AWS_DEFAULT_REGION", "us-east-1"),
                    Duration.ofSeconds(60));
            assertEquals(0, identity.exitCode(), identity.stderr());
            assertEquals("123456789012", identity.stdout().trim());
        } finally {
            stop(second.process());
        }
    }

    @Test
    void invalidSettingStopsTheStartWithOneSentence() throws Exception {
        Process process = new ProcessBuilder(REPO.resolve("charter").toString(), "serve", "--port", "eighty",
                "--data-dir", tmp.resolve("d").toString())
                .directory(REPO.toFile()).redirectErrorStream(true).start();
        String text = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
        assertTrue(process.waitFor(60, TimeUnit.SECONDS));
        assertEquals(2, process.exitValue(), text);
        assertEquals("charter: Invalid value 'eighty' for setting port (--port, CHARTER_PORT): expected a whole number"
                + " from 0 to 65535.", text);
        assertTrue(!Files.exists(tmp.resolve("d")), "nothing is created when the configuration is invalid");
    }
}
