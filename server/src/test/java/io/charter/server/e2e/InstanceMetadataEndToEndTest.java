package io.charter.server.e2e;

import static io.charter.server.PolicyDocuments.trust;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.domain.Instances;
import io.charter.server.files.OwnerOnlyFiles;
import io.charter.server.identity.InstanceProfile;
import io.charter.server.metadata.AgentSettings;
import io.charter.server.metadata.Container;
import io.charter.server.metadata.ContainerTokens;
import io.charter.server.metadata.InstanceCredentialsFile;
import io.charter.server.metadata.MetadataAgent;
import io.charter.server.metadata.RoleCredentials;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A registered instance end to end: Charter (TestServer), the metadata agent in-process, and
 * unchanged clients that know nothing but the agent's address: the AWS CLI ({@code
 * AWS_EC2_METADATA_SERVICE_ENDPOINT}, no other credentials) is nobody before an instance profile
 * is attached, {@code assumed-role/ROLE/i-…} after, and nobody again once it is detached or the
 * instance deregistered; boto3's and the Java SDK's default chains renew across an expiry; a
 * container gets its task role with its token and nothing without.
 *
 * <p>Time: the server and the agent run on a {@link TestClock} that the test moves; the clients (the
 * AWS CLI, Python, Java) run in processes of their own, whose clock is moved by the same amount through
 * libfaketime ({@code LD_PRELOAD}, the offset read from a file at each reading of the clock), so each
 * sees its credentials near expiry exactly when the server does, and nothing waits for real time to
 * pass. Role sessions last EC2's 6 hours: with the server's shortest (60 s) the clients would test
 * their own margins instead (botocore extends instance credentials that have less than 12 to 20
 * minutes left, and the Java SDK prefetches at a jittered time once less than 5 minutes are left).
 * The walk: the agent renews at 4 h (a third left); the clients may keep the first credentials while
 * they last (both are valid); past 6 h the first are refused by the server and the clients, having
 * found them stale, work with the second.
 */
class InstanceMetadataEndToEndTest {
    private static final Duration SESSION = Duration.ofHours(6);
    private static final Duration TIMEOUT = Duration.ofSeconds(60);
    private static final TestClock CLOCK = new TestClock();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private static TestServer server;
    private static Path dir;
    private static Path fakeTime;
    private static long offsetSeconds;
    private static final List<MetadataAgent> AGENTS = new ArrayList<>();

    private static String taskRole;

    private static final String WALKTHROUGH_BUCKET = "walkthrough-instance-bucket";

    @BeforeAll
    static void start() throws IOException {
        server = TestServer.start(CLOCK, SESSION);
        // IAM first, signed by the SDK with real time, before any test moves the server's clock.
        for (String name : List.of("web", "second", "leaving", "python", "java")) {
            profile(name + "-profile", name + "-role");
        }
        // The walkthrough's role: S3 read-only, as the user guides' EC2 walkthrough gives it.
        server.rootIam().attachRolePolicy(r -> r.roleName("web-role")
                .policyArn("arn:aws:iam::aws:policy/AmazonS3ReadOnlyAccess"));
        taskRole = role("web-task", "ecs-tasks.amazonaws.com");
        dir = Files.createTempDirectory("charter-instances");
        fakeTime = dir.resolve("faketime");
        Files.writeString(fakeTime, "+0s\n");
    }

    @AfterAll
    static void stop() {
        AGENTS.forEach(MetadataAgent::close);
        server.close();
    }

    /** Moves the server's, the agent's and the client processes' clocks together. */
    private static void advance(Duration by) throws IOException {
        CLOCK.advance(by);
        offsetSeconds += by.toSeconds();
        Files.writeString(fakeTime, "+" + offsetSeconds + "s\n");
    }

    private static Instances instances() {
        return server.server().domain().instances();
    }

    private static Instances.Registered register(String name) {
        return instances().register(TestServer.ACCOUNT, name, "us-east-1");
    }

    private static MetadataAgent agent(Instances.Registered instance, List<Container> containers) throws IOException {
        Path file = dir.resolve(instance.instance().instanceId() + ".credentials");
        OwnerOnlyFiles.write(file, InstanceCredentialsFile.text(instance.instance().instanceId(),
                instance.instance().accessKeyId(), instance.secretAccessKey()));
        MetadataAgent agent = MetadataAgent.start(new AgentSettings(InstanceCredentialsFile.read(file),
                server.endpoint(), "127.0.0.1", 0, containers, Duration.ofMillis(100)), CLOCK);
        AGENTS.add(agent);
        return agent;
    }

