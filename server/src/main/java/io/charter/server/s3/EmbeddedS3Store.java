package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The S3 store Charter runs itself when no other backend is configured: S3Proxy on its {@code filesystem-nio2}
 * blob store, keeping buckets and objects under one directory (the data directory's {@code s3}), in a class loader
 * of its own ({@link S3StoreLibrary}).
 *
 * <p>It listens on {@code 127.0.0.1} only, on a free port, and accepts only requests signed with a credential drawn
 * at random for this start: nothing else on the machine can read or write it past Charter. {@link #endpoint()} is
 * where it is and that credential, for {@link S3Backend} (or a benchmark measuring the store alone).
 *
 * <p>Thread-safe: the endpoint is fixed at start; {@link #close()} may be called more than once, from any thread.
 */
public final class EmbeddedS3Store implements AutoCloseable {

    private final BackendEndpoint endpoint;
    private final AutoCloseable proxy;
    private final AtomicBoolean closed = new AtomicBoolean();
    /** The library this store loaded for itself alone, closed with it; empty when it was started from a shared one. */
    private final Optional<S3StoreLibrary> ownLibrary;

    EmbeddedS3Store(BackendEndpoint endpoint, AutoCloseable proxy, Optional<S3StoreLibrary> ownLibrary) {
        this.endpoint = requireNonNull(endpoint, "endpoint is null");
        this.proxy = requireNonNull(proxy, "proxy is null");
        this.ownLibrary = requireNonNull(ownLibrary, "ownLibrary is null");
    }

    /**
     * Loads S3Proxy from {@code library} for this store alone and starts it (the library is closed with the store);
     * see {@link S3StoreLibrary#start} to start several from one library.
     *
     * @param library   the directory of S3Proxy's jars and the bridge's ({@code s3store/target/lib}, the system
     *                  property {@code charter.s3store.lib})
     * @param directory where the buckets and objects are kept; created owner-only if absent
     * @throws IOException if the library is missing or incomplete, or S3Proxy does not start
     */
    public static EmbeddedS3Store start(Path library, Path directory) throws IOException {
        S3StoreLibrary loaded = S3StoreLibrary.load(library);
        try {
            return loaded.startOwning(directory);
        } catch (IOException | RuntimeException e) {
            S3StoreLibrary.closeQuietly(loaded, e);
            throw e;
        }
    }

    /** Where the store listens and the credential it accepts. */
    public BackendEndpoint endpoint() {
        return endpoint;
    }

    /** Stops the store (its listener and threads), and closes its library if it loaded one for itself. */
    @Override
    public void close() throws IOException {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        try {
            proxy.close();
        } catch (IOException | RuntimeException e) {
            ownLibrary.ifPresent(library -> S3StoreLibrary.closeQuietly(library, e));
            throw e;
        } catch (Exception e) {
            IOException failure = new IOException("the embedded S3 store did not stop cleanly: " + e, e);
            ownLibrary.ifPresent(library -> S3StoreLibrary.closeQuietly(library, failure));
            throw failure;
        }
        if (ownLibrary.isPresent()) {
            ownLibrary.get().close();
        }
    }

    @Override
    public String toString() {
        return "EmbeddedS3Store[" + endpoint + "]";
    }
}
