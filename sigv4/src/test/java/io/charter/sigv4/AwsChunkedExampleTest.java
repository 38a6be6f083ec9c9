package io.charter.sigv4;

import static io.charter.sigv4.Drained.READ_SIZES;
import static io.charter.sigv4.Drained.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * AWS's worked example of {@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD} ("Signature Calculations for
 * the Authorization Header: Transferring Payload in Multiple Chunks", Example: PUT Object): 66560
 * bytes of {@code a} in a 64 KiB chunk, a 1 KiB chunk and the final empty chunk, with the
 * documented seed and chunk signatures. The seed is verified as the server would, and the key the
 * verifier returns decodes the body; then every kind of damage is refused with the last byte kept.
 */
class AwsChunkedExampleTest {

    static final String SECRET = "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY";
    static final String TIMESTAMP = "20130524T000000Z";
    static final Instant TIME = Instant.parse("2013-05-24T00:00:00Z");
    static final CredentialScope SCOPE = CredentialScope.of("20130524", "us-east-1", "s3");
    static final String SEED = "4f232c4386841ef735655705268965c44a0e4690baa4adea153f7db9fa80a0a9";
    static final String CHUNK_1 = "ad80c730a21e5b8d04586a2213dd63b9a0e99e0e2307b0ade35a65485a288648";
    static final String CHUNK_2 = "0055627c9e194cb4542bae2aa5492e3c1575bbb81b612b7d234b86a503ef5497";
    static final String FINAL = "b6c6ea8a5354eaf15b3cb7646744f4275b71ea724fed81ceb9323e279d449df9";
    static final int DECODED_LENGTH = 66560;

    static final byte[] DATA = "a".repeat(DECODED_LENGTH).getBytes(StandardCharsets.US_ASCII);

    /** The example's request, as it reaches the server; the body is known only by its declared hash. */
    static SignableRequest request() {
        return new SignableRequest("PUT", "/examplebucket/chunkObject.txt", "", List.of(
                new Header("Host", "s3.amazonaws.com"),
                new Header("x-amz-date", TIMESTAMP),
                new Header("x-amz-storage-class", "REDUCED_REDUNDANCY"),
                new Header("Authorization", "AWS4-HMAC-SHA256 Credential=AKIAIOSFODNN7EXAMPLE/20130524/us-east-1/s3/"
                        + "aws4_request,SignedHeaders=content-encoding;content-length;host;x-amz-content-sha256;"
                        + "x-amz-date;x-amz-decoded-content-length;x-amz-storage-class,Signature=" + SEED),
                new Header("x-amz-content-sha256", Payload.STREAMING_SIGNED_PAYLOAD),
                new Header("Content-Encoding", "aws-chunked"),
                new Header("x-amz-decoded-content-length", String.valueOf(DECODED_LENGTH)),
                new Header("Content-Length", "66824")),
                Payload.ofSha256Hex(Payload.STREAMING_SIGNED_PAYLOAD));
    }

    record Seed(ParsedSignature parsed, SigningKey key) {
    }

    /** The seed signature verified as the server verifies it; the key comes from the verifier. */
    static Seed seed() {
        VerifierSettings settings = new VerifierSettings(Set.of("s3"), VerifierSettings.DEFAULT_CLOCK_SKEW, false, false);
        ParsedSignature parsed = SignatureParser.parse(request(), TIME, settings);
        SigningKey key = new SignatureVerifier(settings, new SigningKeyCache()).verify(parsed, request(), SECRET);
        return new Seed(parsed, key);
    }

