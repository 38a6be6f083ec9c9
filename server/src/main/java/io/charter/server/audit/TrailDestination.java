package io.charter.server.audit;

import java.io.IOException;
import java.util.Map;

/**
 * Where a trail's files go: a bucket of Charter's S3 (through the object store underneath it).
 * Implemented by the S3 package; the deliverer knows only this.
 */
@FunctionalInterface
public interface TrailDestination {
    /**
     * Writes {@code body} (gzipped JSON) as {@code key} of {@code bucket}, with the user metadata
     * given ({@code signature} → {@code x-amz-meta-signature}).
     *
     * @throws IOException when the store did not take it
     */
    void put(String bucket, String key, byte[] body, Map<String, String> metadata) throws IOException;
}
