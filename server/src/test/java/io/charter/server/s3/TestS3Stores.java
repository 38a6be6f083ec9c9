package io.charter.server.s3;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The tests' embedded S3 stores: S3Proxy loaded once for the whole test JVM (from the system property the build sets,
 * s3store/target/lib), each store started from it in tens of milliseconds.
 */
final class TestS3Stores {

    private static final class Shared {
        static final S3StoreLibrary LIBRARY = load();

        private static S3StoreLibrary load() {
            try {
                return S3StoreLibrary.load(libraryDirectory());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    private TestS3Stores() {
    }

    static Path libraryDirectory() {
        String library = System.getProperty("charter.s3store.lib");
        if (library == null) {
            throw new IllegalStateException("charter.s3store.lib is not set: run the tests through Maven, after "
                    + "./mvnw install -DskipTests (which packages s3store/target/lib)");
        }
        return Path.of(library).normalize();
    }

    /** A store of its own in {@code directory}, from the shared library. */
    static EmbeddedS3Store start(Path directory) throws IOException {
        return Shared.LIBRARY.start(directory);
    }
}
