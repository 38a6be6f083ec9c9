package io.charter.server.metadata;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.charter.server.TestClock;
import io.charter.server.crypto.RandomSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The hop limit across a real router: a client in a network namespace of its own reaches the agent
 * through a second namespace that forwards (one hop). With HttpPutResponseHopLimit 1 the token's
 * answer dies at the router (its TTL is spent) and the client never receives it, while IMDSv1's
 * answers, which carry no limit, still arrive; with a limit of 2 the token arrives and works.
 *
 * <p>Needs root and {@code ip netns} (CI runs as root). A namespace that cannot be made fails the
 * test, saying why: nothing is skipped.
 */
class HopLimitNetnsTest {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid() % 100_000);
    private static final String ROUTER = "chr-rtr-" + SUFFIX;
    private static final String CLIENT = "chr-cli-" + SUFFIX;
    private static final String HOST_LINK = "chrh" + SUFFIX;
    private static final String AGENT_ADDRESS = "10.251.1.1";

    private static final TestClock CLOCK = new TestClock();
    private static final AtomicReference<InstanceView> STATE = new AtomicReference<>();
    private static MetadataServer server;

    @BeforeAll
    static void network() throws Exception {
        cleanUp();
        ip("netns", "add", ROUTER);
        ip("netns", "add", CLIENT);
        // host <-> router
        ip("link", "add", HOST_LINK, "type", "veth", "peer", "name", "rtr0", "netns", ROUTER);
        ip("addr", "add", AGENT_ADDRESS + "/30", "dev", HOST_LINK);
        ip("link", "set", HOST_LINK, "up");
        ip("-n", ROUTER, "addr", "add", "10.251.1.2/30", "dev", "rtr0");
        ip("-n", ROUTER, "link", "set", "rtr0", "up");
        // router <-> client
        ip("-n", ROUTER, "link", "add", "rtr1", "type", "veth", "peer", "name", "cli0", "netns", CLIENT);
        ip("-n", ROUTER, "addr", "add", "10.251.2.1/30", "dev", "rtr1");
        ip("-n", ROUTER, "link", "set", "rtr1", "up");
        ip("-n", CLIENT, "addr", "add", "10.251.2.2/30", "dev", "cli0");
        ip("-n", CLIENT, "link", "set", "cli0", "up");
        ip("-n", CLIENT, "link", "set", "lo", "up");
        ip("-n", CLIENT, "route", "add", "default", "via", "10.251.2.1");
        ip("route", "add", "10.251.2.0/30", "via", "10.251.1.2", "dev", HOST_LINK);
        run(List.of("ip", "netns", "exec", ROUTER, "sysctl", "-q", "-w", "net.ipv4.ip_forward=1"), 10);

        Instant issued = CLOCK.instant().truncatedTo(ChronoUnit.SECONDS);
        STATE.set(MetadataEndpointTest.attached(MetadataOptions.DEFAULTS,
                MetadataEndpointTest.credentials("ASIAINSTANCE00000001", issued)));
        server = MetadataServer.start(AGENT_ADDRESS, 0, new MetadataEndpoint(() -> Optional.ofNullable(STATE.get()),
                new SessionTokens(CLOCK, new RandomSource()), ContainerTokens.of("x".repeat(40), List.of()), List.of(),
                null, CLOCK));
    }

    @AfterAll
    static void removeNetwork() throws Exception {
        if (server != null) {
            server.close();
        }
        cleanUp();
    }

    private static void cleanUp() throws Exception {
        // Deleting a namespace deletes the links in it, and so their peers; the route goes with its link.
        run(List.of("ip", "netns", "del", ROUTER), 10);
        run(List.of("ip", "netns", "del", CLIENT), 10);
        run(List.of("ip", "link", "del", HOST_LINK), 10);
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Result result = run(command, 10);
        if (result.code() != 0) {
            fail("cannot build the test's network (" + String.join(" ", command) + "): " + result.err()
                    + " — this test needs root and network namespaces (ip netns), which CI has");
        }
    }

    record Result(int code, String out, String err) {
    }

    private static Result run(List<String> command, int timeoutSeconds) throws IOException, InterruptedException {
        Path out = Files.createTempFile("charter-netns", ".out");
        Path err = Files.createTempFile("charter-netns", ".err");
        Process process = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            fail(command + " did not finish within " + timeoutSeconds + " s");
        }
        return new Result(process.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                Files.readString(err, StandardCharsets.UTF_8));
    }

    /** curl from the client's namespace; prints the body then the status on a line of its own. */
    private static Result curl(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", CLIENT, "curl", "-s", "--max-time", "3",
                "-w", "\n%{http_code}"));
        command.addAll(List.of(args));
        return run(command, 20);
    }

    private String url(String path) {
        return "http://" + AGENT_ADDRESS + ":" + server.port() + path;
    }

    @Test
    void aTokenLimitedToOneHopDiesAtTheRouterAndOneOfTwoArrives() throws Exception {
        STATE.updateAndGet(v -> v.withOptions(new MetadataOptions(false, 1, true)));
        Result v1 = curl(url("/latest/meta-data/instance-id"));
        assertEquals(0, v1.code(), v1.err());
        assertEquals(MetadataEndpointTest.INSTANCE + "\n200", v1.out(), "IMDSv1's answers carry no limit");

        Result lost = curl("-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", url("/latest/api/token"));
        assertEquals(28, lost.code(), "curl times out: the token's answer never arrives (" + lost.out() + ")");

        STATE.updateAndGet(v -> v.withOptions(new MetadataOptions(false, 2, true)));
        Result arrived = curl("-X", "PUT", "-H", "X-aws-ec2-metadata-token-ttl-seconds: 60", url("/latest/api/token"));
        assertEquals(0, arrived.code(), arrived.err());
        String[] lines = arrived.out().split("\n");
        assertEquals("200", lines[1]);
        String token = lines[0];
        assertTrue(token.length() >= 40, token);

        Result used = curl("-H", "X-aws-ec2-metadata-token: " + token, url("/latest/meta-data/placement/region"));
        assertEquals("eu-west-3\n200", used.out());
    }
}
