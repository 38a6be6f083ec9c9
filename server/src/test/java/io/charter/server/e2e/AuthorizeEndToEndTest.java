package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;

/**
 * End-to-end: a service written in Python (botocore's signer, the standard library's HTTP server)
 * authorizes its clients' requests with {@code charter:Authorize}, exactly as README.md shows it.
 */
class AuthorizeEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final String SCRIPT = "/e2e/orders_service.py";
    private static final String START = "# --- README: authorize ---\n";
    private static final String END = "# --- end ---\n";

    @Test
    void aPythonServiceAuthorizesItsClientsRequests() {
        try (TestServer server = TestServer.start()) {
            AwsBasicCredentials service = server.userWithKey("orders-service", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"charter:Authorize","Resource":"*"}]}""");
            AwsBasicCredentials alice = server.userWithKey("alice", """
                    {"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"orders:GetOrder",
                     "Resource":"arn:aws:orders:us-east-1:123456789012:order/42"}]}""");
            Processes.Result result = Processes.run(List.of("python3", Processes.resource(SCRIPT),
                    server.endpoint().toString(), service.accessKeyId(), service.secretAccessKey(),
                    alice.accessKeyId(), alice.secretAccessKey()), Map.of(), TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            List<JsonNode> answers = result.stdout().lines().map(Processes::json).toList();

            assertEquals(200, answers.get(0).path("Status").asInt(), answers.get(0).toString());
            assertEquals("arn:aws:iam::123456789012:user/alice", answers.get(0).path("Body").path("ReadBy").asText());

            assertEquals(403, answers.get(1).path("Status").asInt());
            assertEquals("SignatureDoesNotMatch", answers.get(1).path("Body").path("Code").asText());

            assertEquals(403, answers.get(2).path("Status").asInt());
            assertEquals("AccessDenied", answers.get(2).path("Body").path("Code").asText());
            assertEquals("no identity-based policy allows the orders:GetOrder action",
                    answers.get(2).path("Body").path("Message").asText());
        }
    }

    /** README's example is the function this test runs, character for character. */
    @Test
    void theReadmeShowsTheExampleThatRuns() throws IOException {
        String script = Files.readString(Path.of(Processes.resource(SCRIPT)));
        String example = script.substring(script.indexOf(START) + START.length(), script.indexOf(END));
        String readme = Files.readString(Path.of("../README.md"));
        assertTrue(readme.contains(example), "README.md does not show the authorize() function of " + SCRIPT);
    }
}
