package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

/** A freshly created access key, the only moment its secret is shown to anyone. */
public record NewAccessKey(String accessKeyId, String secretAccessKey, Identity principal) {
    public NewAccessKey {
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(principal, "principal is null");
    }

    @Override
    public String toString() {
        return "NewAccessKey[" + accessKeyId + ", " + principal.arn() + "]";
    }
}
