package io.charter.server.metadata;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The two calls the instance credential may make, to Charter's {@code charter} service (AWS JSON
 * 1.1, SigV4 with the instance credential, scope us-east-1): GetInstanceCredentials and
 * GetTaskRoleCredentials. A refusal by the server is a {@link Refused}; a server that cannot be
 * reached or answers nonsense is an {@link IOException}.
 *
 * <p>Thread-safe.
 */
public final class CharterInstanceApi {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TARGET_PREFIX = "Charter_20261101.";
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final URI endpoint;
    private final Credentials credentials;
    private final Clock clock;
    private final HttpClient http;

    public CharterInstanceApi(URI endpoint, InstanceCredentialsFile instance, Clock clock) {
        this.endpoint = endpoint;
        this.credentials = Credentials.of(instance.accessKeyId(), instance.secretAccessKey());
        this.clock = clock;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(TIMEOUT).build();
    }

    /** GetInstanceCredentials: what the instance is, and, when {@code includeCredentials}, its role's credentials. */
    InstanceView instance(boolean includeCredentials) throws IOException, Refused {
        ObjectNode request = JSON.createObjectNode().put("IncludeCredentials", includeCredentials);
        JsonNode answer = call("GetInstanceCredentials", request);
        JsonNode options = answer.path("MetadataOptions");
        MetadataOptions metadataOptions = new MetadataOptions(
                "required".equals(options.path("HttpTokens").asText("optional")),
                options.path("HttpPutResponseHopLimit").asInt(1),
                !"disabled".equals(options.path("HttpEndpoint").asText("enabled")));
        Optional<InstanceProfile> profile = Optional.empty();
        JsonNode attached = answer.path("InstanceProfile");
        if (attached.isObject()) {
            profile = Optional.of(new InstanceProfile(text(attached, "Arn"), text(attached, "Id"),
                    optional(attached, "RoleName"), optional(attached, "RoleArn")));
        }
        List<String> taskRoles = new ArrayList<>();
        answer.path("TaskRoleArns").forEach(arn -> taskRoles.add(arn.asText()));
        return new InstanceView(text(answer, "InstanceId"), text(answer, "InstanceArn"), text(answer, "AccountId"),
                text(answer, "Region"), text(answer, "AvailabilityZone"), metadataOptions, profile,
                optional(answer, "CredentialsCode"), optional(answer, "CredentialsMessage"),
                credentials(answer.path("Credentials")), taskRoles);
    }

    /** GetTaskRoleCredentials: credentials of {@code container}'s task role, its session named after the container. */
    RoleCredentials taskRole(Container container) throws IOException, Refused {
        ObjectNode request = JSON.createObjectNode().put("RoleArn", container.roleArn())
                .put("ContainerName", container.name());
        Optional<RoleCredentials> issued = credentials(call("GetTaskRoleCredentials", request).path("Credentials"));
        return issued.orElseThrow(() -> new IOException("GetTaskRoleCredentials answered no credentials"));
    }

    private JsonNode call(String operation, ObjectNode request) throws IOException, Refused {
        String body = JSON.writeValueAsString(request);
        String host = endpoint.getHost() + (endpoint.getPort() > 0 ? ":" + endpoint.getPort() : "");
        List<Header> headers = List.of(new Header("Host", host),
                new Header("Content-Type", "application/x-amz-json-1.1"),
                new Header("X-Amz-Target", TARGET_PREFIX + operation));
        SignableRequest signed = new SigV4Signer().sign(new SignableRequest("POST", "/", "", headers,
                Payload.ofUtf8(body)), SigningParams.of(credentials, "us-east-1", "charter", clock.instant())).request();
        HttpRequest.Builder builder = HttpRequest.newBuilder(endpoint.resolve("/")).timeout(TIMEOUT)
                .POST(HttpRequest.BodyPublishers.ofByteArray(signed.payload().bytes()));
        for (Header header : signed.headers()) {
            if (!header.name().equalsIgnoreCase("host")) {
                builder.header(header.name(), header.value());
            }
        }
        HttpResponse<String> response;
        try {
            response = http.send(builder.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while calling " + operation);
        }
        JsonNode answer;
        try {
            answer = JSON.readTree(response.body().isEmpty() ? "{}" : response.body());
        } catch (IOException e) {
            throw new IOException(operation + " answered HTTP " + response.statusCode() + " that is not JSON");
        }
        if (response.statusCode() != 200) {
            String type = answer.path("__type").asText("HTTP " + response.statusCode());
            throw new Refused(response.statusCode(), type.substring(type.lastIndexOf('#') + 1),
                    answer.path("message").asText(answer.path("Message").asText("")));
        }
        return answer;
    }

    private static Optional<RoleCredentials> credentials(JsonNode node) throws IOException {
        if (!node.isObject()) {
            return Optional.empty();
        }
        return Optional.of(new RoleCredentials(text(node, "AccessKeyId"), text(node, "SecretAccessKey"),
                text(node, "SessionToken"), instant(node, "Expiration"), instant(node, "LastUpdated")));
    }

    private static String text(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isTextual()) {
            throw new IOException("the server's answer has no " + field);
        }
        return value.asText();
    }

    private static Optional<String> optional(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value != null && value.isTextual() ? Optional.of(value.asText()) : Optional.empty();
    }

    /** AWS JSON timestamps are epoch seconds, possibly with a fraction. */
    private static Instant instant(JsonNode node, String field) throws IOException {
        JsonNode value = node.get(field);
        if (value == null || !value.isNumber()) {
            throw new IOException("the server's answer has no " + field);
        }
        return Instant.ofEpochMilli(Math.round(value.asDouble() * 1000));
    }

    /** The server answered with an error: AWS's code and message (never a credential). */
    static final class Refused extends Exception {
        private static final long serialVersionUID = 1L;
        private final int status;
        private final String code;

        Refused(int status, String code, String message) {
            super(code + ": " + message);
            this.status = status;
            this.code = code;
        }

        int status() {
            return status;
        }

        String code() {
            return code;
        }

        /**
         * The instance credential itself is refused: not a key the server knows (the instance was
         * deregistered). A signature refused (a clock too far from the server's, say) is not: what is
         * held stays served while valid.
         */
        boolean credentialRefused() {
            return (status == 400 || status == 403)
                    && (code.equals("UnrecognizedClientException") || code.equals("InvalidClientTokenId"));
        }
    }
}
