package io.charter.server.e2e;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Charter started as a user starts it: {@code ./charter serve} from the repository root (after
 * packaging, so the launcher finds the built server), on a free port.
 *
 * @param process the launcher's process
 * @param endpoint the printed endpoint URL
 * @param lines what the start printed, up to its {@code Health:} line
 */
record ServedCharter(Process process, String endpoint, List<String> lines) {
    static final Path REPO = Path.of("").toAbsolutePath().getParent();
    private static final Pattern LISTENING = Pattern.compile("Charter is listening on (http://127\\.0\\.0\\.1:\\d+)");

    /** Starts {@code ./charter serve} on {@code dataDir} and waits until it listens. */
    static ServedCharter serve(Path dataDir) throws IOException {
        return serve(dataDir, List.of(), Map.of());
    }

    /**
     * Starts {@code ./charter serve} on {@code dataDir} with further {@code options} (say,
     * {@code --store postgresql://…}) and further {@code environment} variables, and waits until it listens.
     */
    static ServedCharter serve(Path dataDir, List<String> options, Map<String, String> environment) throws IOException {
        List<String> command = new ArrayList<>(List.of(REPO.resolve("charter").toString(), "serve", "--port", "0",
                "--data-dir", dataDir.toString()));
        command.addAll(options);
        ProcessBuilder builder = new ProcessBuilder(command)
                .directory(REPO.toFile())
                .redirectErrorStream(true);
        builder.environment().putAll(environment);
        Process process = builder.start();
        BufferedReader reader = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        List<String> lines = new ArrayList<>();
        String endpoint = null;
        String line;
        while ((line = reader.readLine()) != null) {
            lines.add(line);
            Matcher m = LISTENING.matcher(line);
            if (m.find()) {
                endpoint = m.group(1);
            }
            if (line.startsWith("Health:")) {
                break;
            }
        }
        if (endpoint == null) {
            process.destroyForcibly();
            fail("the server did not start: " + String.join("\n", lines));
        }
        Thread.ofVirtual().start(() -> reader.lines().forEach(l -> { }));
        return new ServedCharter(process, endpoint, lines);
    }
}
