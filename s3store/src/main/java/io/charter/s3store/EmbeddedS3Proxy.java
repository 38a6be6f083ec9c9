package io.charter.s3store;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.gaul.s3proxy.AuthenticationType;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.nio2blob.FilesystemNio2BlobStore;

/**
 * The bridge between Charter and S3Proxy: starts an S3Proxy on its {@code filesystem-nio2} blob store, answering
 * only requests signed (SigV2 or SigV4) with the one credential it is given.
 *
 * <p>Its signature holds JDK types only, because the server calls it by reflection from a class loader of its own:
 * S3Proxy and its whole class path (Jetty, Jackson 2 and 3, Guava, the cloud SDKs, logback) are loaded there and
 * never meet Charter's. Nothing else of S3Proxy is used by Charter.
 */
public final class EmbeddedS3Proxy {

    private EmbeddedS3Proxy() {
    }

    /**
     * Starts S3Proxy and returns once it listens.
     *
     * @param directory   where the buckets and objects are kept (one sub-directory per bucket); must exist
     * @param host        the address to listen on, e.g. {@code 127.0.0.1}
     * @param port        the port to listen on, {@code 0} for any free one
     * @param accessKeyId the only access key id S3Proxy accepts
     * @param secret      its secret
     * @param boundTo     told the endpoint it listens on ({@code http://host:port}), before this method returns
     * @return closing it stops S3Proxy (its listener and its threads)
     * @throws Exception whatever S3Proxy's start throws (a port in use, most likely)
     */
    public static AutoCloseable start(Path directory, String host, int port, String accessKeyId, String secret,
            Consumer<URI> boundTo) throws Exception {
        requireNonNull(directory, "directory is null");
        requireNonNull(host, "host is null");
        requireNonNull(accessKeyId, "accessKeyId is null");
        requireNonNull(secret, "secret is null");
        requireNonNull(boundTo, "boundTo is null");
        if (!Files.isDirectory(directory)) {
            throw new IllegalArgumentException("not a directory: " + directory);
        }
        S3Proxy proxy = S3Proxy.builder()
                .blobStore(new FilesystemNio2BlobStore(directory.toString()))
                .endpoint(URI.create("http://" + host + ":" + port))
                .awsAuthentication(AuthenticationType.AWS_V2_OR_V4, accessKeyId, secret)
                .build();
        proxy.start();
        try {
            boundTo.accept(URI.create("http://" + host + ":" + proxy.getPort()));
        } catch (RuntimeException e) {
            proxy.stop();
            throw e;
        }
        return proxy::stop;
    }
}