    /** The example body, framed by hand with the documented signatures. */
    static byte[] body() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        frame(out, 65536, CHUNK_1);
        frame(out, 1024, CHUNK_2);
        frame(out, 0, FINAL);
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static void frame(ByteArrayOutputStream out, int size, String signature) {
        out.writeBytes((Integer.toHexString(size) + ";chunk-signature=" + signature + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
        if (size > 0) {
            out.writeBytes(Arrays.copyOf(DATA, size));
            out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
    }

    static InputStream decoder(byte[] body, long decodedLength) {
        Seed seed = seed();
        return StreamingPayloads.signedChunks(new ByteArrayInputStream(body), seed.key(), seed.parsed(), decodedLength,
                Optional.empty());
    }

    @Test
    void theDocumentedBodyDecodesAndVerifies() {
        byte[] body = body();
        assertEquals(66824, body.length, "the example's Content-Length");
        for (int readSize : READ_SIZES) {
            drain(decoder(body, DECODED_LENGTH), readSize).assertPassed(DATA);
        }
    }

    @Test
    void theTestEncoderFramesTheExampleExactlyAsDocumented() throws IOException {
        Seed seed = seed();
        ChunkedEncoder encoder = ChunkedEncoder.signed(new ByteArrayInputStream(DATA), 65536,
                new ChunkedEncoder.Signing(seed.key(), TIMESTAMP, SCOPE, SEED), Optional.empty());
        assertArrayEquals(body(), encoder.encodeAll());
    }

    @Test
    void aFlippedDataByteIsASignatureMismatchAndItsChunkIsNeverReleased() {
        byte[] body = body();
        int inFirstChunk = indexOf(body, CHUNK_1) + 64 + 2 + 1000;
        int inSecondChunk = indexOf(body, CHUNK_2) + 64 + 2 + 10;
        for (int readSize : READ_SIZES) {
            Drained first = drain(decoder(flip(body, inFirstChunk), DECODED_LENGTH), readSize)
                    .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
            assertEquals(0, first.released().length, "nothing of a chunk is released before it verified");
            Drained second = drain(decoder(flip(body, inSecondChunk), DECODED_LENGTH), readSize)
                    .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
            assertEquals(65535, second.released().length, "the first chunk less the withheld byte");
        }
    }

    @Test
    void aFlippedSignatureIsRefusedEvenOnTheFinalChunk() {
        byte[] body = body();
        for (String signature : List.of(CHUNK_1, CHUNK_2, FINAL)) {
            for (int readSize : READ_SIZES) {
                drain(decoder(flip(body, indexOf(body, signature) + 5), DECODED_LENGTH), readSize)
                        .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
            }
        }
        // The final chunk's signature is the last check: everything but the withheld byte is out by then.
        Drained last = drain(decoder(flip(body, indexOf(body, FINAL) + 5), DECODED_LENGTH), 8192);
        assertEquals(DECODED_LENGTH - 1, last.released().length);
        assertEquals(SignatureVerifier.SIGNATURE_MISMATCH, last.failure().getMessage());
    }

    @Test
    void anUpperCaseOrShortSignatureIsAMismatchNotACrash() {
        byte[] body = body();
        String upper = new String(body, StandardCharsets.ISO_8859_1)
                .replace(FINAL, FINAL.toUpperCase(Locale.ROOT));
        drain(decoder(upper.getBytes(StandardCharsets.ISO_8859_1), DECODED_LENGTH), 8192)
                .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
        String shortened = new String(body, StandardCharsets.ISO_8859_1).replace(FINAL, FINAL.substring(2));
        drain(decoder(shortened.getBytes(StandardCharsets.ISO_8859_1), DECODED_LENGTH), 8192)
                .assertFailed(PayloadException.Reason.MALFORMED, DECODED_LENGTH);
    }

    @Test
    void aDroppedOrReorderedChunkBreaksTheChain() {
        byte[] body = body();
        int second = indexOf(body, "400;chunk-signature=");
        int last = indexOf(body, "0;chunk-signature=" + FINAL);
        byte[] dropped = concat(Arrays.copyOfRange(body, 0, second), Arrays.copyOfRange(body, last, body.length));
        drain(decoder(dropped, 65536), 8192).assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, 65536);
        drain(decoder(dropped, DECODED_LENGTH), 8192)
                .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
        // Without its final chunk the body is incomplete, even though every chunk sent verified.
        drain(decoder(Arrays.copyOfRange(body, 0, last), DECODED_LENGTH), 8192)
                .assertFailed(PayloadException.Reason.INCOMPLETE_BODY, DECODED_LENGTH);
    }

    @Test
    void aTruncatedBodyIsIncompleteWhereverItIsCut() {
        byte[] body = body();
        for (int cut : new int[] {0, 1, 50, 90, 1000, 65536, indexOf(body, CHUNK_2), body.length - 40, body.length - 3}) {
            for (int readSize : List.of(1, 8192)) {
                drain(decoder(Arrays.copyOf(body, cut), DECODED_LENGTH), readSize)
                        .assertFailed(PayloadException.Reason.INCOMPLETE_BODY, DECODED_LENGTH);
            }
        }
        // The closing CRLF alone may be missing: the body is complete without it.
        drain(decoder(Arrays.copyOf(body, body.length - 2), DECODED_LENGTH), 8192).assertPassed(DATA);
    }

    @Test
    void theDecodedLengthMustBeExact() {
        byte[] body = body();
        drain(decoder(body, DECODED_LENGTH - 1), 8192).assertFailed(PayloadException.Reason.MALFORMED, DECODED_LENGTH);
        Drained shorter = drain(decoder(body, DECODED_LENGTH + 1), 8192)
                .assertFailed(PayloadException.Reason.INCOMPLETE_BODY, DECODED_LENGTH);
        assertEquals(DECODED_LENGTH - 1, shorter.released().length);
        assertEquals("You did not provide the number of bytes specified by the Content-Length HTTP header.",
                shorter.failure().getMessage());
    }

    @Test
    void brokenFramingIsMalformed() {
        byte[] body = body();
        String text = new String(body, StandardCharsets.ISO_8859_1);
        List<String> broken = List.of(
                text.replace("10000;chunk-signature=", "10000;chunk-signatur="),
                text.replace("10000;", "g0000;"),
                text.replace("10000;", "000010000;"),
                text.replace("10000;", ";"),
                text.replaceFirst("\r\n", "\n"),
                text.replace("aa\r\n400;", "aa\n\n400;"),
                text + "x",
                text.replace(FINAL + "\r\n\r\n", FINAL + "\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n"));
        for (String body2 : broken) {
            drain(decoder(body2.getBytes(StandardCharsets.ISO_8859_1), DECODED_LENGTH), 8192)
                    .assertFailed(PayloadException.Reason.MALFORMED, DECODED_LENGTH);
        }
    }

    @Test
    void aChunkOverTheBoundIsRefusedBeforeItIsRead() {
        Seed seed = seed();
        InputStream in = StreamingPayloads.signedChunks(new ByteArrayInputStream(body()), seed.key(), seed.parsed(),
                DECODED_LENGTH, Optional.empty(), 65535);
        drain(in, 8192).assertFailed(PayloadException.Reason.MALFORMED, DECODED_LENGTH);
        assertThrows(IllegalArgumentException.class, () -> StreamingPayloads.signedChunks(
                new ByteArrayInputStream(body()), seed.key(), seed.parsed(), DECODED_LENGTH,
                Optional.of("x-amz-checksum-md5")));
    }

    @Test
    void anotherKeyOrSeedVerifiesNothing() {
        Seed seed = seed();
        SigningKey other = SigningKey.derive(SECRET.replace('w', 'W'), SCOPE);
        drain(StreamingPayloads.signedChunks(new ByteArrayInputStream(body()), other, seed.parsed(), DECODED_LENGTH,
                Optional.empty()), 8192).assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, DECODED_LENGTH);
    }

    static byte[] flip(byte[] body, int index) {
        byte[] copy = body.clone();
        copy[index] ^= 0x01;
        return copy;
    }

    static int indexOf(byte[] body, String text) {
        int at = new String(body, StandardCharsets.ISO_8859_1).indexOf(text);
        if (at < 0) {
            throw new AssertionError(text + " not in body");
        }
        return at;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
