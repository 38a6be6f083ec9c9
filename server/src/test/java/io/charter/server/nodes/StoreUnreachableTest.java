package io.charter.server.nodes;

import io.charter.server.audit.EventLookup;
import io.charter.server.audit.RecordedEvent;
import java.time.Instant;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.LoopbackForwarder;
import io.charter.server.TestClock;
import io.charter.server.TestServer;
import io.charter.server.TestStores;
import io.charter.server.identity.Identity;
import io.charter.server.identity.IdentityKind;
import io.charter.server.identity.IdentitySnapshot;
import io.charter.server.store.StoreLocation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.Tag;
import software.amazon.awssdk.services.sts.StsClient;

/**
 * A node whose PostgreSQL goes away (its connections cut, new ones refused, by a
 * {@link LoopbackForwarder} between them): writes are refused with {@code ServiceFailure} and
 * nothing is written; reads and authorizations go on from the node's snapshot for the bounded
 * staleness (30 s after the snapshot was last confirmed) and are refused after it
 * ({@code ServiceUnavailable}); {@code /health} says which (200 or 503); when the store comes back
 * the node serves again by itself. Time passes on the injected clock, not by sleeping. A cut in the
 * middle of concurrent writes loses none that was acknowledged, and leaves none half written. What
 * the node answered meanwhile is recorded in its audit spool and moved to the shared trail after.
 */
class StoreUnreachableTest {
    private static final int WRITERS = 4;
    private static final List<Tag> TAGS = List.of(Tag.builder().key("a").value("1").build(),
            Tag.builder().key("b").value("2").build(), Tag.builder().key("c").value("3").build());

    private final TestClock clock = new TestClock();
    private final HttpClient http = HttpClient.newHttpClient();
    private LoopbackForwarder forwarder;
    /** The node's store, reached directly (by another node), not through the forwarder. */
    private StoreLocation.Postgres direct;
    private TestServer node;
    private AwsBasicCredentials root;

    @BeforeEach
    void start() throws IOException {
        forwarder = TestStores.forwarder();
        direct = TestStores.freshSchema();
        node = TestServer.start(clock, Files.createTempDirectory("charter-unreachable"),
                TestStores.through(direct, forwarder));
        root = node.rootCredentials();
    }

    @AfterEach
    void stop() {
        forwarder.restore();
        node.close();
        forwarder.close();
    }

    @Test
    void writesFailReadsContinueWithinTheBoundThenAreRefusedAndTheNodeComesBack() throws Exception {
        AwsBasicCredentials user = node.userWithKey("reader", null);
        assertHealth(200, "\"state\":\"in-step\"");

        forwarder.cut();

        try (IamClient iam = node.iam(root)) {
            AwsServiceException refused = assertThrows(AwsServiceException.class,
                    () -> iam.createUser(r -> r.userName("while-away")));
            assertEquals(500, refused.statusCode());
            assertEquals("ServiceFailure", refused.awsErrorDetails().errorCode());
            assertEquals("The request processing has failed because the store could not be reached.",
                    refused.awsErrorDetails().errorMessage());

            // Within the bound: authentication and authorization from the snapshot.
            assertEquals("reader", iam.getUser(r -> r.userName("reader")).user().userName());
            try (StsClient sts = node.sts(user)) {
                assertTrue(sts.getCallerIdentity().arn().endsWith(":user/reader"));
            }
            assertHealth(200, "\"state\":\"serving-from-snapshot\"");

            // Past it: refused, whoever asks.
            clock.advance(Duration.ofSeconds(31));
            AwsServiceException unavailable = assertThrows(AwsServiceException.class,
                    () -> iam.getUser(r -> r.userName("reader")));
            assertEquals(503, unavailable.statusCode());
            assertEquals("ServiceUnavailable", unavailable.awsErrorDetails().errorCode());
            try (StsClient sts = node.sts(user)) {
                assertEquals(503, assertThrows(AwsServiceException.class, sts::getCallerIdentity).statusCode());
            }
            assertHealth(503, "\"status\":\"DOWN\",\"store\":\"postgresql\",\"state\":\"refusing\"");
            assertHealthOverHttp10(503, "\"state\":\"refusing\"");

            forwarder.restore();
            ChangePropagationTest.awaitTrue(Duration.ofSeconds(30), () -> health().statusCode() == 200);
            assertHealth(200, "\"state\":\"in-step\"");
            assertEquals("reader", iam.getUser(r -> r.userName("reader")).user().userName());
            iam.createUser(r -> r.userName("after-return"));
            // The refused write left nothing behind.
            assertEquals(404, assertThrows(AwsServiceException.class,
                    () -> iam.getUser(r -> r.userName("while-away"))).statusCode());

            // What the node served and refused while the store was away was recorded in its spool,
            // and is in the shared trail once moved there.
            assertTrue(node.server().auditLog().spooled() > 0, "nothing spooled");
            node.server().auditLog().shipSpooled();
            List<String> refusedWrites = node.server().auditTrail().lookup(new EventLookup(TestServer.ACCOUNT,
                    Optional.of(EventLookup.Attribute.EVENT_NAME), "CreateUser", Instant.EPOCH,
                    clock.instant().plus(Duration.ofDays(1)), Optional.empty(), 50)).events().stream()
                    .map(RecordedEvent::record).filter(r -> r.contains("while-away")).toList();
            assertEquals(1, refusedWrites.size(), refusedWrites.toString());
            assertTrue(refusedWrites.getFirst().contains("\"errorCode\":\"ServiceFailure\""), refusedWrites.getFirst());
        }
    }

