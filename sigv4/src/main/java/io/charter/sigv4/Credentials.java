package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.Optional;

/**
 * AWS credentials for signing: access key id, secret, and for temporary credentials the session token.
 *
 * @param accessKeyId     e.g. {@code AKIDEXAMPLE}
 * @param secretAccessKey the secret; never printed by {@link #toString()}
 * @param sessionToken    present for temporary (STS) credentials
 */
public record Credentials(String accessKeyId, String secretAccessKey, Optional<String> sessionToken) {

    public Credentials {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(sessionToken, "sessionToken is null");
        if (accessKeyId.isEmpty() || accessKeyId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("accessKeyId must be non-empty and contain no '/'");
        }
    }

    /** Long-term credentials. */
    public static Credentials of(String accessKeyId, String secretAccessKey) {
        return new Credentials(accessKeyId, secretAccessKey, Optional.empty());
    }

    /** Temporary credentials. */
    public static Credentials of(String accessKeyId, String secretAccessKey, String sessionToken) {
        return new Credentials(accessKeyId, secretAccessKey, Optional.of(sessionToken));
    }

    @Override
    public String toString() {
        return "Credentials[accessKeyId=" + accessKeyId + ", secretAccessKey=redacted, sessionToken="
                + (sessionToken.isPresent() ? "redacted" : "none") + "]";
    }
}
