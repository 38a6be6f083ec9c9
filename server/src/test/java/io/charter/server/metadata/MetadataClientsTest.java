package io.charter.server.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestClock;
import io.charter.server.crypto.RandomSource;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.ContainerCredentialsProvider;
import software.amazon.awssdk.auth.credentials.InstanceProfileCredentialsProvider;

/**
 * The real clients' credential providers read the agent's answers (a given instance state, no
 * server): botocore's IMDS provider with IMDSv2 required and a hop limit of 1, botocore's container
 * provider, and the Java SDK v2's instance-profile and container providers.
 */
class MetadataClientsTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock();
    private final AtomicReference<InstanceView> state = new AtomicReference<>();
    private MetadataServer server;
    private RoleCredentials instance;
    private RoleCredentials task;

    @BeforeEach
    void start() {
        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        instance = MetadataEndpointTest.credentials("ASIAINSTANCE00000001", issued);
        task = MetadataEndpointTest.credentials("ASIATASK000000000001", issued);
        state.set(MetadataEndpointTest.attached(new MetadataOptions(true, 1, true), instance));
        List<Container> served = List.of(new Container("web", MetadataEndpointTest.TASK_ROLE));
        ContainerCredentialSource containers = new ContainerCredentialSource() {
            @Override
            public RoleCredentials credentials(Container container) {
                return task;
            }

            @Override
            public void forget(Container container) {
            }
        };
        server = MetadataServer.start("127.0.0.1", 0, new MetadataEndpoint(() -> Optional.ofNullable(state.get()),
                new SessionTokens(clock, new RandomSource()), ContainerTokens.of(MetadataEndpointTest.SECRET, served),
                served, containers, clock));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private String endpoint() {
        return "http://127.0.0.1:" + server.port() + "/";
    }

    @Test
    void botocoreFindsTheInstanceCredentialsThroughImdsV2() throws Exception {
        JsonNode resolved = boto3(Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", endpoint(),
                "AWS_EC2_METADATA_DISABLED", "false"));
        assertEquals("iam-role", resolved.path("method").asText(), resolved.toString());
        assertEquals(instance.accessKeyId(), resolved.path("AccessKeyId").asText());
        assertEquals(instance.secretAccessKey(), resolved.path("SecretAccessKey").asText());
        assertEquals(instance.sessionToken(), resolved.path("Token").asText());
    }

    @Test
    void botocoreFindsAContainersCredentialsWithItsToken() throws Exception {
        JsonNode resolved = boto3(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + server.port() + "/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", ContainerTokens.token(MetadataEndpointTest.SECRET, "web")));
        assertEquals("container-role", resolved.path("method").asText(), resolved.toString());
        assertEquals(task.accessKeyId(), resolved.path("AccessKeyId").asText());
        assertEquals(task.sessionToken(), resolved.path("Token").asText());
    }

    @Test
    void theJavaSdksProvidersReadTheAgent() {
        try (InstanceProfileCredentialsProvider provider = InstanceProfileCredentialsProvider.builder()
                .endpoint(endpoint()).build()) {
            AwsSessionCredentials resolved = (AwsSessionCredentials) provider.resolveCredentials();
            assertEquals(instance.accessKeyId(), resolved.accessKeyId());
            assertEquals(instance.sessionToken(), resolved.sessionToken());
            assertEquals(instance.secretAccessKey(), resolved.secretAccessKey());
        }
        // The container provider reads its URI and token from the environment or these system properties.
        System.setProperty("aws.containerCredentialsFullUri", "http://127.0.0.1:" + server.port() + "/v1/credentials");
        System.setProperty("aws.containerAuthorizationToken", ContainerTokens.token(MetadataEndpointTest.SECRET, "web"));
        try (ContainerCredentialsProvider provider = ContainerCredentialsProvider.builder().build()) {
            AwsSessionCredentials resolved = (AwsSessionCredentials) provider.resolveCredentials();
            assertEquals(task.accessKeyId(), resolved.accessKeyId());
            assertEquals(task.sessionToken(), resolved.sessionToken());
        } finally {
            System.clearProperty("aws.containerCredentialsFullUri");
            System.clearProperty("aws.containerAuthorizationToken");
        }
    }

    /** Runs boto3's default chain in python with no credentials but those {@code env} points at. */
    static JsonNode boto3(Map<String, String> env) throws Exception {
        Path out = Files.createTempFile("charter-metadata", ".out");
        Path err = Files.createTempFile("charter-metadata", ".err");
        ProcessBuilder builder = new ProcessBuilder("python3", resource("/metadata/resolved_credentials.py"))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        builder.environment().put("AWS_CONFIG_FILE", "/dev/null");
        builder.environment().put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
        builder.environment().put("AWS_DEFAULT_REGION", "us-east-1");
        builder.environment().putAll(env);
        Process process = builder.start();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail("python3 did not finish within 60 s");
        }
        String stdout = Files.readString(out, StandardCharsets.UTF_8);
        assertEquals(0, process.exitValue(), stdout + Files.readString(err, StandardCharsets.UTF_8));
        return JSON.readTree(stdout);
    }

    static String resource(String name) throws URISyntaxException {
        return Path.of(MetadataClientsTest.class.getResource(name).toURI()).toString();
    }
}
