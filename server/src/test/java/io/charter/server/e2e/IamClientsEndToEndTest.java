package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static io.charter.server.e2e.Processes.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import io.charter.server.auth.AuthorizationMessages;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End-to-end: the unchanged AWS CLI v1 and boto3 drive IAM against a real server, and get back
 * what they get from AWS: decoded policy documents, paginated lists, new keys that work, and
 * AccessDenied with AWS's message until a policy allows the call. A missing client fails the test.
 */
class IamClientsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String ACCOUNT = TestServer.ACCOUNT;

    private static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static Map<String, String> rootKeys() {
        NewAccessKey root = server.rootKey();
        return keys(root.accessKeyId(), root.secretAccessKey());
    }

    private static Processes.Result aws(Map<String, String> env, String... arguments) {
        List<String> command = new ArrayList<>(List.of("aws", "--endpoint-url", server.endpoint().toString(),
                "--output", "json", "iam"));
        command.addAll(List.of(arguments));
        return Processes.run(command, env, TIMEOUT);
    }

    /** Runs an {@code aws iam} command that must succeed; its JSON output (empty for none). */
    private static JsonNode ok(Map<String, String> env, String... arguments) {
        Processes.Result result = aws(env, arguments);
        assertEquals(0, result.exitCode(), String.join(" ", arguments) + ": " + result.stderr());
        return json(result.stdout().isBlank() ? "{}" : result.stdout());
    }

    private static List<String> texts(JsonNode array, String field) {
        return StreamSupport.stream(array.spliterator(), false).map(n -> n.path(field).asText()).toList();
    }

    @Test
    void cliManagesUsersPoliciesKeysAndGroups(@TempDir Path dir) throws IOException {
        Map<String, String> root = rootKeys();
        JsonNode user = ok(root, "create-user", "--user-name", "cli-user", "--path", "/cli/").path("User");
        assertEquals("cli-user", user.path("UserName").asText(), user.toString());
        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/cli/cli-user", user.path("Arn").asText());
        assertTrue(user.path("UserId").asText().startsWith("AIDA"), user.toString());

        // Pretty-printed on purpose: IAM keeps the text, botocore decodes it into an object.
        String document = """
                {
                  "Version": "2012-10-17",
                  "Statement": [
                    {"Sid": "Self", "Effect": "Allow", "Action": ["iam:GetUser", "iam:ListGroupsForUser"],
                     "Resource": "arn:aws:iam::*:user/cli/${aws:username}"},
                    {"Effect": "Allow", "Action": "iam:ListAttachedUserPolicies", "Resource": "*",
                     "Condition": {"StringEquals": {"aws:username": "cli-user"}}}
                  ]
                }
                """;
        Path file = dir.resolve("policy.json");
        Files.writeString(file, document, StandardCharsets.UTF_8);
        JsonNode policy = ok(root, "create-policy", "--policy-name", "CliSelf", "--policy-document", "file://" + file)
                .path("Policy");
        String arn = policy.path("Arn").asText();
        assertEquals("arn:aws:iam::" + ACCOUNT + ":policy/CliSelf", arn, policy.toString());
        assertEquals("v1", policy.path("DefaultVersionId").asText());
        ok(root, "attach-user-policy", "--user-name", "cli-user", "--policy-arn", arn);

        JsonNode version = ok(root, "get-policy-version", "--policy-arn", arn, "--version-id", "v1").path("PolicyVersion");
        assertTrue(version.path("Document").isObject(), "botocore decodes the document: " + version);
        assertEquals(json(document), version.path("Document"));
        assertTrue(version.path("IsDefaultVersion").asBoolean());

        assertTrue(texts(ok(root, "list-users").path("Users"), "UserName").contains("cli-user"));

        JsonNode key = ok(root, "create-access-key", "--user-name", "cli-user").path("AccessKey");
        assertEquals("cli-user", key.path("UserName").asText(), key.toString());
        assertEquals("Active", key.path("Status").asText());
        assertTrue(key.path("AccessKeyId").asText().matches("AKIA[A-Z2-7]{16}"), key.toString());
        assertEquals(40, key.path("SecretAccessKey").asText().length());

        // The new key works, for exactly what the policy allows.
        Map<String, String> cliUser = keys(key.path("AccessKeyId").asText(), key.path("SecretAccessKey").asText());
        assertEquals("cli-user", ok(cliUser, "get-user").path("User").path("UserName").asText());
        assertEquals(List.of(arn), texts(ok(cliUser, "list-attached-user-policies", "--user-name", "cli-user")
                .path("AttachedPolicies"), "PolicyArn"));
        Processes.Result denied = aws(cliUser, "list-users");
        assertNotEquals(0, denied.exitCode(), denied.stdout());
        assertTrue(denied.stderr().contains("(AccessDenied) when calling the ListUsers operation"), denied.stderr());
        assertTrue(denied.stderr().contains(": User: arn:aws:iam::"
                + ACCOUNT + ":user/cli/cli-user is not authorized to perform: iam:ListUsers on resource: arn:aws:iam::"
                + ACCOUNT + ":user/ because no identity-based policy allows the iam:ListUsers action"), denied.stderr());
        // The denial ends with an encoded message that the account's root decodes with the CLI.
        String stderr = denied.stderr().strip();
        String encoded = stderr.substring(stderr.indexOf(AuthorizationMessages.PREFIX)
                + AuthorizationMessages.PREFIX.length());
        Processes.Result decoded = Processes.run(List.of("aws", "--endpoint-url", server.endpoint().toString(), "--output",
                "json", "sts", "decode-authorization-message", "--encoded-message", encoded), root, TIMEOUT);
        assertEquals(0, decoded.exitCode(), decoded.stderr());
        JsonNode decision = json(json(decoded.stdout()).path("DecodedMessage").asText());
        assertEquals("iam:ListUsers", decision.path("context").path("action").asText(), decision.toString());
        assertEquals("arn:aws:iam::" + ACCOUNT + ":user/cli/cli-user", decision.path("context").path("principal").path("arn").asText());
        assertEquals(false, decision.path("explicitDeny").asBoolean(true));

        // Groups through the CLI.
        JsonNode group = ok(root, "create-group", "--group-name", "cli-group").path("Group");
        assertEquals("arn:aws:iam::" + ACCOUNT + ":group/cli-group", group.path("Arn").asText(), group.toString());
        ok(root, "add-user-to-group", "--group-name", "cli-group", "--user-name", "cli-user");
        assertEquals(List.of("cli-group"), texts(ok(cliUser, "list-groups-for-user", "--user-name", "cli-user")
                .path("Groups"), "GroupName"));
        JsonNode members = ok(root, "get-group", "--group-name", "cli-group");
        assertEquals(List.of("cli-user"), texts(members.path("Users"), "UserName"), members.toString());
        Processes.Result conflict = aws(root, "delete-group", "--group-name", "cli-group");
        assertTrue(conflict.stderr().contains("(DeleteConflict)"), conflict.stderr());
    }

    @Test
    void boto3IsDeniedThenAllowedAndGetsDecodedDocumentsAndEveryPage() {
        List<String> command = List.of("python3", Processes.resource("/e2e/iam_scenario.py"), server.endpoint().toString());
        Processes.Result result = Processes.run(command, rootKeys(), TIMEOUT);
        assertEquals(0, result.exitCode(), result.stderr());
        JsonNode out = json(result.stdout());

        JsonNode denied = out.path("denied");
        assertEquals("AccessDenied", denied.path("Error").asText(), out.toString());
        assertEquals(403, denied.path("Status").asInt());
        assertEquals("User: arn:aws:iam::" + ACCOUNT + ":user/boto-user is not authorized to perform: iam:ListUsers on"
                + " resource: arn:aws:iam::" + ACCOUNT + ":user/ because no identity-based policy allows the"
                + " iam:ListUsers action", TestServer.awsWording(denied.path("Message").asText()));
        assertTrue(StreamSupport.stream(out.path("allowed").spliterator(), false).anyMatch(n -> n.asText().equals("boto-user")),
                out.toString());

        assertTrue(out.path("policyVersionDocumentIsDict").asBoolean(), out.toString());
        assertTrue(out.path("policyVersionDocumentEqual").asBoolean(), out.toString());
        assertTrue(out.path("inlineDocumentIsDict").asBoolean(), out.toString());
        assertTrue(out.path("inlineDocumentEqual").asBoolean(), out.toString());
        assertEquals("NoSelfDelete", out.path("inlinePolicyName").asText());

        assertEquals(json("[[\"paged-0\",\"paged-1\"],[\"paged-2\",\"paged-3\"],[\"paged-4\"]]"), out.path("pages"));
        List<String> everyone = StreamSupport.stream(out.path("everyone").spliterator(), false).map(JsonNode::asText).toList();
        assertTrue(everyone.containsAll(List.of("boto-user", "paged-0", "paged-1", "paged-2", "paged-3", "paged-4")),
                everyone.toString());
        assertEquals(everyone.size(), everyone.stream().distinct().count(), "no user twice: " + everyone);
        assertTrue(StreamSupport.stream(out.path("everyonePageSizes").spliterator(), false).allMatch(n -> n.asInt() <= 2),
                out.toString());
    }
}
