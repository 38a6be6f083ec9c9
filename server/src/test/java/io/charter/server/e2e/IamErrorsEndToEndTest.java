package io.charter.server.e2e;

import static io.charter.server.e2e.Processes.json;
import static io.charter.server.e2e.Processes.keys;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestServer;
import io.charter.server.identity.NewAccessKey;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;

/**
 * End-to-end: boto3 drives every error path of every IAM operation the server implements
 * ({@code e2e/iam_errors.py}) and must get exactly the HTTP status, code and message that
 * {@code e2e/iam_errors.expected} lists for each case. The script also finds out which operations
 * of IAM's model the server implements, so an operation added without its error cases fails here.
 * A missing python3 or boto3 fails the test.
 */
class IamErrorsEndToEndTest {
    private static final Duration TIMEOUT = Duration.ofMinutes(3);

    /** How a case ended: a status, an error code and its message; a call that succeeded has no code. */
    record Outcome(int status, String code, String message) {
        static final Outcome SUCCEEDED = new Outcome(200, "(none)", "(the call succeeded)");

        /** {@code STATUS CODE MESSAGE…}, the message being the rest of the line. */
        static Outcome parse(String text) {
            String[] parts = text.strip().split("\\s+", 3);
            return new Outcome(Integer.parseInt(parts[0]), parts[1], parts.length > 2 ? parts[2] : "");
        }

        /**
         * The outcome as the case reported it, with AWS's own wording of the message (without the
         * encoded authorization failure message that policy denials end with).
         */
        static Outcome of(JsonNode result) {
            return result.path("Error").isNull() ? SUCCEEDED
                    : new Outcome(result.path("Status").asInt(), result.path("Error").asText(),
                            TestServer.awsWording(result.path("Message").asText()));
        }

        @Override
        public String toString() {
            return status + " " + code + " " + message;
        }
    }

    @Test
    void everyErrorPathOfEveryOperationAnswersAsExpected() {
        Map<String, Outcome> expected = expected();
        JsonNode out;
        try (TestServer server = TestServer.start()) {
            NewAccessKey root = server.rootKey();
            Processes.Result result = Processes.run(
                    List.of("python3", Processes.resource("/e2e/iam_errors.py"), server.endpoint().toString()),
                    keys(root.accessKeyId(), root.secretAccessKey()),
                    TIMEOUT);
            assertEquals(0, result.exitCode(), result.stderr());
            out = json(result.stdout());
        }

        Map<String, Outcome> actual = new TreeMap<>();
        out.path("cases").properties().forEach(e -> actual.put(e.getKey(), Outcome.of(e.getValue())));
        List<String> differences = new ArrayList<>();
        for (String name : union(expected.keySet(), actual.keySet())) {
            if (!Objects.equals(expected.get(name), actual.get(name))) {
                differences.add(name + "\n    expected: " + expected.get(name) + "\n    got:      " + actual.get(name));
            }
        }
        assertEquals("", String.join("\n", differences), differences.size() + " of " + expected.size() + " cases differ");

        Set<String> implemented = StreamSupport.stream(out.path("implemented").spliterator(), false)
                .map(JsonNode::asText).collect(Collectors.toCollection(TreeSet::new));
        Set<String> covered = expected.keySet().stream().map(IamErrorsEndToEndTest::operation)
                .collect(Collectors.toCollection(TreeSet::new));
        assertEquals(implemented, covered, "the operations with error cases are the operations the server implements");
        assertEquals(Set.of(), implemented.stream().filter(op -> !expected.containsKey(op + ".AccessDenied"))
                .collect(Collectors.toSet()), "operations without an AccessDenied case");
    }

    /** The table of expected outcomes; each case's name says the code it expects. */
    private static Map<String, Outcome> expected() {
        Map<String, Outcome> table = new TreeMap<>();
        InputStream in = IamErrorsEndToEndTest.class.getResourceAsStream("/e2e/iam_errors.expected");
        assertNotNull(in, "e2e/iam_errors.expected");
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (line.isBlank() || line.startsWith("#")) {
                    continue;
                }
                String[] caseAndRest = line.split("\\s+", 2);
                Outcome outcome = Outcome.parse(caseAndRest[1]);
                assertEquals(caseAndRest[0].split("\\.")[1], outcome.code(), "the code a case's name says: " + line);
                assertNull(table.put(caseAndRest[0], outcome), "listed twice: " + caseAndRest[0]);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return table;
    }

    private static String operation(String caseName) {
        return caseName.substring(0, caseName.indexOf('.'));
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new TreeSet<>(a);
        all.addAll(b);
        return all;
    }
}
