package io.charter.server.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Forwarding to a real S3Proxy: every request re-signed with the store's key, bodies streamed both ways. */
class S3BackendTest {

    @TempDir
    static Path data;
    static EmbeddedS3Store store;
    static S3Backend backend;
    private static final AtomicInteger BUCKETS = new AtomicInteger();

    @BeforeAll
    static void start() throws IOException {
        store = TestS3Stores.start(data.resolve("s3"));
        backend = new S3Backend(store.endpoint());
    }

    @AfterAll
    static void stop() throws IOException {
        backend.close();
        store.close();
    }

    @Test
    void anObjectIsPutGotHeadListedAndDeleted() throws IOException {
        String bucket = newBucket();
        byte[] content = bytes(1024, 1);

        try (BackendResponse put = put("/" + bucket + "/dir/object.bin", content)) {
            assertEquals(200, put.status(), text(put));
            assertTrue(put.header("etag").isPresent(), "an ETag");
        }
        try (BackendResponse get = send("GET", "/" + bucket + "/dir/object.bin", "")) {
            assertEquals(200, get.status());
            assertArrayEquals(content, get.body().readAllBytes());
            assertEquals(Optional.of("1024"), get.header("content-length"));
        }
        try (BackendResponse head = send("HEAD", "/" + bucket + "/dir/object.bin", "")) {
            assertEquals(200, head.status());
            assertEquals(Optional.of("1024"), head.header("content-length"));
            assertEquals(0, head.body().readAllBytes().length);
        }
        try (BackendResponse list = send("GET", "/" + bucket, "list-type=2")) {
            assertEquals(200, list.status());
            String xml = text(list);
            assertTrue(xml.contains("<Key>dir/object.bin</Key>"), xml);
            assertTrue(xml.contains("<Size>1024</Size>"), xml);
        }
        try (BackendResponse delete = send("DELETE", "/" + bucket + "/dir/object.bin", "")) {
            assertEquals(204, delete.status());
        }
        try (BackendResponse gone = send("GET", "/" + bucket + "/dir/object.bin", "")) {
            assertEquals(404, gone.status());
            String xml = text(gone);
            assertTrue(xml.contains("<Code>NoSuchKey</Code>"), xml);
            assertTrue(xml.contains("<Message>"), xml);
        }
    }

    @Test
    void headersPassAlongBothWays() throws IOException {
        String bucket = newBucket();
        BackendRequest put = new BackendRequest("PUT", "/" + bucket + "/typed", "",
                List.of(Map.entry("Content-Type", "text/plain"), Map.entry("x-amz-meta-colour", "blue"),
                        Map.entry("Authorization", "the client's, never forwarded")),
                Optional.of(new ByteArrayInputStream("hello".getBytes(UTF_8))), 5);
        try (BackendResponse response = backend.send(put)) {
            assertEquals(200, response.status(), text(response));
        }
        try (BackendResponse head = send("HEAD", "/" + bucket + "/typed", "")) {
            assertEquals(Optional.of("text/plain"), head.header("content-type"));
            assertEquals(Optional.of("blue"), head.header("x-amz-meta-colour"));
        }
        BackendRequest range = BackendRequest.withoutBody("GET", "/" + bucket + "/typed", "",
                List.of(Map.entry("Range", "bytes=1-3")));
        try (BackendResponse partial = backend.send(range)) {
            assertEquals(206, partial.status());
            assertEquals("ell", text(partial));
        }
    }

    @Test
    void keysWithSpacesUnicodePlusAndPercentKeepTheirNames() throws IOException {
        String bucket = newBucket();
        List<String> keys = List.of("a b.txt", "ünï/cödé ✓", "a+b", "100%", "50%25", "semi;colon,comma=eq&amp",
                "tilde~dash-under_dot.", "(paren)!*'", "sub/dir/deep key");
        for (String key : keys) {
            byte[] content = key.getBytes(UTF_8);
            try (BackendResponse put = put("/" + bucket + "/" + S3Keys.encode(key), content)) {
                assertEquals(200, put.status(), key + ": " + text(put));
            }
            try (BackendResponse get = send("GET", "/" + bucket + "/" + S3Keys.encode(key), "")) {
                assertEquals(200, get.status(), key);
                assertArrayEquals(content, get.body().readAllBytes(), key);
            }
        }
        try (BackendResponse list = send("GET", "/" + bucket, "list-type=2")) {
            String xml = text(list);
            for (String key : keys) {
                String escaped = key.replace("&", "&amp;").replace("'", "&apos;");
                assertTrue(xml.contains("<Key>" + escaped + "</Key>") || xml.contains("<Key>" + key.replace("&", "&amp;")
                        + "</Key>"), key + " in " + xml);
            }
        }
    }

