package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A 100 MiB object goes through Charter in one PutObject and comes back whole, from a server whose
 * heap is capped at 64 MiB (embedded object store included): the body streams through, verified as
 * it goes, and never sits whole in memory.
 */
class S3LargeUploadIT {
    private static final long SIZE = 100L * 1024 * 1024;

    @Test
    void aHundredMebibyteUploadStreamsThroughABoundedHeap() throws Exception {
        Path dataDir = Files.createTempDirectory("charter-large");
        ServedCharter served = ServedCharter.serve(dataDir, List.of(), Map.of("CHARTER_JAVA_OPTS", "-Xmx64m"));
        try {
            List<String> credentials = Files.readAllLines(dataDir.resolve("credentials"));
            String id = credentials.get(1).split(" = ")[1];
            String secret = credentials.get(2).split(" = ")[1];
            Processes.Result result = Processes.run(List.of("python3", Processes.resource("/e2e/s3_large_upload.py"),
                    served.endpoint(), "large", Long.toString(SIZE)), Processes.keys(id, secret), Duration.ofMinutes(5));
            assertEquals(0, result.exitCode(), result.stderr());
            JsonNode answer = json(result.stdout());
            assertEquals(SIZE, answer.get("length").asLong());
            assertTrue(answer.get("same").asBoolean(), answer.toString());
            assertTrue(served.process().isAlive(), "the server survived the upload");
        } finally {
            served.process().destroy();
            served.process().waitFor();
        }
    }
}
