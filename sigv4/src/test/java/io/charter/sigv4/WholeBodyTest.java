package io.charter.sigv4;

import static io.charter.sigv4.Drained.READ_SIZES;
import static io.charter.sigv4.Drained.drain;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Base64;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Bodies sent whole: the signed {@code x-amz-content-sha256}, and an {@code x-amz-checksum-*} header. */
class WholeBodyTest {

    private static final int LENGTH = 100_003;
    private static final byte[] DATA = PatternStream.bytes(LENGTH);
    private static final String SHA256 = Payload.of(DATA).sha256Hex();

    @Test
    void theDeclaredHashPasses() {
        for (int readSize : READ_SIZES) {
            drain(StreamingPayloads.sha256(new ByteArrayInputStream(DATA), LENGTH, SHA256), readSize).assertPassed(DATA);
        }
        drain(StreamingPayloads.sha256(new ByteArrayInputStream(new byte[0]), 0, Payload.empty().sha256Hex()), 1)
                .assertPassed(new byte[0]);
    }

    @Test
    void anotherHashIsAMismatchCaughtBeforeTheLastByte() {
        byte[] changed = DATA.clone();
        changed[LENGTH - 1] ^= 1;
        for (int readSize : READ_SIZES) {
            Drained drained = drain(StreamingPayloads.sha256(new ByteArrayInputStream(changed), LENGTH, SHA256), readSize)
                    .assertFailed(PayloadException.Reason.CONTENT_SHA256_MISMATCH, LENGTH);
            assertEquals(LENGTH - 1, drained.released().length);
            assertEquals("The provided 'x-amz-content-sha256' header does not match what was computed.",
                    drained.failure().getMessage());
        }
        // An empty body releases nothing either way.
        drain(StreamingPayloads.sha256(new ByteArrayInputStream(new byte[0]), 0, SHA256), 8192)
                .assertFailed(PayloadException.Reason.CONTENT_SHA256_MISMATCH, 1);
    }

    @Test
    void aShortBodyIsIncompleteAndALongOneIsReadOnlyToItsLength() {
        for (int readSize : READ_SIZES) {
            drain(StreamingPayloads.sha256(new ByteArrayInputStream(Arrays.copyOf(DATA, LENGTH - 1)), LENGTH, SHA256),
                    readSize).assertFailed(PayloadException.Reason.INCOMPLETE_BODY, LENGTH);
        }
        byte[] longer = Arrays.copyOf(DATA, LENGTH + 10);
        drain(StreamingPayloads.sha256(new ByteArrayInputStream(longer), LENGTH, SHA256), 8192).assertPassed(DATA);
    }

    @Test
    void theDeclaredHashIsSixtyFourLowerCaseHexDigits() {
        assertThrows(IllegalArgumentException.class,
                () -> StreamingPayloads.sha256(new ByteArrayInputStream(DATA), LENGTH, Payload.UNSIGNED_PAYLOAD));
        assertThrows(IllegalArgumentException.class,
                () -> StreamingPayloads.sha256(new ByteArrayInputStream(DATA), LENGTH, SHA256.toUpperCase(Locale.ROOT)));
    }

    @ParameterizedTest
    @EnumSource(ChecksumAlgorithm.class)
    void aChecksumHeaderIsVerifiedToo(ChecksumAlgorithm algorithm) {
        String right = Base64.getEncoder().encodeToString(TrailingChecksumTest.checksumOf(algorithm, DATA));
        for (int readSize : READ_SIZES) {
            drain(StreamingPayloads.checksumHeader(new ByteArrayInputStream(DATA), LENGTH, algorithm, right), readSize)
                    .assertPassed(DATA);
        }
        byte[] changed = DATA.clone();
        changed[7] ^= 1;
        Drained wrong = drain(StreamingPayloads.checksumHeader(new ByteArrayInputStream(changed), LENGTH, algorithm,
                right), 8192).assertFailed(PayloadException.Reason.BAD_DIGEST, LENGTH);
        assertEquals(LENGTH - 1, wrong.released().length);
        drain(StreamingPayloads.checksumHeader(new ByteArrayInputStream(DATA), LENGTH, algorithm, "%%%"), 8192)
                .assertFailed(PayloadException.Reason.BAD_DIGEST, LENGTH);
    }
}