    @Test
    void aCutMidWriteLosesNothingAcknowledgedAndLeavesNothingHalfWritten() throws Exception {
        TestServer observer = TestServer.start(clock, node.dataDir(), direct);
        try {
            Set<String> acknowledged = ConcurrentHashMap.newKeySet();
            AtomicInteger next = new AtomicInteger();
            CountDownLatch failedWriters = new CountDownLatch(WRITERS);
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Thread writer = new Thread(() -> {
                    try (IamClient iam = node.iam(root)) {
                        while (true) {
                            String name = "cut-" + next.incrementAndGet();
                            try {
                                iam.createUser(r -> r.userName(name).tags(TAGS));
                                acknowledged.add(name);
                            } catch (RuntimeException e) {
                                failedWriters.countDown();
                                return;
                            }
                        }
                    }
                });
                writer.start();
                writers.add(writer);
            }
            ChangePropagationTest.awaitTrue(Duration.ofSeconds(30), () -> acknowledged.size() >= 40);
            forwarder.cut();
            assertTrue(failedWriters.await(60, TimeUnit.SECONDS), "every writer met the cut");
            for (Thread writer : writers) {
                writer.join();
            }
            forwarder.restore();

            observer.server().followStore();
            IdentitySnapshot store = observer.server().directory().current();
            for (String name : acknowledged) {
                Identity user = store.principal(TestServer.ACCOUNT, IdentityKind.USER, name)
                        .orElseThrow(() -> new AssertionError("acknowledged, then lost: " + name));
                assertEquals(TAGS.size(), store.tags(user.uniqueId()).size(), name);
            }
            // What was written at all was written whole (a write whose answer was lost may have committed).
            for (Identity user : store.allPrincipals()) {
                if (user.name().startsWith("cut-")) {
                    assertEquals(TAGS.size(), store.tags(user.uniqueId()).size(), user.name());
                }
            }
        } finally {
            observer.close();
        }
    }

    private HttpResponse<String> health() {
        try {
            return http.send(HttpRequest.newBuilder(URI.create(node.endpoint() + "/health")).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new AssertionError(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    private void assertHealth(int status, String part) {
        HttpResponse<String> health = health();
        assertEquals(status, health.statusCode(), health.body());
        assertTrue(health.body().contains(part), health.body());
        assertEquals("application/json", health.headers().firstValue("Content-Type").orElse(""));
    }

    private void assertHealthOverHttp10(int status, String part) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), node.endpoint().getPort())) {
            socket.getOutputStream().write("GET /health HTTP/1.0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 " + status + " "), answer);
            assertTrue(answer.contains(part), answer);
        }
    }
}
