package io.charter.server.cli;

import io.charter.server.CharterServer;
import io.charter.server.config.CharterConfig;
import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Comparator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;

/**
 * {@code charter train-startup} (hidden): starts a server on a free port over a throw-away data
 * directory, serves a health check and one signed call of each protocol, and stops. The launcher
 * runs it once per build under the JVM's ahead-of-time cache recording, so that later starts load
 * and link their classes from the cache.
 */
@Command(name = "train-startup", hidden = true, description = "Exercise start-up once, for the JVM's start-up cache.")
final class TrainCommand implements Callable<Integer> {
    @Override
    public Integer call() throws IOException, InterruptedException {
        Path dataDir = Files.createTempDirectory("charter-train");
        try {
            CharterConfig config = new CharterConfig("127.0.0.1", 0, dataDir, "123456789012", 1024 * 1024,
                    Duration.ofSeconds(1), Duration.ofDays(30));
            try (CharterServer server = CharterServer.start(config, Clock.systemUTC())) {
                URI endpoint = URI.create(server.endpoint());
                HttpClient.newHttpClient().send(HttpRequest.newBuilder(endpoint.resolve("/health")).build(),
                        HttpResponse.BodyHandlers.discarding());
                NewAccessKey root = server.bootstrapKey().orElseThrow();
                CharterClient client = new CharterClient(endpoint, Credentials.of(root.accessKeyId(), root.secretAccessKey()),
                        Clock.systemUTC());
                client.iam("ListUsers", Map.of());
                client.call("DescribeOrganization", "{}");
            }
            return ExitCodes.OK;
        } finally {
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path file : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(file);
                }
            }
        }
    }
}
