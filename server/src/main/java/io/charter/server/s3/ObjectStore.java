package io.charter.server.s3;

import io.charter.server.error.AwsErrorCode;
import io.charter.server.error.ServiceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The object store underneath Charter's S3: the embedded one (S3Proxy on its filesystem backend,
 * started on first use, or at once with {@link #start}) or a remote S3-compatible endpoint. A store
 * that cannot start answers S3 requests {@code ServiceUnavailable}, and is tried again 30 seconds
 * later (each failure logged once). Thread-safe.
 */
public final class ObjectStore implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger(ObjectStore.class.getName());
    private static final Map<Path, S3StoreLibrary> LIBRARIES = new HashMap<>();

    private final Optional<Path> library;
    private final Path directory;
    private final Optional<BackendEndpoint> remote;
    private EmbeddedS3Store embedded;
    private volatile S3Backend backend;
    private boolean closed;
    /** When the embedded store last failed to start (0: never); it is tried again {@link #RETRY_AFTER_NANOS} later. */
    private long failedAt;
    private static final long RETRY_AFTER_NANOS = 30_000_000_000L;

    private ObjectStore(Optional<Path> library, Path directory, Optional<BackendEndpoint> remote) {
        this.library = library;
        this.directory = directory;
        this.remote = remote;
    }

    /** The embedded store, loaded from {@code library} (absent: none installed), keeping its objects in {@code directory}. */
    public static ObjectStore embedded(Optional<Path> library, Path directory) {
        return new ObjectStore(library, directory, Optional.empty());
    }

    /** A remote S3-compatible endpoint, reached with its own key. */
    public static ObjectStore remote(BackendEndpoint endpoint) {
        return new ObjectStore(Optional.empty(), Path.of(""), Optional.of(endpoint));
    }

    /** Starts the store now rather than on the first S3 request; a failure is logged and tried again later. */
    public void start() {
        try {
            backend();
        } catch (ServiceException e) {
            LOG.warning("the S3 object store did not start; S3 requests are refused until it does");
        }
    }

    /** The client of the store, started on first use. */
    S3Backend backend() {
        S3Backend ready = backend;
        if (ready != null) {
            return ready;
        }
        synchronized (this) {
            if (backend == null) {
                if (closed || (failedAt != 0 && System.nanoTime() - failedAt < RETRY_AFTER_NANOS)) {
                    throw unavailable();
                }
                try {
                    backend = new S3Backend(remote.orElseGet(this::startEmbedded));
                } catch (ServiceException e) {
                    failedAt = System.nanoTime();
                    throw e;
                }
            }
            return backend;
        }
    }

    private BackendEndpoint startEmbedded() {
        if (library.isEmpty()) {
            LOG.warning("no embedded S3 store is installed (system property charter.s3store.lib); S3 is unavailable");
            throw unavailable();
        }
        try {
            embedded = libraryAt(library.get()).start(directory);
            return embedded.endpoint();
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.WARNING, "the embedded S3 store did not start", e);
            throw unavailable();
        }
    }

    /**
     * The library at {@code directory}, loaded once per process: its classes are most of a store's
     * start (about 0.8 s); every later store of the process starts in tens of milliseconds. Kept
     * until the process ends.
     */
    private static S3StoreLibrary libraryAt(Path directory) throws IOException {
        synchronized (LIBRARIES) {
            S3StoreLibrary loaded = LIBRARIES.get(directory);
            if (loaded == null) {
                loaded = S3StoreLibrary.load(directory);
                LIBRARIES.put(directory, loaded);
            }
            return loaded;
        }
    }

    /** The endpoint of the embedded store once started (what the benchmark measures "the store alone" on). */
    public Optional<BackendEndpoint> embeddedEndpoint() {
        synchronized (this) {
            return Optional.ofNullable(embedded).map(EmbeddedS3Store::endpoint);
        }
    }

    private static ServiceException unavailable() {
        return new ServiceException(AwsErrorCode.SERVICE_UNAVAILABLE, "The S3 object store is not available.");
    }

    @Override
    public void close() {
        synchronized (this) {
            closed = true;
            try {
                if (backend != null) {
                    backend.close();
                }
            } finally {
                if (embedded != null) {
                    try {
                        embedded.close();
                    } catch (IOException e) {
                        LOG.log(Level.WARNING, "the embedded S3 store did not stop cleanly", e);
                    }
                }
            }
        }
    }
}
