package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs real client programs (the AWS CLI, python with boto3) for end-to-end tests. */
final class Processes {
    private static final ObjectMapper JSON = new ObjectMapper();

    private Processes() {
    }

    record Result(int exitCode, String stdout, String stderr) {
    }

    /** The environment of a long-term key, in region us-east-1. */
    static Map<String, String> keys(String id, String secret) {
        return Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret, "AWS_DEFAULT_REGION", "us-east-1");
    }

    /**
     * The environment of the AWS CLI pointed at {@code endpoint} with a key (and a session token,
     * when not null), in region us-east-1.
     */
    static Map<String, String> cli(URI endpoint, String id, String secret, String token) {
        Map<String, String> env = new HashMap<>(Map.of("AWS_ACCESS_KEY_ID", id, "AWS_SECRET_ACCESS_KEY", secret,
                "AWS_DEFAULT_REGION", "us-east-1", "AWS_ENDPOINT_URL", endpoint.toString()));
        if (token != null) {
            env.put("AWS_SESSION_TOKEN", token);
        }
        return env;
    }

    /** Runs {@code aws --output json ARGS} with {@code env}. */
    static Result aws(Map<String, String> env, Duration timeout, String... args) {
        List<String> command = new ArrayList<>(List.of("aws", "--output", "json"));
        command.addAll(List.of(args));
        return run(command, env, timeout);
    }

    /** The JSON a client program printed. */
    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Asserts that an AWS CLI command failed with the AWS error {@code code}. */
    static void assertCliError(Result result, String code) {
        assertNotEquals(0, result.exitCode(), result.stdout());
        assertTrue(result.stderr().contains("(" + code + ")"), result.stderr());
    }

    /** The file system path of a test resource, such as a client script ({@code /e2e/NAME.py}). */
    static String resource(String name) {
        try {
            return Path.of(Processes.class.getResource(name).toURI()).toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Runs {@code command} with a clean AWS environment plus {@code env}; a missing program fails
     * the test (CI installs the clients; nothing is skipped).
     */
    static Result run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path out = Files.createTempFile("charter-e2e", ".out");
            Path err = Files.createTempFile("charter-e2e", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("AWS_"));
            environment.put("AWS_CONFIG_FILE", "/dev/null");
            environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            environment.put("AWS_MAX_ATTEMPTS", "1");
            environment.put("AWS_RETRY_MODE", "standard");
            environment.put("AWS_EC2_METADATA_DISABLED", "true");
            environment.putAll(env);
            Process process;
            try {
                process = builder.start();
            } catch (IOException e) {
                fail("cannot run " + command.get(0) + " (" + e.getMessage() + "): the end-to-end tests need the AWS CLI v1"
                        + " and python3 with boto3 installed (.ci/run installs them)");
                throw e;
            }
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly();
                fail(command + " did not finish within " + timeout);
            }
            return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
