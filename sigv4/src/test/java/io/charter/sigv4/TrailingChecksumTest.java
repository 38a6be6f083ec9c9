package io.charter.sigv4;

import static io.charter.sigv4.Drained.READ_SIZES;
import static io.charter.sigv4.Drained.drain;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Trailing checksums of {@code aws-chunked} bodies, signed ({@code STREAMING-AWS4-HMAC-SHA256-PAYLOAD-TRAILER})
 * and unsigned ({@code STREAMING-UNSIGNED-PAYLOAD-TRAILER}), for every algorithm S3 accepts; the
 * bodies are framed as AWS's SDKs frame them ({@link ChunkedEncoder}).
 */
class TrailingChecksumTest {

    private static final int LENGTH = 200_000;
    private static final byte[] DATA = PatternStream.bytes(LENGTH);
    private static final AwsChunkedExampleTest.Seed SEED = AwsChunkedExampleTest.seed();
    private static final ChunkedEncoder.Signing SIGNING = new ChunkedEncoder.Signing(SEED.key(),
            AwsChunkedExampleTest.TIMESTAMP, AwsChunkedExampleTest.SCOPE, AwsChunkedExampleTest.SEED);

    private static byte[] signedBody(ChecksumAlgorithm algorithm, Optional<String> declared) throws IOException {
        return new ChunkedEncoder(new ByteArrayInputStream(DATA), 65536, Optional.of(SIGNING), Optional.of(algorithm),
                declared).encodeAll();
    }

    private static byte[] unsignedBody(ChecksumAlgorithm algorithm, Optional<String> declared) throws IOException {
        return new ChunkedEncoder(new ByteArrayInputStream(DATA), 65536, Optional.empty(), Optional.of(algorithm),
                declared).encodeAll();
    }

    private static InputStream signed(byte[] body, ChecksumAlgorithm algorithm) {
        return StreamingPayloads.signedChunks(new ByteArrayInputStream(body), SEED.key(), SEED.parsed(), LENGTH,
                Optional.of(algorithm.headerName()));
    }

    private static InputStream unsigned(byte[] body, ChecksumAlgorithm algorithm) {
        return StreamingPayloads.unsignedTrailer(new ByteArrayInputStream(body), LENGTH, algorithm.headerName());
    }

