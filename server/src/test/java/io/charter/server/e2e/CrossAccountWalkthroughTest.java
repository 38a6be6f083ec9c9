package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.assertCliError;
import static io.charter.server.e2e.Processes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The classic cross-account walkthrough with the unchanged AWS CLI v1: account B (made with
 * {@code aws organizations create-account}) gets a {@code CrossAccountAccessRole} trusting account
 * A's root, with AmazonS3ReadOnlyAccess (and IAMReadOnlyAccess, so that an allowed call exists on
 * this endpoint); a user of A allowed {@code sts:AssumeRole} on it assumes it, exports the three
 * variables, and acts in B exactly within the role's permissions.
 */
class CrossAccountWalkthroughTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    private static Map<String, String> env(TestServer server, String id, String secret, String token) {
        return Processes.cli(server.endpoint(), id, secret, token);
    }

    private static Processes.Result aws(Map<String, String> env, String... args) {
        return Processes.aws(env, TIMEOUT, args);
    }

    private static JsonNode ok(Processes.Result result) {
        assertEquals(0, result.exitCode(), result.stderr());
        return json(result.stdout().isBlank() ? "{}" : result.stdout());
    }

    private static Map<String, String> session(TestServer server, JsonNode assumed) {
        JsonNode c = assumed.get("Credentials");
        return env(server, c.get("AccessKeyId").asText(), c.get("SecretAccessKey").asText(), c.get("SessionToken").asText());
    }

    @Test
    void userOfAccountAActsInAccountBThroughItsCrossAccountRole() throws IOException {
        try (TestServer server = TestServer.start()) {
            NewAccessKey rootKey = server.rootKey();
            Map<String, String> rootA = env(server, rootKey.accessKeyId(), rootKey.secretAccessKey(), null);
            String a = "123456789012";
            String b = ok(aws(rootA, "organizations", "create-account", "--email", "b@example.com", "--account-name", "b"))
                    .get("CreateAccountStatus").get("AccountId").asText();

            // An administrator of A enters B through B's OrganizationAccountAccessRole to set it up.
            ok(aws(rootA, "iam", "create-user", "--user-name", "admin"));
            ok(aws(rootA, "iam", "attach-user-policy", "--user-name", "admin", "--policy-arn",
                    "arn:aws:iam::aws:policy/AdministratorAccess"));
            JsonNode adminKey = ok(aws(rootA, "iam", "create-access-key", "--user-name", "admin")).get("AccessKey");
            Map<String, String> admin = env(server, adminKey.get("AccessKeyId").asText(), adminKey.get("SecretAccessKey").asText(), null);
            Map<String, String> adminInB = session(server, ok(aws(admin, "sts", "assume-role", "--role-arn",
                    "arn:aws:iam::" + b + ":role/OrganizationAccountAccessRole", "--role-session-name", "setup")));

            // In B: CrossAccountAccessRole trusting A's root, with AmazonS3ReadOnlyAccess.
            Path trust = Files.writeString(Files.createTempFile("trust", ".json"), "{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + a + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
            JsonNode created = ok(aws(adminInB, "iam", "create-role", "--role-name", "CrossAccountAccessRole",
                    "--assume-role-policy-document", "file://" + trust)).get("Role");
            String roleArn = created.get("Arn").asText();
            assertEquals("arn:aws:iam::" + b + ":role/CrossAccountAccessRole", roleArn);
            ok(aws(adminInB, "iam", "attach-role-policy", "--role-name", "CrossAccountAccessRole", "--policy-arn",
                    "arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
            ok(aws(adminInB, "iam", "attach-role-policy", "--role-name", "CrossAccountAccessRole", "--policy-arn",
                    "arn:aws:iam::aws:policy/IAMReadOnlyAccess"));
            JsonNode readBack = ok(aws(adminInB, "iam", "get-role", "--role-name", "CrossAccountAccessRole")).get("Role");
            assertEquals("arn:aws:iam::" + a + ":root",
                    readBack.get("AssumeRolePolicyDocument").get("Statement").get(0).get("Principal").get("AWS").asText());
            JsonNode attached = ok(aws(adminInB, "iam", "list-attached-role-policies", "--role-name", "CrossAccountAccessRole"));
            assertEquals("AmazonS3ReadOnlyAccess", attached.get("AttachedPolicies").get(0).get("PolicyName").asText());

            // In A: alice may assume B's role, and nothing else.
            ok(aws(rootA, "iam", "create-user", "--user-name", "alice"));
            ok(aws(rootA, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume-b", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\""
                            + roleArn + "\"}]}"));
            JsonNode aliceKey = ok(aws(rootA, "iam", "create-access-key", "--user-name", "alice")).get("AccessKey");
            Map<String, String> alice = env(server, aliceKey.get("AccessKeyId").asText(), aliceKey.get("SecretAccessKey").asText(), null);
            assertCliError(aws(alice, "iam", "create-role", "--role-name", "NotAllowed", "--assume-role-policy-document",
                    "file://" + trust), "AccessDenied");

            JsonNode assumed = ok(aws(alice, "sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "alice-in-b"));
            Map<String, String> inB = session(server, assumed);
            assertEquals("arn:aws:sts::" + b + ":assumed-role/CrossAccountAccessRole/alice-in-b",
                    ok(aws(inB, "sts", "get-caller-identity")).get("Arn").asText());
            JsonNode roles = ok(aws(inB, "iam", "list-roles"));
            assertTrue(roles.get("Roles").toString().contains("CrossAccountAccessRole"), roles.toString());
            for (JsonNode role : roles.get("Roles")) {
                assertTrue(role.get("Arn").asText().startsWith("arn:aws:iam::" + b + ":role/"), "B's roles only: " + role);
            }
            assertCliError(aws(inB, "iam", "create-user", "--user-name", "intruder"), "AccessDenied");

            // A user of A without the identity allow, and a role in B not trusting A, are refused.
            ok(aws(rootA, "iam", "create-user", "--user-name", "bob"));
            JsonNode bobKey = ok(aws(rootA, "iam", "create-access-key", "--user-name", "bob")).get("AccessKey");
            Map<String, String> bob = env(server, bobKey.get("AccessKeyId").asText(), bobKey.get("SecretAccessKey").asText(), null);
            assertCliError(aws(bob, "sts", "assume-role", "--role-arn", roleArn, "--role-session-name", "bob-in-b"), "AccessDenied");
            Path trustSelf = Files.writeString(Files.createTempFile("trust", ".json"), "{\"Version\":\"2012-10-17\",\"Statement\":"
                    + "[{\"Effect\":\"Allow\",\"Principal\":{\"AWS\":\"arn:aws:iam::" + b + ":root\"},\"Action\":\"sts:AssumeRole\"}]}");
            ok(aws(adminInB, "iam", "create-role", "--role-name", "LocalOnly", "--assume-role-policy-document", "file://" + trustSelf));
            ok(aws(rootA, "iam", "put-user-policy", "--user-name", "alice", "--policy-name", "assume-any", "--policy-document",
                    "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\",\"Resource\":\"*\"}]}"));
            assertCliError(aws(alice, "sts", "assume-role", "--role-arn", "arn:aws:iam::" + b + ":role/LocalOnly",
                    "--role-session-name", "nope"), "AccessDenied");
        }
    }
}
