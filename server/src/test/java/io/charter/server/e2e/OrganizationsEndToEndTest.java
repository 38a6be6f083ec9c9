package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Accounts the AWS way, with the unchanged AWS CLI and boto3: {@code aws organizations
 * create-account}, then an administrator of the management account enters the new account by
 * assuming its OrganizationAccountAccessRole; the accounts stay apart.
 */
class OrganizationsEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(90);

    @Test
    void cliCreatesAnAccountUnchanged() throws Exception {
        try (TestServer server = TestServer.start()) {
            NewAccessKey root = server.rootKey();
            Map<String, String> env = Map.of("AWS_ACCESS_KEY_ID", root.accessKeyId(), "AWS_SECRET_ACCESS_KEY",
                    root.secretAccessKey(), "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", server.endpoint().toString());
            Processes.Result created = Processes.run(List.of("aws", "--output", "json", "organizations", "create-account",
                    "--email", "dev@example.com", "--account-name", "dev"), env, TIMEOUT);
            assertEquals(0, created.exitCode(), created.stderr());
            JsonNode status = JSON.readTree(created.stdout()).get("CreateAccountStatus");
            assertEquals("SUCCEEDED", status.get("State").asText());
            assertTrue(status.get("Id").asText().matches("car-[a-z0-9]{8,32}"), status.toString());
            assertTrue(status.get("AccountId").asText().matches("\\d{12}"), status.toString());
            Processes.Result listed = Processes.run(List.of("aws", "--output", "json", "organizations", "list-accounts"),
                    env, TIMEOUT);
            assertEquals(0, listed.exitCode(), listed.stderr());
            assertEquals(2, JSON.readTree(listed.stdout()).get("Accounts").size());
        }
    }

    @Test
    void boto3EntersTheNewAccountThroughItsAccessRole() throws Exception {
        try (TestServer server = TestServer.start()) {
            NewAccessKey root = server.rootKey();
            String script = Processes.resource("/e2e/organizations.py");
            Processes.Result result = Processes.run(List.of("python3", script, server.endpoint().toString()),
                    Map.of("AWS_ACCESS_KEY_ID", root.accessKeyId(), "AWS_SECRET_ACCESS_KEY", root.secretAccessKey()), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode out = JSON.readTree(result.stdout());
            String dev = out.get("dev").asText();
            assertEquals("SUCCEEDED", out.get("state").asText());
            assertEquals("SUCCEEDED", out.get("describedState").asText());
            assertEquals("[\"FAILED\",\"EMAIL_ALREADY_EXISTS\"]", out.get("duplicate").toString());
            assertTrue(out.get("accountIds").toString().contains(dev) && out.get("accountIds").toString().contains("123456789012"));
            assertTrue(out.get("orgId").asText().matches("o-[a-z0-9]{10,32}"));
            assertEquals("123456789012", out.get("master").asText());
            assertEquals("arn:aws:sts::" + dev + ":assumed-role/OrganizationAccountAccessRole/enter-dev", out.get("devCaller").asText());
            assertEquals(dev, out.get("devAccount").asText());
            assertEquals("[\"dev-only\"]", out.get("devUsers").toString());
            assertTrue(!out.get("mgmtUsers").toString().contains("dev-only"), out.toString());
            assertEquals("AccessDeniedException", out.get("devCannotListAccounts").asText());
            assertEquals("NoSuchEntity", out.get("adminOfMgmtCannotReadDevUser").asText(),
                    "IAM names resolve in the caller's own account");
            assertEquals("UnrecognizedClientException", out.get("unknownKey").asText());
            assertEquals("AccountNotFoundException", out.get("notFound").asText());
            assertEquals("InvalidInputException", out.get("negativeToken").asText());
            assertEquals("InvalidInputException", out.get("pastEndToken").asText());
        }
    }
}
