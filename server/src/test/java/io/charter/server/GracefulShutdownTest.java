package io.charter.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.config.CharterConfig;
import io.charter.server.identity.NewAccessKey;
import io.charter.sigv4.Credentials;
import io.charter.sigv4.Header;
import io.charter.sigv4.Payload;
import io.charter.sigv4.SigV4Signer;
import io.charter.sigv4.SignableRequest;
import io.charter.sigv4.SigningParams;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stopping the server lets a request already in flight finish, then closes the store. */
class GracefulShutdownTest {

    @Test
    void inFlightRequestFinishesDuringShutdown() throws Exception {
        TestServer server = TestServer.start();
        NewAccessKey root = server.rootKey();
        int port = server.endpoint().getPort();
        String body = "Action=GetCallerIdentity&Version=2011-06-15";
        SignableRequest signed = new SigV4Signer().sign(new SignableRequest("POST", "/", "",
                List.of(new Header("Host", "127.0.0.1:" + port),
                        new Header("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")),
                Payload.ofUtf8(body)),
                SigningParams.of(Credentials.of(root.accessKeyId(), root.secretAccessKey()), "us-east-1", "sts",
                        Instant.now())).request();

        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(20_000);
            StringBuilder head = new StringBuilder("POST / HTTP/1.1\r\n");
            for (Header header : signed.headers()) {
                head.append(header.name()).append(": ").append(header.value()).append("\r\n");
            }
            head.append("Content-Length: ").append(body.length()).append("\r\nConnection: close\r\n\r\n");
            OutputStream out = socket.getOutputStream();
            out.write(head.toString().getBytes(StandardCharsets.UTF_8));
            out.write(body.substring(0, 10).getBytes(StandardCharsets.UTF_8)); // the request is now in flight
            out.flush();
            Thread.sleep(200); // let the server start reading the request; not a time assertion

            CompletableFuture<Void> stopping = CompletableFuture.runAsync(server::close);
            out.write(body.substring(10).getBytes(StandardCharsets.UTF_8));
            out.flush();

            InputStream in = socket.getInputStream();
            String answer = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(answer.startsWith("HTTP/1.1 200"), answer);
            assertTrue(answer.contains("<Arn>arn:aws:iam::123456789012:root</Arn>"), answer);
            stopping.get(30, TimeUnit.SECONDS);
        }
        // The store was closed cleanly: it opens again with the same key.
        try (TestServer again = TestServer.start(Clock.systemUTC(), server.dataDir())) {
            assertEquals(true, again.server().bootstrapKey().isEmpty());
            assertTrue(again.server().directory().snapshot().credential(root.accessKeyId()).isPresent());
        }
    }

    /** A start that fails (here: binding an address no interface has) stops what it had started and closes the store. */
    @Test
    @SuppressWarnings("ThreadPriorityCheck") // a bounded wait for two threads to end, not a scheduling assumption
    void aFailedStartLeavesNoBackgroundThreads(@TempDir Path dir) {
        long before = backgroundThreads();
        CharterConfig config = new CharterConfig("192.0.2.1", 0, dir,
                "123456789012", 1024 * 1024, Duration.ofSeconds(1), Duration.ofDays(30));
        Assertions.assertThrows(RuntimeException.class,
                () -> CharterServer.start(config, Clock.systemUTC()).close());
        // shutdownNow interrupts the scheduler's thread; it ends within moments.
        for (int i = 0; i < 1_000_000 && backgroundThreads() > before; i++) {
            Thread.yield();
        }
        assertEquals(before, backgroundThreads(), "charter-maintenance and charter-usage-flush threads left running");
    }

    private static long backgroundThreads() {
        return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive)
                .filter(t -> t.getName().equals("charter-maintenance") || t.getName().equals("charter-usage-flush"))
                .count();
    }
}
