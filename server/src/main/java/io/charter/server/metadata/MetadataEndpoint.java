package io.charter.server.metadata;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * What the agent answers, as EC2's instance metadata service and the container credential
 * endpoint answer (the HTTP server around it is {@link MetadataServer}):
 *
 * <ul>
 * <li>{@code PUT /latest/api/token} with {@code X-aws-ec2-metadata-token-ttl-seconds} 1 to 21600: a
 *     new session token (400 when the TTL is missing or out of range; 403 when the request carries
 *     {@code X-Forwarded-For}, as IMDS refuses tokens to proxied requests); its answer's packets
 *     travel at most the instance's hop limit. Another method there: 405.</li>
 * <li>{@code GET} anything else: with {@code X-aws-ec2-metadata-token}, the token must be valid and
 *     unexpired (401); without one, only while tokens are optional (401 once required). Then the
 *     tree ({@link MetadataTree}, 404 for what it lacks). Other methods: 405.</li>
 * <li>The endpoint turned off (HttpEndpoint disabled): 403 for every IMDS request, as EC2 answers.</li>
 * <li>{@code GET /v1/credentials} with {@code Authorization: TOKEN} (what the SDKs send from
 *     {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}): the container's task-role credentials as the ECS
 *     endpoint answers them. No token: 400, as the EKS Pod Identity Agent answers; a token of no
 *     container here: 403; the role no longer granted to the instance: 403. Unaffected by the IMDS
 *     options: it is the container agent's endpoint, not the instance's.</li>
 * </ul>
 *
 * <p>Thread-safe.
 */
final class MetadataEndpoint {
    static final String TOKEN_PATH = "/latest/api/token";
    static final String CONTAINER_PATH = "/v1/credentials";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Pattern DIGITS = Pattern.compile("\\d{1,9}");

    private final Supplier<Optional<InstanceView>> instance;
    private final SessionTokens tokens;
    private final ContainerTokens containerTokens;
    private final Map<String, Container> containers;
    private final ContainerCredentialSource containerCredentials;
    private final Clock clock;

    MetadataEndpoint(Supplier<Optional<InstanceView>> instance, SessionTokens tokens, ContainerTokens containerTokens,
            List<Container> containers, ContainerCredentialSource containerCredentials, Clock clock) {
        this.instance = instance;
        this.tokens = tokens;
        this.containerTokens = containerTokens;
        Map<String, Container> byName = new LinkedHashMap<>();
        containers.forEach(c -> byName.put(c.name(), c));
        this.containers = Map.copyOf(byName);
        this.containerCredentials = containerCredentials;
        this.clock = clock;
    }

    MetadataResponse answer(MetadataRequest request) {
        if (request.path().equals(CONTAINER_PATH)) {
            return container(request);
        }
        Optional<InstanceView> current = instance.get();
        if (current.isEmpty()) {
            return MetadataResponse.status(503, "Service Unavailable");
        }
        InstanceView view = current.get();
        if (!view.options().endpointEnabled()) {
            return MetadataResponse.status(403, "Forbidden");
        }
        if (request.path().equals(TOKEN_PATH)) {
            return token(request, view);
        }
        if (!request.method().equals("GET")) {
            return MetadataResponse.status(405, "Method Not Allowed");
        }
        if (request.token().isPresent() ? !tokens.valid(request.token().get()) : view.options().tokensRequired()) {
            return MetadataResponse.status(401, "Unauthorized");
        }
        return MetadataTree.answer(request.path(), view, clock.instant())
                .map(MetadataResponse::text)
                .orElseGet(() -> MetadataResponse.status(404, "Not Found"));
    }

    private MetadataResponse token(MetadataRequest request, InstanceView view) {
        if (!request.method().equals("PUT")) {
            return MetadataResponse.status(405, "Method Not Allowed");
        }
        if (request.forwarded()) {
            return MetadataResponse.status(403, "Forbidden");
        }
        Optional<String> ttl = request.ttlSeconds().map(String::strip).filter(t -> DIGITS.matcher(t).matches());
        if (ttl.isEmpty()) {
            return MetadataResponse.status(400, "Missing or Invalid Parameters");
        }
        int seconds = Integer.parseInt(ttl.get());
        if (seconds < SessionTokens.MIN_TTL_SECONDS || seconds > SessionTokens.MAX_TTL_SECONDS) {
            return MetadataResponse.status(400, "Missing or Invalid Parameters");
        }
        String token = tokens.issue(Duration.ofSeconds(seconds));
        return new MetadataResponse(200, "text/plain", token,
                Map.of("X-aws-ec2-metadata-token-ttl-seconds", Integer.toString(seconds)),
                OptionalInt.of(view.options().putResponseHopLimit()));
    }

    private MetadataResponse container(MetadataRequest request) {
        if (!request.method().equals("GET")) {
            return MetadataResponse.refusal(405, "Method not allowed");
        }
        String presented = request.authorization().map(String::strip).orElse("");
        if (presented.isEmpty()) {
            return MetadataResponse.refusal(400, "Authorization token cannot be empty");
        }
        Optional<Container> container = containerTokens.container(presented).map(containers::get);
        if (container.isEmpty()) {
            return MetadataResponse.refusal(403, "Access denied: the authorization token is not that of a container"
                    + " this agent serves");
        }
        Optional<InstanceView> view = instance.get();
        if (view.isPresent() && !view.get().taskRoleArns().contains(container.get().roleArn())) {
            containerCredentials.forget(container.get());
            return MetadataResponse.refusal(403, "Access denied: role " + container.get().roleArn()
                    + " is not granted to instance " + view.get().instanceId());
        }
        RoleCredentials credentials;
        try {
            credentials = containerCredentials.credentials(container.get());
        } catch (ContainerCredentialSource.Unavailable e) {
            return e.refused() ? MetadataResponse.refusal(403, "Access denied: " + e.getMessage())
                    : MetadataResponse.refusal(503, "Credentials unavailable: " + e.getMessage());
        }
        Instant now = clock.instant();
        if (!credentials.validAt(now)) {
            return MetadataResponse.refusal(503, "Credentials unavailable: those held have expired");
        }
        Map<String, String> document = new LinkedHashMap<>();
        document.put("RoleArn", container.get().roleArn());
        document.put("AccessKeyId", credentials.accessKeyId());
        document.put("SecretAccessKey", credentials.secretAccessKey());
        document.put("Token", credentials.sessionToken());
        document.put("Expiration", MetadataTree.timestamp(credentials.expiration()));
        try {
            return MetadataResponse.json(200, JSON.writeValueAsString(document));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }
}
