package io.charter.server.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/**
 * How the server serves S3: the domain under which buckets are addressed virtual-hosted style
 * ({@code bucket.s3.localhost}), and the store that holds the objects. Immutable.
 *
 * @param domain the virtual-hosted-style domain, lower case, when configured; path-style requests
 *     are always served
 * @param storage the store underneath
 */
public record S3Settings(Optional<String> domain, Storage storage) {
    /** The system property naming the embedded store's library directory (set by {@code ./charter} and the build). */
    public static final String LIBRARY_PROPERTY = "charter.s3store.lib";

    /** Path style only, the embedded store from {@link #LIBRARY_PROPERTY}. */
    public static final S3Settings DEFAULTS = new S3Settings(Optional.empty(),
            new Embedded(Optional.ofNullable(System.getProperty(LIBRARY_PROPERTY)).map(Path::of)));

    public S3Settings {
        requireNonNull(domain, "domain is null");
        requireNonNull(storage, "storage is null");
        domain = domain.map(d -> d.toLowerCase(Locale.ROOT));
    }

    /** The store that holds the objects. */
    public sealed interface Storage permits Embedded, Remote {
    }

    /**
     * The embedded store (S3Proxy on its filesystem backend) under the data directory, loaded from
     * {@code library} in a class loader of its own; absent when this installation has none (S3
     * requests are then answered {@code ServiceUnavailable}).
     */
    public record Embedded(Optional<Path> library) implements Storage {
        public Embedded {
            requireNonNull(library, "library is null");
        }
    }

    /**
     * Any S3-compatible endpoint: Charter authenticates and authorizes, then forwards each request
     * re-signed with this key. The secret is left out of {@link #toString()}.
     */
    public record Remote(URI url, String accessKeyId, String secretAccessKey, String region) implements Storage {
        public Remote {
            requireNonNull(url, "url is null");
            requireNonNull(accessKeyId, "accessKeyId is null");
            requireNonNull(secretAccessKey, "secretAccessKey is null");
            requireNonNull(region, "region is null");
        }

        @Override
        public String toString() {
            return "Remote[url=" + url + ", accessKeyId=" + accessKeyId + ", region=" + region + "]";
        }
    }
}
