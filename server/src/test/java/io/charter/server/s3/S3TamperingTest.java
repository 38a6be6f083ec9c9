package io.charter.server.s3;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.charter.server.TestServer;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.http.ContentStreamProvider;
import software.amazon.awssdk.http.ExecutableHttpRequest;
import software.amazon.awssdk.http.HttpExecuteRequest;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.S3Configuration;
import software.amazon.awssdk.services.s3.model.S3Exception;

/**
 * A body changed on the way, after the AWS SDK signed it, is refused, and the store never keeps
 * it: a flipped byte in an {@code aws-chunked} body fails its chunk's signature; in a body signed
 * by its SHA-256, the declared hash. The SDK's own encoding and signatures, changed by an HTTP
 * client that flips one byte of what it sends.
 */
class S3TamperingTest {
    private static TestServer server;
    private static S3Client root;

    @BeforeAll
    static void start() {
        server = TestServer.start();
        root = S3SdkTest.client(server, server.rootCredentials(), true, UrlConnectionHttpClient.create());
        root.createBucket(b -> b.bucket("tampered"));
    }

    @AfterAll
    static void stop() {
        root.close();
        server.close();
    }

    /** Sends what the SDK gives it, with the byte at {@code offset} of every PUT body flipped; keeps the content hash header seen. */
    private static final class FlippingClient implements SdkHttpClient {
        private final SdkHttpClient delegate = UrlConnectionHttpClient.create();
        private final long offset;
        final List<String> declared = new CopyOnWriteArrayList<>();

        FlippingClient(long offset) {
            this.offset = offset;
        }

        @Override
        public ExecutableHttpRequest prepareRequest(HttpExecuteRequest request) {
            if (!request.httpRequest().method().name().equals("PUT") || request.contentStreamProvider().isEmpty()) {
                return delegate.prepareRequest(request);
            }
            declared.add(request.httpRequest().firstMatchingHeader("x-amz-content-sha256").orElse(""));
            ContentStreamProvider original = request.contentStreamProvider().get();
            ContentStreamProvider flipped = () -> new FlippedStream(original.newStream(), offset);
            return delegate.prepareRequest(HttpExecuteRequest.builder().request(request.httpRequest())
                    .contentStreamProvider(flipped).build());
        }

        @Override
        public String clientName() {
            return "flipping";
        }

        @Override
        public void close() {
            delegate.close();
        }
    }

    private static final class FlippedStream extends FilterInputStream {
        private final long offset;
        private long position;

        FlippedStream(InputStream in, long offset) {
            super(in);
            this.offset = offset;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0 && position++ == offset) {
                return b ^ 0x01;
            }
            return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
            int n = super.read(buffer, off, len);
            if (n > 0 && offset >= position && offset < position + n) {
                buffer[off + (int) (offset - position)] ^= 0x01;
            }
            position += Math.max(n, 0);
            return n;
        }
    }

    @Test
    void aTamperedChunkIsRefusedAndNothingIsStored() {
        // Past the first chunk's header (its size and signature): a byte of the object's data.
        FlippingClient flipping = new FlippingClient(4096);
        try (S3Client client = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true).build())
                .credentialsProvider(StaticCredentialsProvider.create(server.rootCredentials()))
                .httpClient(flipping).build()) {
            S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                    p -> p.bucket("tampered").key("chunked"), RequestBody.fromBytes(new byte[200_000])));
            assertTrue(flipping.declared.getFirst().startsWith("STREAMING-"), flipping.declared.toString());
            assertEquals(403, refused.statusCode(), refused.toString());
            assertEquals("SignatureDoesNotMatch", refused.awsErrorDetails().errorCode());
        }
        S3Exception absent = assertThrows(S3Exception.class, () -> root.headObject(h -> h.bucket("tampered").key("chunked")));
        assertEquals(404, absent.statusCode());
    }

    @Test
    void aTamperedBodySignedByItsHashIsRefusedAndNothingIsStored() {
        FlippingClient flipping = new FlippingClient(100);
        try (S3Client client = S3Client.builder().endpointOverride(server.endpoint()).region(Region.US_EAST_1)
                .serviceConfiguration(S3Configuration.builder().pathStyleAccessEnabled(true)
                        .chunkedEncodingEnabled(false).build())
                .credentialsProvider(StaticCredentialsProvider.create(server.rootCredentials()))
                .httpClient(flipping).build()) {
            S3Exception refused = assertThrows(S3Exception.class, () -> client.putObject(
                    p -> p.bucket("tampered").key("hashed"), RequestBody.fromBytes(new byte[10_000])));
            assertEquals(64, flipping.declared.getFirst().length(), flipping.declared.toString());
            assertEquals(400, refused.statusCode(), refused.toString());
            assertEquals("XAmzContentSHA256Mismatch", refused.awsErrorDetails().errorCode());
        }
        S3Exception absent = assertThrows(S3Exception.class, () -> root.headObject(h -> h.bucket("tampered").key("hashed")));
        assertEquals(404, absent.statusCode());
    }
}
