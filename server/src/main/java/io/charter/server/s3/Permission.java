package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.policy.ContextValue;
import java.util.Map;

/**
 * One authorization check an S3 request needs: an IAM action on one resource ARN, with the
 * condition keys the request itself supplies. Immutable and thread-safe.
 *
 * @param action {@code s3:GetObject}, as the Service Authorization Reference spells it
 * @param resource {@code arn:aws:s3:::bucket}, {@code arn:aws:s3:::bucket/key} (the key as written,
 *     not URL-encoded), or {@code *} for actions without a resource ({@code s3:ListAllMyBuckets})
 * @param keys the request's condition keys for this check, named as the reference names them
 *     ({@code s3:prefix}, {@code s3:RequestObjectTag/team}); the endpoint adds its own
 *     ({@code aws:*}, {@code s3:authType}, {@code s3:signatureversion}, ...)
 */
public record Permission(String action, String resource, Map<String, ContextValue> keys) {
    public Permission {
        requireNonNull(action, "action is null");
        requireNonNull(resource, "resource is null");
        keys = Map.copyOf(requireNonNull(keys, "keys is null"));
    }
}
