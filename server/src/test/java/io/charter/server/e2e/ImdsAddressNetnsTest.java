package io.charter.server.e2e;

import static io.charter.server.PolicyDocuments.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.fail;

import io.charter.server.LoopbackForwarder;
import io.charter.server.TestServer;
import io.charter.server.domain.Instances;
import io.charter.server.files.OwnerOnlyFiles;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.metadata.InstanceCredentialsFile;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code charter metadata} as a machine runs it: a process of its own in a network namespace of its
 * own (the "instance"), listening on IMDS's address, 169.254.169.254:80; Charter reached over a link
 * to the host. The AWS CLI in the same namespace, told nothing of IMDS (only where Charter is), finds
 * the instance's role there as it finds it on EC2.
 *
 * <p>Needs root and {@code ip netns} (CI runs as root). A namespace that cannot be made fails the
 * test, saying why: nothing is skipped.
 */
class ImdsAddressNetnsTest {
    private static final String SUFFIX = Long.toString(ProcessHandle.current().pid() % 100_000);
    private static final String NAMESPACE = "chr-imds-" + SUFFIX;
    private static final String HOST_LINK = "chri" + SUFFIX;
    private static final String HOST_ADDRESS = "10.252.1.1";
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    private static TestServer server;
    private static LoopbackForwarder toServer;
    private static Process agent;
    private static Instances.Registered instance;

    @BeforeAll
    static void start() throws Exception {
        cleanUp();
        ip("netns", "add", NAMESPACE);
        ip("link", "add", HOST_LINK, "type", "veth", "peer", "name", "inst0", "netns", NAMESPACE);
        ip("addr", "add", HOST_ADDRESS + "/30", "dev", HOST_LINK);
        ip("link", "set", HOST_LINK, "up");
        ip("-n", NAMESPACE, "addr", "add", "10.252.1.2/30", "dev", "inst0");
        ip("-n", NAMESPACE, "link", "set", "inst0", "up");
        ip("-n", NAMESPACE, "link", "set", "lo", "up");
        ip("-n", NAMESPACE, "addr", "add", "169.254.169.254/32", "dev", "lo");

        server = TestServer.start();
        toServer = LoopbackForwarder.on(InetAddress.getByAddress(new byte[] {10, (byte) 252, 1, 1}), "127.0.0.1",
                server.server().port());
        server.rootIam().createRole(r -> r.roleName("netns-role")
                .assumeRolePolicyDocument(trust("{\"Service\":\"ec2.amazonaws.com\"}", "\"sts:AssumeRole\"", "")));
        server.rootIam().createInstanceProfile(r -> r.instanceProfileName("netns-profile"));
        server.rootIam().addRoleToInstanceProfile(r -> r.instanceProfileName("netns-profile").roleName("netns-role"));
        Instances instances = server.server().domain().instances();
        instance = instances.register(TestServer.ACCOUNT, "netns", "us-east-1");
        InstanceProfile profile = server.server().domain().instanceProfiles()
                .find(TestServer.ACCOUNT, "netns-profile").orElseThrow();
        instances.associate(TestServer.ACCOUNT, instance.instance().instanceId(), profile);

        Path dir = Files.createTempDirectory("charter-imds");
        Path credentials = dir.resolve("instance.credentials");
        OwnerOnlyFiles.write(credentials, InstanceCredentialsFile.text(instance.instance().instanceId(),
                instance.instance().accessKeyId(), instance.secretAccessKey()));
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        agent = new ProcessBuilder("ip", "netns", "exec", NAMESPACE, java, "-cp", classPath,
                "io.charter.server.cli.Main", "metadata", "--instance-credentials", credentials.toString(),
                "--endpoint", charter(), "--listen", "169.254.169.254:80")
                .redirectError(dir.resolve("agent.log").toFile()).start();
        awaitServing(agent, dir.resolve("agent.log"));
    }

    private static String charter() {
        return "http://" + HOST_ADDRESS + ":" + toServer.port();
    }

    /** Waits for the agent's line saying it serves (its own start: the JVM, the first look at Charter). */
    private static void awaitServing(Process process, Path log) throws Exception {
        BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        Thread.ofVirtual().start(() -> {
            try (BufferedReader out = new BufferedReader(
                    new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = out.readLine(); line != null; line = out.readLine()) {
                    lines.add(line);
                }
            } catch (IOException e) {
                // the process ended: reported below
            }
        });
        String line = lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        if (line == null || !line.startsWith("Charter metadata agent for instance ")) {
            fail("the agent did not start: " + line + " " + Files.readString(log, StandardCharsets.UTF_8));
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (agent != null) {
            agent.destroy();
            if (!agent.waitFor(10, TimeUnit.SECONDS)) {
                agent.destroyForcibly();
            }
        }
        if (toServer != null) {
            toServer.close();
        }
        if (server != null) {
            server.close();
        }
        cleanUp();
    }

    private static void cleanUp() throws Exception {
        run(List.of("ip", "netns", "del", NAMESPACE));
        run(List.of("ip", "link", "del", HOST_LINK));
    }

    private static void ip(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("ip"));
        command.addAll(List.of(args));
        Processes.Result result = run(command);
        if (result.exitCode() != 0) {
            fail("cannot build the test's network (" + String.join(" ", command) + "): " + result.stderr()
                    + " — this test needs root and network namespaces (ip netns), which CI has");
        }
    }

    private static Processes.Result run(List<String> command) {
        return Processes.run(command, Map.of(), Duration.ofSeconds(10));
    }

    @Test
    void theCliFindsTheInstancesRoleAtImdsAddressWithNoConfiguration() {
        Processes.Result identity = Processes.run(List.of("ip", "netns", "exec", NAMESPACE, "aws", "--output", "json",
                "sts", "get-caller-identity"), Map.of("AWS_ENDPOINT_URL", charter(), "AWS_DEFAULT_REGION", "us-east-1",
                "AWS_EC2_METADATA_DISABLED", "false"), TIMEOUT);
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/netns-role/" + instance.instance().instanceId(),
                Processes.json(identity.stdout()).path("Arn").asText());
    }
}
