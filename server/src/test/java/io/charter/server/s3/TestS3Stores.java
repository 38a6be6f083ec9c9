package io.charter.server.s3;

import java.io.IOException;
import java.nio.file.Path;

/** Where the tests find S3Proxy's jars: the system property the build sets (s3store/target/lib). */
final class TestS3Stores {

    private TestS3Stores() {
    }

    static Path library() {
        String library = System.getProperty("charter.s3store.lib");
        if (library == null) {
            throw new IllegalStateException("charter.s3store.lib is not set: run the tests through Maven, after "
                    + "./mvnw install -DskipTests (which packages s3store/target/lib)");
        }
        return Path.of(library).normalize();
    }

    static EmbeddedS3Store start(Path directory) throws IOException {
        return EmbeddedS3Store.start(library(), directory);
    }
}