    @Test
    void theKeyIsSignedNotTheWayTheClientSpelledIt() throws IOException {
        String bucket = newBucket();
        // the same key written three ways: S3 clients differ in what they escape and in the case of the hex digits
        List<List<String>> spellings = List.of(
                List.of("caf%C3%A9", "caf%c3%a9", "caf\u00e9"),
                List.of("x%2By", "x+y"),
                List.of("it%27s%21%28%29%2A", "it's!()*"),
                List.of("a%3Bb%3Dc%2Cd%3Ae%40f", "a;b=c,d:e@f"));
        int n = 0;
        for (List<String> spelling : spellings) {
            byte[] content = ("content " + n++).getBytes(UTF_8);
            try (BackendResponse put = put("/" + bucket + "/" + spelling.get(0), content)) {
                assertEquals(200, put.status(), spelling.get(0) + ": " + text(put));
            }
            for (String other : spelling) {
                try (BackendResponse get = send("GET", "/" + bucket + "/" + other, "")) {
                    assertEquals(200, get.status(), other);
                    assertArrayEquals(content, get.body().readAllBytes(), other);
                }
            }
        }
    }

    @Test
    void aHundredMebibytesStreamUpAndDown() throws IOException, NoSuchAlgorithmException {
        String bucket = newBucket();
        long size = 100L * 1024 * 1024;
        GeneratedBody generated = new GeneratedBody(size, 42);
        BackendRequest put = new BackendRequest("PUT", "/" + bucket + "/large", "", List.of(),
                Optional.of(generated), size);
        try (BackendResponse response = backend.send(put)) {
            assertEquals(200, response.status(), text(response));
        }
        String sent = generated.sha256Hex();

        MessageDigest digest = MessageDigest.getInstance("SHA-256");
        long received = 0;
        try (BackendResponse get = send("GET", "/" + bucket + "/large", "");
                InputStream body = new DigestInputStream(get.body(), digest)) {
            assertEquals(200, get.status());
            byte[] buffer = new byte[64 * 1024];
            for (int n; (n = body.read(buffer)) >= 0; ) {
                received += n;
            }
        }
        assertEquals(size, received);
        assertEquals(sent, HexFormat.of().formatHex(digest.digest()));
    }

    @Test
    void aBodyThatFailsAtItsEndLeavesNoObject() throws IOException {
        String bucket = newBucket();
        long size = 3L * 1024 * 1024;
        IOException verificationFailed = new IOException("the chunk signature does not match");
        // every byte is read, then the read that would report the end fails: what a verifying stream does when the
        // last chunk's signature or the trailing checksum is wrong
        InputStream body = new FailingBody(new GeneratedBody(size, 7), size, verificationFailed);
        BackendRequest put = new BackendRequest("PUT", "/" + bucket + "/rejected", "", List.of(), Optional.of(body),
                size);

        IOException thrown = assertThrows(IOException.class, () -> backend.send(put).close());

        assertSame(verificationFailed, thrown);
        assertNoObject(bucket, "rejected");
    }

    @Test
    void aBodyThatFailsHalfWayLeavesNoObject() throws IOException {
        String bucket = newBucket();
        long size = 8L * 1024 * 1024;
        IOException verificationFailed = new IOException("the chunk signature does not match");
        InputStream body = new FailingBody(new GeneratedBody(size, 8), size / 2, verificationFailed);
        BackendRequest put = new BackendRequest("PUT", "/" + bucket + "/rejected", "", List.of(), Optional.of(body),
                size);

        IOException thrown = assertThrows(IOException.class, () -> backend.send(put).close());

        assertSame(verificationFailed, thrown);
        assertNoObject(bucket, "rejected");
    }

