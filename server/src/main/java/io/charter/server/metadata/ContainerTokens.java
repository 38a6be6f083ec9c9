package io.charter.server.metadata;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The token each container presents as {@code AWS_CONTAINER_AUTHORIZATION_TOKEN}: derived from the
 * instance's secret, {@code base64url(HMAC-SHA256(secret, "container:" + NAME))}, so that the agent
 * writes no secret of its own and an operator can print one again
 * ({@code charter metadata container-token NAME}). A container holding its token learns nothing
 * of the instance secret or of another container's token.
 *
 * <p>Immutable; thread-safe.
 */
public final class ContainerTokens {
    private final Map<String, byte[]> tokens;

    private ContainerTokens(Map<String, byte[]> tokens) {
        this.tokens = tokens;
    }

    /** The token of container {@code name} for the instance whose secret is {@code instanceSecret}. */
    public static String token(String instanceSecret, String name) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(instanceSecret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            byte[] digest = mac.doFinal(("container:" + name).getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(digest);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    static ContainerTokens of(String instanceSecret, List<Container> containers) {
        Map<String, byte[]> tokens = new LinkedHashMap<>();
        for (Container container : containers) {
            tokens.put(container.name(), token(instanceSecret, container.name()).getBytes(StandardCharsets.UTF_8));
        }
        return new ContainerTokens(tokens);
    }

    /** The container whose token {@code presented} is; every token is compared, each in constant time. */
    Optional<String> container(String presented) {
        byte[] bytes = presented.getBytes(StandardCharsets.UTF_8);
        String found = null;
        for (Map.Entry<String, byte[]> entry : tokens.entrySet()) {
            if (MessageDigest.isEqual(entry.getValue(), bytes)) {
                found = entry.getKey();
            }
        }
        return Optional.ofNullable(found);
    }
}
