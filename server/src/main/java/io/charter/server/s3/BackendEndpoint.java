package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.net.URI;

/**
 * Where an S3 backend listens and the credential Charter signs its forwarded requests with.
 *
 * @param uri             the backend's base URI, {@code http://host:port} (requests go to it path style)
 * @param accessKeyId     the backend's access key id
 * @param secretAccessKey its secret; left out of {@link #toString()}
 * @param region          the region forwarded requests are signed for
 */
public record BackendEndpoint(URI uri, String accessKeyId, String secretAccessKey, String region) {

    public BackendEndpoint {
        requireNonNull(uri, "uri is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secretAccessKey, "secretAccessKey is null");
        requireNonNull(region, "region is null");
        if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme())) {
            throw new IllegalArgumentException("a backend's URI is http or https: " + uri);
        }
        if (uri.getRawAuthority() == null
                || (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/"))
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("a backend's URI is scheme://host[:port], nothing after: " + uri);
        }
        if (accessKeyId.isEmpty() || accessKeyId.indexOf('/') >= 0) {
            throw new IllegalArgumentException("a backend's access key id is non-empty, without '/'");
        }
        if (secretAccessKey.isEmpty() || region.isEmpty()) {
            throw new IllegalArgumentException("a backend's secret and region are non-empty");
        }
    }

    @Override
    public String toString() {
        return "BackendEndpoint[uri=" + uri + ", accessKeyId=" + accessKeyId + ", secretAccessKey=redacted, region="
                + region + "]";
    }
}