    @Test
    void anEmptyBodyIsVerifiedBeforeItIsSent() throws IOException {
        String bucket = newBucket();
        try (BackendResponse put = put("/" + bucket + "/empty", new byte[0])) {
            assertEquals(200, put.status(), text(put));
        }
        try (BackendResponse get = send("GET", "/" + bucket + "/empty", "")) {
            assertEquals(200, get.status());
            assertEquals(0, get.body().readAllBytes().length);
        }

        IOException verificationFailed = new IOException("the checksum does not match");
        InputStream failing = new FailingBody(InputStream.nullInputStream(), 0, verificationFailed);
        BackendRequest put = new BackendRequest("PUT", "/" + bucket + "/rejected", "", List.of(),
                Optional.of(failing), 0);
        assertSame(verificationFailed, assertThrows(IOException.class, () -> backend.send(put).close()));
        assertNoObject(bucket, "rejected");
    }

    @Test
    void aBodyOfAnotherLengthThanDeclaredIsNotStored() throws IOException {
        String bucket = newBucket();
        BackendRequest shorter = new BackendRequest("PUT", "/" + bucket + "/short", "", List.of(),
                Optional.of(new ByteArrayInputStream(bytes(100, 3))), 101);
        IOException tooShort = assertThrows(IOException.class, () -> backend.send(shorter).close());
        assertEquals("the request body ended after 100 of its declared 101 bytes", tooShort.getMessage());
        assertNoObject(bucket, "short");

        BackendRequest longer = new BackendRequest("PUT", "/" + bucket + "/long", "", List.of(),
                Optional.of(new ByteArrayInputStream(bytes(100, 3))), 99);
        IOException tooLong = assertThrows(IOException.class, () -> backend.send(longer).close());
        assertEquals("the request body is longer than its declared length of 99 bytes", tooLong.getMessage());
        assertNoObject(bucket, "long");
    }

    @Test
    void oneBackendServesManyThreadsAtOnce() throws Exception {
        String bucket = newBucket();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<byte[]>> got = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                String key = "/" + bucket + "/parallel-" + i;
                byte[] content = bytes(4096 + i, i);
                got.add(threads.submit(() -> {
                    try (BackendResponse put = put(key, content)) {
                        assertEquals(200, put.status(), text(put));
                    }
                    try (BackendResponse get = send("GET", key, "")) {
                        return get.body().readAllBytes();
                    }
                }));
            }
            for (int i = 0; i < got.size(); i++) {
                assertArrayEquals(bytes(4096 + i, i), got.get(i).get(), "object " + i);
            }
        }
    }

    @Test
    void theStoreAnswersErrorsInS3sXml() throws IOException {
        try (BackendResponse response = send("GET", "/no-such-bucket-here", "list-type=2")) {
            assertEquals(404, response.status());
            String xml = text(response);
            assertTrue(xml.contains("<Code>NoSuchBucket</Code>"), xml);
            assertTrue(xml.contains("<Message>"), xml);
        }
    }

    private static void assertNoObject(String bucket, String key) throws IOException {
        try (BackendResponse head = send("HEAD", "/" + bucket + "/" + key, "")) {
            assertEquals(404, head.status());
        }
        try (BackendResponse list = send("GET", "/" + bucket, "list-type=2")) {
            String xml = text(list);
            assertEquals(200, list.status(), xml);
            assertFalse(xml.contains("<Key>" + key + "</Key>"), xml);
        }
        // nor a file of that name: S3Proxy writes a body to "key-<uuid>" and renames it to "key" once it is complete
        // (the temporary file is removed when the body is cut short, a few milliseconds after the client gave up)
        try (Stream<Path> files = Files.walk(data.resolve("s3").resolve(bucket))) {
            List<String> names = files.map(file -> file.getFileName().toString()).toList();
            assertFalse(names.contains(key), "no file of the object: " + names);
        }
    }

    private static String newBucket() throws IOException {
        String bucket = "bucket-" + BUCKETS.incrementAndGet();
        try (BackendResponse created = send("PUT", "/" + bucket, "")) {
            assertEquals(200, created.status(), text(created));
        }
        return bucket;
    }

    private static BackendResponse put(String rawPath, byte[] content) throws IOException {
        return backend.send(new BackendRequest("PUT", rawPath, "", List.of(),
                Optional.of(new ByteArrayInputStream(content)), content.length));
    }

    private static BackendResponse send(String method, String rawPath, String rawQuery) throws IOException {
        return backend.send(BackendRequest.withoutBody(method, rawPath, rawQuery, List.of()));
    }

    static String text(BackendResponse response) throws IOException {
        return new String(response.body().readAllBytes(), UTF_8);
    }

    private static byte[] bytes(int size, long seed) {
        byte[] bytes = new byte[size];
        new SplittableRandom(seed).nextBytes(bytes);
        return bytes;
    }
}
