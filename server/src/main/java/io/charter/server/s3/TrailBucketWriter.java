package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import io.charter.server.audit.TrailDestination;
import io.charter.server.error.ServiceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * CloudTrail's deliveries into a bucket of Charter's S3: written straight to the object store
 * underneath (as the service writes them on AWS, not through a caller's request), with
 * {@code Content-Type: application/json}, {@code Content-Encoding: gzip} and the digest's signature
 * as user metadata. Thread-safe.
 */
public final class TrailBucketWriter implements TrailDestination {
    private final ObjectStore store;

    public TrailBucketWriter(ObjectStore store) {
        this.store = requireNonNull(store, "store is null");
    }

    @Override
    public void put(String bucket, String key, byte[] body, Map<String, String> metadata) throws IOException {
        List<Map.Entry<String, String>> headers = new ArrayList<>();
        headers.add(Map.entry("content-type", "application/json"));
        headers.add(Map.entry("content-encoding", "gzip"));
        metadata.forEach((name, value) -> headers.add(Map.entry("x-amz-meta-" + name, value)));
        S3Backend backend;
        try {
            backend = store.backend();
        } catch (ServiceException e) {
            throw new IOException("the S3 object store is not available", e);
        }
        InputStream in = new ByteArrayInputStream(body);
        try (BackendResponse answer = backend.send(new BackendRequest("PUT", "/" + bucket + "/" + key, "", headers,
                Optional.of(in), body.length))) {
            if (answer.status() != 200) {
                throw new IOException("the S3 object store answered HTTP " + answer.status() + " to a trail's file");
            }
        }
    }
}