    /** A checksum of the right width that is not the body's. */
    private static String wrong(ChecksumAlgorithm algorithm) {
        ChecksumAlgorithm.RunningChecksum checksum = algorithm.start();
        checksum.update(new byte[] {1}, 0, 1);
        return Base64.getEncoder().encodeToString(checksum.finish());
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void aSignedTrailerVerifies(ChecksumAlgorithm algorithm) throws IOException {
        byte[] body = signedBody(algorithm, Optional.empty());
        for (int readSize : READ_SIZES) {
            drain(signed(body, algorithm), readSize).assertPassed(DATA);
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void anUnsignedTrailerVerifies(ChecksumAlgorithm algorithm) throws IOException {
        byte[] body = unsignedBody(algorithm, Optional.empty());
        for (int readSize : READ_SIZES) {
            drain(unsigned(body, algorithm), readSize).assertPassed(DATA);
        }
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void aWrongChecksumIsABadDigestCaughtBeforeTheLastByte(ChecksumAlgorithm algorithm) throws IOException {
        String wrong = wrong(algorithm);
        for (int readSize : READ_SIZES) {
            Drained signed = drain(signed(signedBody(algorithm, Optional.of(wrong)), algorithm), readSize)
                    .assertFailed(PayloadException.Reason.BAD_DIGEST, LENGTH);
            assertEquals(LENGTH - 1, signed.released().length);
            Drained unsigned = drain(unsigned(unsignedBody(algorithm, Optional.of(wrong)), algorithm), readSize)
                    .assertFailed(PayloadException.Reason.BAD_DIGEST, LENGTH);
            assertEquals(LENGTH - 1, unsigned.released().length);
        }
    }

    @Test
    void theBadDigestMessagesAreS3s() throws IOException {
        Drained crc32 = drain(unsigned(unsignedBody(ChecksumAlgorithm.CRC32, Optional.of("AAAAAA==")),
                ChecksumAlgorithm.CRC32), 8192);
        assertEquals("The CRC32 you specified did not match the calculated checksum.", crc32.failure().getMessage());
        Drained sha256 = drain(unsigned(unsignedBody(ChecksumAlgorithm.SHA256, Optional.of("not base64!")),
                ChecksumAlgorithm.SHA256), 8192);
        assertEquals(PayloadException.Reason.BAD_DIGEST, sha256.failure().reason());
        assertEquals("The sha256 you specified did not match the calculated checksum.", sha256.failure().getMessage());
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void aTrailerChangedAfterSigningIsASignatureMismatch(ChecksumAlgorithm algorithm) throws IOException {
        // The value is replaced by the right checksum of other data, so only the signature can catch it.
        String sent = new String(signedBody(algorithm, Optional.of(wrong(algorithm))), StandardCharsets.ISO_8859_1);
        String right = Base64.getEncoder().encodeToString(checksumOf(algorithm, DATA));
        String forged = sent.replace(wrong(algorithm), right);
        drain(signed(forged.getBytes(StandardCharsets.ISO_8859_1), algorithm), 8192)
                .assertFailed(PayloadException.Reason.SIGNATURE_DOES_NOT_MATCH, LENGTH);
        String unsignedTrailer = new String(signedBody(algorithm, Optional.empty()), StandardCharsets.ISO_8859_1)
                .replaceAll("x-amz-trailer-signature:[0-9a-f]{64}\r\n", "");
        drain(signed(unsignedTrailer.getBytes(StandardCharsets.ISO_8859_1), algorithm), 8192)
                .assertFailed(PayloadException.Reason.MALFORMED, LENGTH);
    }

    @Test
    void theDeclaredTrailerMustBeTheOneSent() throws IOException {
        byte[] crc32 = unsignedBody(ChecksumAlgorithm.CRC32, Optional.empty());
        drain(unsigned(crc32, ChecksumAlgorithm.CRC32C), 8192).assertFailed(PayloadException.Reason.MALFORMED, LENGTH);
        // Chunk signatures in an unsigned body, or a trailer signature, are framing errors.
        drain(unsigned(signedBody(ChecksumAlgorithm.CRC32, Optional.empty()), ChecksumAlgorithm.CRC32), 8192)
                .assertFailed(PayloadException.Reason.MALFORMED, LENGTH);
        // A signed body with a trailer nobody declared.
        drain(StreamingPayloads.signedChunks(new ByteArrayInputStream(signedBody(ChecksumAlgorithm.CRC32,
                Optional.empty())), SEED.key(), SEED.parsed(), LENGTH, Optional.empty()), 8192)
                .assertFailed(PayloadException.Reason.MALFORMED, LENGTH);
        assertThrows(IllegalArgumentException.class,
                () -> StreamingPayloads.unsignedTrailer(new ByteArrayInputStream(crc32), LENGTH, "x-amz-checksum-md5"));
    }

    @Test
    void onlyTheLastDataChunkMayBeSmallerThan8192Bytes() throws IOException {
        for (int chunkSize : new int[] {8191, 1000}) {
            byte[] unsigned = new ChunkedEncoder(new ByteArrayInputStream(DATA), chunkSize, Optional.empty(),
                    Optional.of(ChecksumAlgorithm.CRC32), Optional.empty()).encodeAll();
            Drained drained = drain(unsigned(unsigned, ChecksumAlgorithm.CRC32), 8192)
                    .assertFailed(PayloadException.Reason.INVALID_CHUNK_SIZE, LENGTH);
            assertEquals("Only the last chunk is allowed to have a size less than 8192 bytes", drained.failure().getMessage());
            assertEquals(chunkSize - 1, drained.released().length, "the first chunk less the withheld byte");
            byte[] signed = new ChunkedEncoder(new ByteArrayInputStream(DATA), chunkSize, Optional.of(SIGNING),
                    Optional.of(ChecksumAlgorithm.CRC32), Optional.empty()).encodeAll();
            drain(signed(signed, ChecksumAlgorithm.CRC32), 8192)
                    .assertFailed(PayloadException.Reason.INVALID_CHUNK_SIZE, LENGTH);
        }
        // Exactly 8192, with a short last chunk, is what S3 accepts.
        byte[] atTheMinimum = new ChunkedEncoder(new ByteArrayInputStream(DATA), 8192, Optional.of(SIGNING),
                Optional.of(ChecksumAlgorithm.CRC32), Optional.empty()).encodeAll();
        drain(signed(atTheMinimum, ChecksumAlgorithm.CRC32), 7).assertPassed(DATA);
    }

    @Test
    void aBotocoreStyleUnsignedBodyVerifies() throws IOException {
        // What botocore sends for STREAMING-UNSIGNED-PAYLOAD-TRAILER: hex sizes, then "0", the trailer, a blank line.
        byte[] data = "Hello, S3!".getBytes(StandardCharsets.US_ASCII);
        String crc = Base64.getEncoder().encodeToString(checksumOf(ChecksumAlgorithm.CRC32, data));
        String body = "a\r\nHello, S3!\r\n0\r\nx-amz-checksum-crc32:" + crc + "\r\n\r\n";
        drain(StreamingPayloads.unsignedTrailer(new ByteArrayInputStream(body.getBytes(StandardCharsets.US_ASCII)),
                data.length, "x-amz-checksum-crc32"), 1).assertPassed(data);
        // An empty body is one "0" chunk and the trailer (the CRC32 of nothing is 0).
        drain(StreamingPayloads.unsignedTrailer(new ByteArrayInputStream(
                "0\r\nx-amz-checksum-crc32:AAAAAA==\r\n\r\n".getBytes(StandardCharsets.US_ASCII)), 0,
                "X-Amz-Checksum-CRC32"), 8192).assertPassed(new byte[0]);
    }

    @Test
    void crc64NvmeIsTheStandardCheckValue() {
        Crc64Nvme crc = new Crc64Nvme();
        crc.update("123456789".getBytes(StandardCharsets.US_ASCII), 0, 9);
        assertEquals(0xae8b14860a799888L, crc.getValue());
        assertArrayEquals(new byte[] {(byte) 0xae, (byte) 0x8b, 0x14, (byte) 0x86, 0x0a, 0x79, (byte) 0x98, (byte) 0x88},
                checksumOf(ChecksumAlgorithm.CRC64NVME, "123456789".getBytes(StandardCharsets.US_ASCII)));
        crc.reset();
        assertEquals(0L, crc.getValue(), "the CRC of nothing");
    }

    @Test
    void crc64NvmeSlicedEqualsByteAtATimeOverAnySplit() {
        Random random = new Random(64);
        for (int round = 0; round < 200; round++) {
            byte[] data = new byte[random.nextInt(300)];
            random.nextBytes(data);
            Crc64Nvme plain = new Crc64Nvme();
            for (byte b : data) {
                plain.update(b);
            }
            Crc64Nvme sliced = new Crc64Nvme();
            int at = 0;
            while (at < data.length) {
                int n = Math.min(data.length - at, random.nextInt(40));
                sliced.update(data, at, n);
                at += n;
            }
            assertEquals(plain.getValue(), sliced.getValue());
        }
    }

    @Test
    void checksumAlgorithmsAreKnownByTheirHeaders() {
        for (ChecksumAlgorithm algorithm : ChecksumAlgorithm.values()) {
            assertEquals(Optional.of(algorithm), ChecksumAlgorithm.ofHeaderName(algorithm.headerName().toUpperCase(Locale.ROOT)));
        }
        assertEquals(Optional.empty(), ChecksumAlgorithm.ofHeaderName("x-amz-checksum-md5"));
        assertEquals("x-amz-checksum-crc64nvme", ChecksumAlgorithm.CRC64NVME.headerName());
    }

    static byte[] checksumOf(ChecksumAlgorithm algorithm, byte[] data) {
        ChecksumAlgorithm.RunningChecksum checksum = algorithm.start();
        checksum.update(data, 0, data.length);
        return checksum.finish();
    }
}
