package io.charter.server.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.charter.server.TestClock;
import io.charter.server.crypto.RandomSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The agent's HTTP answers, asked by real HTTP clients of a real listener, for a given instance
 * state (a value, not a server): IMDSv2 tokens and their TTL, v1 refused once tokens are required,
 * the endpoint turned off, the tree and its documents, a detached instance, the hop limit set on
 * the token's connection, and the container credential endpoint.
 */
class MetadataEndpointTest {
    static final String INSTANCE = "i-0123456789abcdef0";
    static final String ACCOUNT = "123456789012";
    static final String ROLE_ARN = "arn:aws:iam::123456789012:role/app-role";
    static final String TASK_ROLE = "arn:aws:iam::123456789012:role/task-role";
    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final TestClock clock = new TestClock();
    private final AtomicReference<InstanceView> state = new AtomicReference<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final List<Container> forgotten = new ArrayList<>();
    private MetadataServer server;
    private RoleCredentials taskCredentials;

    @BeforeEach
    void start() {
        Instant issued = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        state.set(attached(MetadataOptions.DEFAULTS, credentials("ASIAINSTANCE00000001", issued)));
        taskCredentials = credentials("ASIATASK000000000001", issued);
        ContainerCredentialSource containers = new ContainerCredentialSource() {
            @Override
            public RoleCredentials credentials(Container container) {
                return taskCredentials;
            }

            @Override
            public void forget(Container container) {
                forgotten.add(container);
            }
        };
        List<Container> served = List.of(new Container("web", TASK_ROLE));
        MetadataEndpoint endpoint = new MetadataEndpoint(() -> Optional.ofNullable(state.get()),
                new SessionTokens(clock, new RandomSource()), ContainerTokens.of(SECRET, served), served, containers,
                clock);
        server = MetadataServer.start("127.0.0.1", 0, endpoint);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    static RoleCredentials credentials(String accessKeyId, Instant issued) {
        return new RoleCredentials(accessKeyId, "secret-of-" + accessKeyId, "token-of-" + accessKeyId,
                issued.plus(Duration.ofHours(6)), issued);
    }

    static InstanceView attached(MetadataOptions options, RoleCredentials credentials) {
        return new InstanceView(INSTANCE, "arn:aws:ec2:eu-west-3:" + ACCOUNT + ":instance/" + INSTANCE, ACCOUNT,
                "eu-west-3", "eu-west-3a", options,
                Optional.of(new InstanceProfile("arn:aws:iam::123456789012:instance-profile/app",
                        "AIPAEXAMPLEPROFILE01", "app-role", ROLE_ARN)),
                Optional.of("Success"), Optional.empty(), Optional.of(credentials), List.of(TASK_ROLE));
    }

    private void options(MetadataOptions options) {
        state.updateAndGet(v -> v.withOptions(options));
    }

    private HttpResponse<String> get(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).GET();
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> put(String path, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri(path)).PUT(HttpRequest.BodyPublishers.noBody());
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + server.port() + path);
    }

    private String token(int ttlSeconds) throws Exception {
        HttpResponse<String> response = put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds",
                Integer.toString(ttlSeconds));
        assertEquals(200, response.statusCode(), response.body());
        return response.body();
    }

    @Test
    void aTokenIsGivenForItsTtlAndRefusedOnceItHasPassed() throws Exception {
        HttpResponse<String> issued = put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60");
        assertEquals(200, issued.statusCode());
        assertEquals(Optional.of("60"), issued.headers().firstValue("X-aws-ec2-metadata-token-ttl-seconds"));
        assertEquals(Optional.of("text/plain"), issued.headers().firstValue("Content-Type"));
        String token = issued.body();
        assertTrue(token.length() >= 40, token);
        assertNotEquals(token, token(60), "each token is new and random");

        assertEquals(INSTANCE, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).body());
        clock.advance(Duration.ofSeconds(59));
        assertEquals(200, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).statusCode());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(401, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).statusCode());
    }

    @Test
    void aTtlMissingOrOutsideOneTo21600IsBadRequest() throws Exception {
        assertEquals(400, put("/latest/api/token").statusCode());
        for (String ttl : List.of("0", "21601", "-5", "abc", "1.5", "99999999999")) {
            assertEquals(400, put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", ttl).statusCode(), ttl);
        }
        assertEquals(200, put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "1").statusCode());
        assertEquals(200, put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "21600").statusCode());
    }

    @Test
    void aTokenIsNotGivenThroughAProxyNorByGet() throws Exception {
        HttpResponse<String> proxied = put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60",
                "X-Forwarded-For", "203.0.113.7");
        assertEquals(403, proxied.statusCode());
        assertFalse(proxied.body().contains("token"), proxied.body());
        assertEquals(405, get("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60").statusCode());
    }

    @Test
    void v1IsAnsweredWhileTokensAreOptionalAndRefusedOnceRequired() throws Exception {
        assertEquals(INSTANCE, get("/latest/meta-data/instance-id").body());
        assertEquals(401, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", "not-a-token").statusCode(),
                "a token given is checked even while tokens are optional");

        options(new MetadataOptions(true, 1, true));
        HttpResponse<String> v1 = get("/latest/meta-data/iam/security-credentials/app-role");
        assertEquals(401, v1.statusCode());
        assertFalse(v1.body().contains("ASIA"), v1.body());
        assertEquals(401, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", "forged").statusCode());
        String token = token(300);
        assertEquals(INSTANCE, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).body());
    }

    @Test
    void theEndpointTurnedOffIsForbiddenAndGivesNoToken() throws Exception {
        String token = token(300);
        options(new MetadataOptions(false, 1, false));
        assertEquals(403, get("/latest/meta-data/instance-id").statusCode());
        assertEquals(403, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).statusCode());
        assertEquals(403, put("/latest/api/token", "X-aws-ec2-metadata-token-ttl-seconds", "60").statusCode());
        options(MetadataOptions.DEFAULTS);
        assertEquals(200, get("/latest/meta-data/instance-id", "X-aws-ec2-metadata-token", token).statusCode());
    }

    @Test
    void theTreeListsAndAnswersAsImdsDoes() throws Exception {
        String token = token(300);
        String[] auth = {"X-aws-ec2-metadata-token", token};
        assertEquals("iam/\ninstance-id\nplacement/", get("/latest/meta-data/", auth).body());
        assertEquals("iam/\ninstance-id\nplacement/", get("/latest/meta-data", auth).body());
        assertEquals("dynamic\nmeta-data", get("/latest/", auth).body());
        assertEquals("availability-zone\nregion", get("/latest/meta-data/placement/", auth).body());
        assertEquals("eu-west-3", get("/latest/meta-data/placement/region", auth).body());
        assertEquals("eu-west-3a", get("/latest/meta-data/placement/availability-zone", auth).body());
        assertEquals("info\nsecurity-credentials/", get("/latest/meta-data/iam/", auth).body());
        assertEquals("info\nsecurity-credentials/", get("/latest/meta-data/iam", auth).body());
        assertEquals("app-role", get("/latest/meta-data/iam/security-credentials/", auth).body());
        assertEquals("app-role", get("/latest/meta-data/iam/security-credentials", auth).body());
        assertEquals(404, get("/latest/meta-data/instance-id/", auth).statusCode());
        assertEquals(404, get("/latest/meta-data/iam/security-credentials/WRONG", auth).statusCode());
        assertEquals(404, get("/latest/meta-data/iam/security-credentials/app-role/", auth).statusCode());
        assertEquals(404, get("/latest/meta-data/no-such-thing", auth).statusCode());
        assertEquals(404, get("/latest/user-data", auth).statusCode());

        HttpResponse<String> info = get("/latest/meta-data/iam/info", auth);
        assertEquals(Optional.of("text/plain"), info.headers().firstValue("Content-Type"));
        JsonNode infoJson = JSON.readTree(info.body());
        assertEquals(List.of("Code", "LastUpdated", "InstanceProfileArn", "InstanceProfileId"), names(infoJson));
        assertEquals("Success", infoJson.path("Code").asText());
        assertEquals("arn:aws:iam::123456789012:instance-profile/app", infoJson.path("InstanceProfileArn").asText());
        assertEquals("AIPAEXAMPLEPROFILE01", infoJson.path("InstanceProfileId").asText());
        assertTrue(info.body().startsWith("{\n  \"Code\" : \"Success\",\n"), info.body());

        RoleCredentials held = state.get().credentials().orElseThrow();
        String document = get("/latest/meta-data/iam/security-credentials/app-role", auth).body();
        JsonNode credentials = JSON.readTree(document);
        assertEquals(List.of("Code", "LastUpdated", "Type", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"),
                names(credentials));
        assertEquals("Success", credentials.path("Code").asText());
        assertEquals("AWS-HMAC", credentials.path("Type").asText());
        assertEquals(held.accessKeyId(), credentials.path("AccessKeyId").asText());
        assertEquals(held.secretAccessKey(), credentials.path("SecretAccessKey").asText());
        assertEquals(held.sessionToken(), credentials.path("Token").asText());
        assertEquals(held.expiration().toString(), credentials.path("Expiration").asText());
        assertEquals(held.lastUpdated().toString(), credentials.path("LastUpdated").asText());
        assertTrue(credentials.path("Expiration").asText().matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"));

        JsonNode identity = JSON.readTree(get("/latest/dynamic/instance-identity/document", auth).body());
        assertEquals(ACCOUNT, identity.path("accountId").asText());
        assertEquals("eu-west-3", identity.path("region").asText());
        assertEquals("eu-west-3a", identity.path("availabilityZone").asText());
        assertEquals(INSTANCE, identity.path("instanceId").asText());
        assertEquals("document", get("/latest/dynamic/instance-identity/", auth).body());
    }

    @Test
    void aDetachedInstanceHasNoIamTree() throws Exception {
        state.updateAndGet(v -> v.withProfile(Optional.empty(), Optional.empty()));
        assertEquals("instance-id\nplacement/", get("/latest/meta-data/").body());
        for (String path : List.of("/latest/meta-data/iam/", "/latest/meta-data/iam/info",
                "/latest/meta-data/iam/security-credentials/", "/latest/meta-data/iam/security-credentials/app-role")) {
            assertEquals(404, get(path).statusCode(), path);
        }
    }

    @Test
    void credentialsAreNeverAnsweredOnceExpiredAndARefusalIsExplained() throws Exception {
        clock.advance(Duration.ofHours(6));
        assertEquals(404, get("/latest/meta-data/iam/security-credentials/app-role").statusCode());
        assertEquals("app-role", get("/latest/meta-data/iam/security-credentials/").body());

        state.set(new InstanceView(INSTANCE, "arn", ACCOUNT, "eu-west-3", "eu-west-3a", MetadataOptions.DEFAULTS,
                state.get().profile(), Optional.of("AssumeRoleUnauthorizedAccess"),
                Optional.of("EC2 cannot assume the role app-role."), Optional.empty(), List.of()));
        HttpResponse<String> refused = get("/latest/meta-data/iam/security-credentials/app-role");
        assertEquals(200, refused.statusCode());
        JsonNode document = JSON.readTree(refused.body());
        assertEquals("AssumeRoleUnauthorizedAccess", document.path("Code").asText());
        assertEquals("EC2 cannot assume the role app-role.", document.path("Message").asText());
        assertTrue(document.path("AccessKeyId").isMissingNode());
    }

    @Test
    void theTokenAnswerTravelsNoFurtherThanTheHopLimitAndOtherAnswersAsUsual() throws Exception {
        for (int hops : List.of(1, 3)) {
            options(new MetadataOptions(false, hops, true));
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), server.port())) {
                InetSocketAddress agentSide = new InetSocketAddress(client.getInetAddress(), client.getPort());
                InetSocketAddress clientSide = new InetSocketAddress(client.getLocalAddress(), client.getLocalPort());
                String answer = exchange(client, "GET /latest/meta-data/instance-id HTTP/1.1\r\nHost: x\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertEquals(64, SocketHopLimit.ttl(agentSide, clientSide), "a GET leaves the TTL as it was");
                answer = exchange(client, "PUT /latest/api/token HTTP/1.1\r\nHost: x\r\n"
                        + "X-aws-ec2-metadata-token-ttl-seconds: 60\r\nContent-Length: 0\r\n\r\n");
                assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
                assertEquals(hops, SocketHopLimit.ttl(agentSide, clientSide), "the token's connection is limited");
            }
        }
    }

    /** Writes one request and reads its answer, whose body is short and declared by Content-Length. */
    private static String exchange(Socket socket, String request) throws IOException {
        OutputStream out = socket.getOutputStream();
        out.write(request.getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        StringBuilder head = new StringBuilder();
        while (!head.toString().endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            head.append((char) b);
        }
        java.util.regex.Matcher length = java.util.regex.Pattern.compile("(?i)content-length: *(\\d+)")
                .matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.UTF_8);
    }

    @Test
    void aContainerGetsItsTaskRoleWithItsTokenAndNothingWithout() throws Exception {
        String token = ContainerTokens.token(SECRET, "web");
        HttpResponse<String> answered = get("/v1/credentials", "Authorization", token);
        assertEquals(200, answered.statusCode(), answered.body());
        JsonNode document = JSON.readTree(answered.body());
        assertEquals(List.of("RoleArn", "AccessKeyId", "SecretAccessKey", "Token", "Expiration"), names(document));
        assertEquals(TASK_ROLE, document.path("RoleArn").asText());
        assertEquals(taskCredentials.accessKeyId(), document.path("AccessKeyId").asText());
        assertEquals(taskCredentials.expiration().toString(), document.path("Expiration").asText());

        assertEquals(400, get("/v1/credentials").statusCode());
        HttpResponse<String> wrong = get("/v1/credentials", "Authorization", ContainerTokens.token(SECRET, "other"));
        assertEquals(403, wrong.statusCode());
        assertFalse(wrong.body().contains("ASIA"));
        assertEquals(403, get("/v1/credentials", "Authorization", token + "x").statusCode());
        assertEquals(403, get("/v1/credentials", "Authorization",
                ContainerTokens.token("another-instance-secret-another-instance", "web")).statusCode());

        options(new MetadataOptions(true, 1, false));
        assertEquals(200, get("/v1/credentials", "Authorization", token).statusCode(),
                "the container endpoint is not IMDS: its options do not apply");

        state.updateAndGet(v -> v.withTaskRoleArns(List.of()));
        HttpResponse<String> revoked = get("/v1/credentials", "Authorization", token);
        assertEquals(403, revoked.statusCode());
        assertTrue(revoked.body().contains("is not granted to instance " + INSTANCE), revoked.body());
        assertEquals(List.of(new Container("web", TASK_ROLE)), forgotten);
    }

    private static List<String> names(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
