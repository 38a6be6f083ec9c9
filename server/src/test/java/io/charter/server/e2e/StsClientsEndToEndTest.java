package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.assertCliError;
import static io.charter.server.e2e.Processes.json;
import static io.charter.server.e2e.Processes.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestServer;
import io.charter.server.identity.Identity;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End-to-end: the unchanged AWS CLI v1 and boto3 against a real server, for the bootstrap key and
 * for every refusal AWS gives (unknown key, wrong secret, inactive key, stale date, no signature).
 */
class StsClientsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final ObjectMapper JSON = new ObjectMapper();

    private static TestServer server;
    private static TestServer aheadServer;
    private static NewAccessKey inactiveKey;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        aheadServer = TestServer.start(Clock.offset(Clock.systemUTC(), Duration.ofMinutes(20)));
        Identity carol = server.createUser("carol", "/");
        inactiveKey = server.createAccessKey(carol);
        server.deactivate(inactiveKey);
    }

    @AfterAll
    static void stop() {
        server.close();
        aheadServer.close();
    }

    private static Processes.Result cli(TestServer target, Map<String, String> env, String... extra) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", target.endpoint().toString(),
                "--output", "json", "sts", "get-caller-identity"));
        command.addAll(List.of(extra));
        return Processes.run(command, env, TIMEOUT);
    }

    private static JsonNode boto3(TestServer target, Map<String, String> env, String... extra) {
        List<String> command = new ArrayList<>(List.of("python3", Processes.resource("/e2e/sts_identity.py"),
                target.endpoint().toString()));
        command.addAll(List.of(extra));
        Processes.Result result = Processes.run(command, env, TIMEOUT);
        assertEquals(0, result.exitCode(), result.stderr());
        return json(result.stdout());
    }

    @Test
    void cliGetsTheRootIdentity() throws IOException {
        NewAccessKey root = server.rootKey();
        Processes.Result result = cli(server, keys(root.accessKeyId(), root.secretAccessKey()));
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode identity = JSON.readTree(result.stdout());
        assertEquals("123456789012", identity.get("Account").asText());
        assertEquals("arn:aws:iam::123456789012:root", identity.get("Arn").asText());
        assertEquals("123456789012", identity.get("UserId").asText());
    }

    @Test
    void cliWithAwsEndpointUrlVariable() throws IOException {
        NewAccessKey root = server.rootKey();
        Map<String, String> env = new HashMap<>(keys(root.accessKeyId(), root.secretAccessKey()));
        env.put("AWS_ENDPOINT_URL", server.endpoint().toString());
        Processes.Result result = Processes.run(List.of("aws", "sts", "get-caller-identity", "--output", "json"),
                env, TIMEOUT);
        assertEquals(0, result.exitCode(), result.stderr());
        assertEquals("arn:aws:iam::123456789012:root", JSON.readTree(result.stdout()).get("Arn").asText());
    }

    @Test
    void cliRefusesUnknownKey() {
        assertCliError(cli(server, keys("AKIAZZZZZZZZZZZZZZZZ", server.rootKey().secretAccessKey())),
                "InvalidClientTokenId");
    }

    @Test
    void cliRefusesWrongSecret() {
        NewAccessKey root = server.rootKey();
        assertCliError(cli(server, keys(root.accessKeyId(), wrong(root.secretAccessKey()))), "SignatureDoesNotMatch");
    }

    /** The secret with another first character (a fixed one would be the secret's own now and then). */
    private static String wrong(String secret) {
        return (secret.charAt(0) == 'x' ? "y" : "x") + secret.substring(1);
    }

    @Test
    void cliRefusesInactiveKey() {
        assertCliError(cli(server, keys(inactiveKey.accessKeyId(), inactiveKey.secretAccessKey())),
                "InvalidClientTokenId");
    }

    @Test
    void cliRefusesStaleSignature() {
        NewAccessKey root = aheadServer.rootKey();
        Processes.Result result = cli(aheadServer, keys(root.accessKeyId(), root.secretAccessKey()));
        assertCliError(result, "SignatureDoesNotMatch");
        assertTrue(result.stderr().contains("Signature expired"), result.stderr());
    }

    @Test
    void cliRefusesMissingSignature() {
        assertCliError(cli(server, Map.of("AWS_DEFAULT_REGION", "us-east-1"), "--no-sign-request"),
                "MissingAuthenticationToken");
    }

    @Test
    void boto3GetsTheRootIdentity() {
        NewAccessKey root = server.rootKey();
        JsonNode identity = boto3(server, keys(root.accessKeyId(), root.secretAccessKey()));
        assertEquals("123456789012", identity.path("Account").asText(), identity.toString());
        assertEquals("arn:aws:iam::123456789012:root", identity.path("Arn").asText());
        assertTrue(identity.path("RequestId").asText().matches("[0-9a-f-]{36}"), identity.toString());
    }

    @Test
    void boto3Refusals() {
        NewAccessKey root = server.rootKey();
        assertBotoError(boto3(server, keys("AKIAZZZZZZZZZZZZZZZZ", root.secretAccessKey())), "InvalidClientTokenId", 403);
        assertBotoError(boto3(server, keys(root.accessKeyId(), wrong(root.secretAccessKey()))),
                "SignatureDoesNotMatch", 403);
        assertBotoError(boto3(server, keys(inactiveKey.accessKeyId(), inactiveKey.secretAccessKey())),
                "InvalidClientTokenId", 403);
        NewAccessKey aheadRoot = aheadServer.rootKey();
        assertBotoError(boto3(aheadServer, keys(aheadRoot.accessKeyId(), aheadRoot.secretAccessKey())),
                "SignatureDoesNotMatch", 403);
        assertBotoError(boto3(server, Map.of(), "--unsigned"), "MissingAuthenticationToken", 403);
    }

    private static void assertBotoError(JsonNode result, String code, int status) {
        assertEquals(code, result.path("Error").asText(), result.toString());
        assertEquals(status, result.path("Status").asInt(), result.toString());
    }

    @Test
    void cliAssumesARoleAndUsesTheCredentials() throws IOException {
        try (TestServer fresh = TestServer.start()) {
            NewAccessKey root = fresh.rootKey();
            Map<String, String> rootEnv = keys(root.accessKeyId(), root.secretAccessKey());
            String endpoint = fresh.endpoint().toString();
            Path trust = Files.writeString(Files.createTempFile("trust", ".json"),
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":"
                            + "\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}");
            Processes.Result created = Processes.run(List.of("aws", "--endpoint-url", endpoint, "--output", "json", "iam",
                    "create-role", "--role-name", "cli-role", "--assume-role-policy-document", "file://" + trust), rootEnv, TIMEOUT);
            assertEquals(0, created.exitCode(), created.stderr());
            JsonNode role = JSON.readTree(created.stdout()).get("Role");
            assertEquals("sts:AssumeRole", role.get("AssumeRolePolicyDocument").get("Statement").get(0).get("Action").asText(),
                    "botocore decodes the URL-encoded policy document");
            Processes.Result user = Processes.run(List.of("aws", "--endpoint-url", endpoint, "iam", "create-user",
                    "--user-name", "cli-user"), rootEnv, TIMEOUT);
            assertEquals(0, user.exitCode(), user.stderr());
            Processes.Result put = Processes.run(List.of("aws", "--endpoint-url", endpoint, "iam", "put-user-policy",
                    "--user-name", "cli-user", "--policy-name", "assume", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                            + "\"Resource\":\"*\"}]}"), rootEnv, TIMEOUT);
            assertEquals(0, put.exitCode(), put.stderr());
            JsonNode key = JSON.readTree(Processes.run(List.of("aws", "--endpoint-url", endpoint, "--output", "json", "iam",
                    "create-access-key", "--user-name", "cli-user"), rootEnv, TIMEOUT).stdout()).get("AccessKey");
            Map<String, String> userEnv = keys(key.get("AccessKeyId").asText(), key.get("SecretAccessKey").asText());
            Processes.Result assumed = Processes.run(List.of("aws", "--endpoint-url", endpoint, "--output", "json", "sts",
                    "assume-role", "--role-arn", role.get("Arn").asText(), "--role-session-name", "cli-session"), userEnv, TIMEOUT);
            assertEquals(0, assumed.exitCode(), assumed.stderr());
            JsonNode credentials = JSON.readTree(assumed.stdout()).get("Credentials");
            Map<String, String> sessionEnv = new HashMap<>(keys(credentials.get("AccessKeyId").asText(),
                    credentials.get("SecretAccessKey").asText()));
            sessionEnv.put("AWS_SESSION_TOKEN", credentials.get("SessionToken").asText());
            Processes.Result whoami = Processes.run(List.of("aws", "--endpoint-url", endpoint, "--output", "text", "--query",
                    "Arn", "sts", "get-caller-identity"), sessionEnv, TIMEOUT);
            assertEquals(0, whoami.exitCode(), whoami.stderr());
            assertEquals("arn:aws:sts::123456789012:assumed-role/cli-role/cli-session", whoami.stdout().trim());
            assertCliError(Processes.run(List.of("aws", "--endpoint-url", endpoint, "iam", "list-users"), sessionEnv, TIMEOUT),
                    "AccessDenied");
            Map<String, String> forged = new HashMap<>(sessionEnv);
            String token = credentials.get("SessionToken").asText();
            int middle = token.length() / 2;
            forged.put("AWS_SESSION_TOKEN", token.substring(0, middle) + (token.charAt(middle) == 'Q' ? 'R' : 'Q')
                    + token.substring(middle + 1));
            assertCliError(Processes.run(List.of("aws", "--endpoint-url", endpoint, "sts", "get-caller-identity"), forged,
                    TIMEOUT), "InvalidClientTokenId");
        }
    }

    @Test
    void boto3AssumesARoleAndUsesTheCredentials() throws IOException {
        try (TestServer fresh = TestServer.start()) {
            NewAccessKey root = fresh.rootKey();
            String script = Processes.resource("/e2e/assume_role.py");
            Processes.Result result = Processes.run(List.of("python3", script, fresh.endpoint().toString()),
                    keys(root.accessKeyId(), root.secretAccessKey()), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode out = JSON.readTree(result.stdout());
            assertTrue(out.get("trustRoundTrip").asBoolean(), out.toString());
            assertEquals("arn:aws:sts::123456789012:assumed-role/boto-role/boto-session", out.get("assumedArn").asText());
            assertEquals(out.get("assumedArn").asText(), out.get("callerArn").asText());
            assertTrue(out.get("expirationIsDatetime").asBoolean());
            assertEquals("OK", out.get("listRoles").asText());
            assertEquals("AccessDenied", out.get("createUser").asText());
            assertEquals("AccessDenied", out.get("rootAssume").asText());
            assertEquals("AccessDenied", out.get("noSuchRole").asText());
        }
    }

    @Test
    void boto3AssumesARoleFromAProfileWithSourceProfile() throws Exception {
        try (TestServer fresh = TestServer.start()) {
            NewAccessKey root = fresh.rootKey();
            NewAccessKey key = fresh.createAccessKey(fresh.createUser("profiler", "/"));
            try (var iam = fresh.iam(root.accessKeyId(), root.secretAccessKey())) {
                iam.createRole(r -> r.roleName("deploy").assumeRolePolicyDocument("{\"Version\":\"2012-10-17\",\"Statement\":"
                        + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::123456789012:root\"},\"Action\":\"sts:AssumeRole\"}]}"));
                iam.attachRolePolicy(r -> r.roleName("deploy").policyArn("arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
                iam.putUserPolicy(r -> r.userName("profiler").policyName("assume").policyDocument("{\"Version\":\"2012-10-17\","
                        + "\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
            }
            Path dir = Files.createTempDirectory("profiles");
            Path credentials = Files.writeString(dir.resolve("credentials"), "[base]\naws_access_key_id = "
                    + key.accessKeyId() + "\naws_secret_access_key = " + key.secretAccessKey() + "\n");
            Path config = Files.writeString(dir.resolve("config"), "[profile deploy]\nrole_arn = "
                    + "arn:aws:iam::123456789012:role/deploy\nsource_profile = base\nregion = us-east-1\n");
            String script = Processes.resource("/e2e/profile_assume.py");
            Processes.Result result = Processes.run(List.of("python3", script), Map.of("AWS_CONFIG_FILE", config.toString(),
                    "AWS_SHARED_CREDENTIALS_FILE", credentials.toString(), "AWS_ENDPOINT_URL", fresh.endpoint().toString()), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode out = JSON.readTree(result.stdout());
            assertTrue(out.get("arn").asText().startsWith("arn:aws:sts::123456789012:assumed-role/deploy/"), out.toString());
            assertEquals(1, out.get("roles").asInt());
            assertEquals("AccessDenied", out.get("createUser").asText());
        }
    }
}