    private static String role(String name, String service) {
        return server.rootIam().createRole(r -> r.roleName(name)
                .assumeRolePolicyDocument(trust("{\"Service\":\"" + service + "\"}", "\"sts:AssumeRole\"", "")))
                .role().arn();
    }

    private static void profile(String profileName, String roleName) {
        role(roleName, "ec2.amazonaws.com");
        server.rootIam().createInstanceProfile(r -> r.instanceProfileName(profileName));
        server.rootIam().addRoleToInstanceProfile(r -> r.instanceProfileName(profileName).roleName(roleName));
    }

    private static void attach(String instanceId, String profileName) {
        InstanceProfile profile = server.server().domain().instanceProfiles()
                .find(TestServer.ACCOUNT, profileName).orElseThrow();
        instances().associate(TestServer.ACCOUNT, instanceId, profile);
    }

    /** Waits for the agent's own poll (every 100 ms here) to show a change: no time is made to pass. */
    private static void until(BooleanSupplier condition, String what) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                fail("the agent did not see within 10 s: " + what);
            }
            LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
    }

    private static Map<String, String> imds(MetadataAgent agent) {
        return Map.of("AWS_EC2_METADATA_SERVICE_ENDPOINT", "http://127.0.0.1:" + agent.port() + "/",
                "AWS_EC2_METADATA_DISABLED", "false", "AWS_ENDPOINT_URL", server.endpoint().toString(),
                "AWS_DEFAULT_REGION", "us-east-1");
    }

    private static HttpResponse<String> get(MetadataAgent agent, String path) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + agent.port() + path)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void theCliIsTheInstancesRoleWhileItsProfileIsAttachedAndNobodyBeforeOrAfter() throws Exception {
        Instances.Registered instance = register("walkthrough");
        String id = instance.instance().instanceId();
        MetadataAgent agent = agent(instance, List.of());

        Processes.Result bucket = aws(operator(), "s3", "mb", "s3://" + WALKTHROUGH_BUCKET);
        assertEquals(0, bucket.exitCode(), bucket.stderr());
        Processes.Result before = aws(imds(agent), "sts", "get-caller-identity");
        assertNotEquals(0, before.exitCode(), before.stdout());
        assertTrue(before.stderr().contains("Unable to locate credentials"), before.stderr());
        Processes.Result noListing = aws(imds(agent), "s3", "ls");
        assertNotEquals(0, noListing.exitCode(), noListing.stdout());
        assertTrue(noListing.stderr().contains("Unable to locate credentials"), noListing.stderr());

        // The operator attaches a profile with EC2's call, as on AWS.
        Processes.Result attached = aws(operator(), "ec2", "associate-iam-instance-profile", "--instance-id", id,
                "--iam-instance-profile", "Name=web-profile");
        assertEquals(0, attached.exitCode(), attached.stderr());
        String association = Processes.json(attached.stdout()).path("IamInstanceProfileAssociation")
                .path("AssociationId").asText();
        until(() -> agent.watch().current().flatMap(v -> v.credentials()).isPresent(), "the attached profile");
        Processes.Result identity = aws(imds(agent), "sts", "get-caller-identity");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/web-role/" + id,
                Processes.json(identity.stdout()).path("Arn").asText());
        // The walkthrough's ending: the role's S3 read-only access now applies on the machine.
        Processes.Result listing = aws(imds(agent), "s3", "ls");
        assertEquals(0, listing.exitCode(), listing.stderr());
        assertTrue(listing.stdout().contains(WALKTHROUGH_BUCKET), listing.stdout());
        Processes.Result write = aws(imds(agent), "s3api", "put-bucket-policy", "--bucket", WALKTHROUGH_BUCKET,
                "--policy", "{}");
        assertNotEquals(0, write.exitCode(), "read-only: " + write.stdout());
        assertTrue(write.stderr().contains("AccessDenied"), write.stderr());

        Processes.Result replaced = aws(operator(), "ec2", "replace-iam-instance-profile-association",
                "--association-id", association, "--iam-instance-profile", "Name=second-profile");
        assertEquals(0, replaced.exitCode(), replaced.stderr());
        association = Processes.json(replaced.stdout()).path("IamInstanceProfileAssociation").path("AssociationId")
                .asText();
        until(() -> agent.watch().current().flatMap(v -> v.profile()).flatMap(p -> p.roleName())
                .equals(Optional.of("second-role")), "the replaced profile");
        Processes.Result second = aws(imds(agent), "sts", "get-caller-identity");
        assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/second-role/" + id,
                Processes.json(second.stdout()).path("Arn").asText(), second.stderr());
        assertEquals(404, get(agent, "/latest/meta-data/iam/security-credentials/web-role").statusCode());

        Processes.Result required = aws(operator(), "ec2", "modify-instance-metadata-options", "--instance-id", id,
                "--http-tokens", "required");
        assertEquals(0, required.exitCode(), required.stderr());
        until(() -> agent.watch().current().orElseThrow().options().tokensRequired(), "tokens required");
        assertEquals(401, get(agent, "/latest/meta-data/iam/security-credentials/second-role").statusCode(),
                "IMDSv1 refused");
        Processes.Result v2 = aws(imds(agent), "sts", "get-caller-identity");
        assertEquals(0, v2.exitCode(), "the CLI asks for a token first: " + v2.stderr());

        Processes.Result detached = aws(operator(), "ec2", "disassociate-iam-instance-profile", "--association-id",
                association);
        assertEquals(0, detached.exitCode(), detached.stderr());
        until(() -> agent.watch().current().orElseThrow().profile().isEmpty(), "the profile detached");
        Processes.Result after = aws(imds(agent), "sts", "get-caller-identity");
        assertNotEquals(0, after.exitCode(), after.stdout());
        assertTrue(after.stderr().contains("Unable to locate credentials"), after.stderr());
    }

    /** The operator's environment: the root user's key, for EC2's calls. */
    private static Map<String, String> operator() {
        return Processes.cli(server.endpoint(), server.rootKey().accessKeyId(), server.rootKey().secretAccessKey(),
                null);
    }

    /** Runs the AWS CLI on the server's time (libfaketime), as every client process here runs. */
    private static Processes.Result aws(Map<String, String> env, String... args) {
        Map<String, String> onServerTime = new HashMap<>(env);
        onServerTime.putAll(serverTime(false));
        return Processes.aws(onServerTime, TIMEOUT, args);
    }

    /**
     * The environment that moves a process's clock with the server's. A JVM's monotonic clock is left
     * alone (without that and the monotonic fix off, a JVM starts ten times slower under the library);
     * Python's moves with the rest, as its {@code time.sleep} fails (EINVAL) when only the time of day
     * is moved.
     */
    private static Map<String, String> serverTime(boolean jvm) {
        Map<String, String> env = new HashMap<>(Map.of("LD_PRELOAD", fakeTimeLibrary(), "FAKETIME_TIMESTAMP_FILE",
                fakeTime.toString(), "FAKETIME_NO_CACHE", "1", "FAKETIME_FORCE_MONOTONIC_FIX", "0"));
        if (jvm) {
            env.put("FAKETIME_DONT_FAKE_MONOTONIC", "1");
        }
        return env;
    }

    @Test
    void aDeregisteredInstancesAgentHandsOutNothing() throws Exception {
        Instances.Registered instance = register("leaving");
        String id = instance.instance().instanceId();
        MetadataAgent agent = agent(instance, List.of());
        attach(id, "leaving-profile");
        until(() -> agent.watch().current().flatMap(v -> v.credentials()).isPresent(), "the attached profile");
        assertEquals("leaving-role", get(agent, "/latest/meta-data/iam/security-credentials/").body());

        instances().deregister(TestServer.ACCOUNT, id);
        until(() -> agent.watch().current().orElseThrow().profile().isEmpty(), "the instance deregistered");
        assertEquals(404, get(agent, "/latest/meta-data/iam/security-credentials/leaving-role").statusCode());
        assertEquals(404, get(agent, "/latest/meta-data/iam/").statusCode());
    }

    @Test
    void boto3sDefaultChainRenewsAcrossAnExpiry() throws Exception {
        Instances.Registered instance = register("python");
        MetadataAgent agent = agent(instance, List.of());
        attach(instance.instance().instanceId(), "python-profile");
        agent.watch().refresh();
        RoleCredentials firstHeld = held(agent);
        String first = firstHeld.accessKeyId();
        try (Conversation python = new Conversation(List.of("python3", Processes.resource("/e2e/instance_identity.py")),
                imds(agent))) {
            JsonNode answer = python.ask();
            assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/python-role/"
                    + instance.instance().instanceId(), answer.path("Arn").asText(), answer.toString());
            assertEquals(first, answer.path("AccessKeyId").asText());

            String second = renewAcrossExpiry(agent, firstHeld, python);
            answer = python.ask();
            assertEquals(second, answer.path("AccessKeyId").asText(), answer.toString());
            assertTrue(answer.path("Arn").asText().endsWith("/python-role/" + instance.instance().instanceId()));
        }
    }

    @Test
    void theJavaSdksDefaultChainRenewsAcrossAnExpiry() throws Exception {
        Instances.Registered instance = register("java");
        MetadataAgent agent = agent(instance, List.of());
        attach(instance.instance().instanceId(), "java-profile");
        agent.watch().refresh();
        RoleCredentials firstHeld = held(agent);
        String first = firstHeld.accessKeyId();
        String java = ProcessHandle.current().info().command().orElse("java");
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        try (Conversation sdk = new Conversation(List.of(java, "-cp", classPath, SdkIdentityProbe.class.getName()),
                imds(agent))) {
            JsonNode answer = sdk.ask();
            assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/java-role/"
                    + instance.instance().instanceId(), answer.path("Arn").asText(), answer.toString());
            assertEquals(first, answer.path("AccessKeyId").asText());

            String second = renewAcrossExpiry(agent, firstHeld, sdk);
            answer = sdk.ask();
            assertEquals(second, answer.path("AccessKeyId").asText(), answer.toString());
            assertTrue(answer.path("Arn").asText().endsWith("/java-role/" + instance.instance().instanceId()));
        }
    }

    /**
     * The walk past the first credentials' expiry (see the class comment); returns the second
     * credentials' access key id, which the client must use from then on.
     */
    private static String renewAcrossExpiry(MetadataAgent agent, RoleCredentials first, Conversation client)
            throws Exception {
        advance(Duration.ofHours(4)); // a third left: due, the agent renews
        agent.watch().refresh();
        String second = held(agent).accessKeyId();
        assertNotEquals(first.accessKeyId(), second);
        JsonNode answer = client.ask();
        assertTrue(List.of(first.accessKeyId(), second).contains(answer.path("AccessKeyId").asText()),
                answer.toString());
        advance(Duration.ofMinutes(115)); // 5 minutes left of the first
        agent.watch().refresh();
        answer = client.ask();
        assertTrue(List.of(first.accessKeyId(), second).contains(answer.path("AccessKeyId").asText()),
                answer + " first " + first + " second " + second + " held " + held(agent));
        advance(Duration.ofMinutes(10)); // the first have expired
        agent.watch().refresh();
        assertEquals(second, held(agent).accessKeyId(), "the second are not due yet");
        assertExpired(first);
        return second;
    }

    /** The server refuses {@code credentials} now (signed at the server's time): they have expired. */
    private static void assertExpired(RoleCredentials credentials) throws Exception {
        HttpResponse<String> refused = server.postSigned("Action=GetCallerIdentity&Version=2011-06-15",
                io.charter.sigv4.Credentials.of(credentials.accessKeyId(), credentials.secretAccessKey(),
                        credentials.sessionToken()), "sts", CLOCK.instant());
        assertEquals(403, refused.statusCode(), refused.body());
        assertTrue(refused.body().contains("<Code>ExpiredToken</Code>"), refused.body());
    }

    private static RoleCredentials held(MetadataAgent agent) {
        return agent.watch().current().orElseThrow().credentials().orElseThrow();
    }

    @Test
    void aContainerGetsItsTaskRoleWithItsTokenAndNothingWithout() throws Exception {
        Instances.Registered instance = register("tasks");
        instances().grantTaskRole(TestServer.ACCOUNT, instance.instance().instanceId(), taskRole);
        MetadataAgent agent = agent(instance, List.of(new Container("web", taskRole)));
        Map<String, String> env = new HashMap<>(Map.of(
                "AWS_CONTAINER_CREDENTIALS_FULL_URI", "http://127.0.0.1:" + agent.port() + "/v1/credentials",
                "AWS_CONTAINER_AUTHORIZATION_TOKEN", ContainerTokens.token(instance.secretAccessKey(), "web"),
                "AWS_ENDPOINT_URL", server.endpoint().toString(), "AWS_DEFAULT_REGION", "us-east-1"));
        Processes.Result identity = aws(env, "sts", "get-caller-identity");
        assertEquals(0, identity.exitCode(), identity.stderr());
        assertEquals("arn:aws:sts::" + TestServer.ACCOUNT + ":assumed-role/web-task/web",
                Processes.json(identity.stdout()).path("Arn").asText());

        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", ContainerTokens.token(instance.secretAccessKey(), "other"));
        Processes.Result wrong = aws(env, "sts", "get-caller-identity");
        assertNotEquals(0, wrong.exitCode(), wrong.stdout());
        assertTrue(wrong.stderr().contains("Received non 200 response 403 from container metadata: Access denied:"
                + " the authorization token is not that of a container this agent serves"), wrong.stderr());

        instances().revokeTaskRole(TestServer.ACCOUNT, instance.instance().instanceId(), taskRole);
        agent.watch().refresh();
        env.put("AWS_CONTAINER_AUTHORIZATION_TOKEN", ContainerTokens.token(instance.secretAccessKey(), "web"));
        Processes.Result revoked = aws(env, "sts", "get-caller-identity");
        assertNotEquals(0, revoked.exitCode(), revoked.stdout());
        assertTrue(revoked.stderr().contains("Access denied: role " + taskRole + " is not granted to instance "
                + instance.instance().instanceId()), revoked.stderr());
    }

    /**
     * A client program of its own that answers each line written to it with one JSON line, its clock
     * moved with the test's (libfaketime).
     */
    private static final class Conversation implements AutoCloseable {
        private final Process process;
        private final OutputStream in;
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();
        private final Path err;

        Conversation(List<String> command, Map<String, String> env) throws IOException {
            err = Files.createTempFile("charter-e2e", ".err");
            ProcessBuilder builder = new ProcessBuilder(command).redirectError(err.toFile());
            Map<String, String> environment = builder.environment();
            environment.keySet().removeIf(k -> k.startsWith("AWS_"));
            environment.put("AWS_CONFIG_FILE", "/dev/null");
            environment.put("AWS_SHARED_CREDENTIALS_FILE", "/dev/null");
            environment.put("AWS_MAX_ATTEMPTS", "1");
            environment.putAll(env);
            environment.putAll(serverTime(command.get(0).endsWith("java")));
            process = builder.start();
            in = process.getOutputStream();
            Thread.ofVirtual().start(() -> {
                try (BufferedReader out = new BufferedReader(
                        new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line = out.readLine(); line != null; line = out.readLine()) {
                        if (line.startsWith("{")) {
                            lines.add(line);
                        }
                    }
                } catch (IOException e) {
                    // the process ended; ask() reports it
                }
            });
        }

        JsonNode ask() throws Exception {
            in.write('\n');
            in.flush();
            String line = lines.poll(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            if (line == null) {
                fail("no answer from the client program: " + Files.readString(err, StandardCharsets.UTF_8));
            }
            JsonNode answer = Processes.json(line);
            if (answer.has("Error")) {
                fail("the client program failed: " + answer.path("Error").asText());
            }
            return answer;
        }

        @Override
        public void close() throws IOException {
            in.close();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }

    /** libfaketime, which .ci/run installs (Debian's libfaketime); its absence fails the test, saying so. */
    static String fakeTimeLibrary() {
        for (String candidate : List.of("/usr/lib/x86_64-linux-gnu/faketime/libfaketime.so.1",
                "/usr/lib/aarch64-linux-gnu/faketime/libfaketime.so.1", "/usr/lib/faketime/libfaketime.so.1")) {
            if (Files.isRegularFile(Path.of(candidate))) {
                return candidate;
            }
        }
        fail("libfaketime is not installed (apt-get install libfaketime; .ci/run installs it): the client programs"
                + " run on a clock moved with the server's");
        throw new IllegalStateException();
    }
}
