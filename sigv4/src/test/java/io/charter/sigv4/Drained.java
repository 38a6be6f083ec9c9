package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * What a reader got from a verifying stream: the bytes released before the end or the failure,
 * and the failure. Read as a forwarder would, in reads of {@code readSize} bytes.
 */
record Drained(byte[] released, PayloadException failure) {

    /** The read sizes every body is drained with: byte by byte, odd, buffer-sized, larger than any chunk. */
    static final List<Integer> READ_SIZES = List.of(1, 2, 7, 8192, 100_000);

    static Drained drain(InputStream in, int readSize) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[readSize];
        try (in) {
            int n;
            while ((n = readSize == 1 ? single(in, buffer) : in.read(buffer, 0, readSize)) >= 0) {
                out.write(buffer, 0, n);
            }
            return new Drained(out.toByteArray(), null);
        } catch (PayloadException e) {
            // A failed stream keeps failing: a retrying reader never gets the withheld byte.
            PayloadException again = assertThrows(PayloadException.class, () -> in.read(buffer, 0, readSize));
            assertEquals(e, again);
            return new Drained(out.toByteArray(), e);
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }

    private static int single(InputStream in, byte[] buffer) throws IOException {
        int b = in.read();
        if (b < 0) {
            return -1;
        }
        buffer[0] = (byte) b;
        return 1;
    }

    Drained assertPassed(byte[] expected) {
        assertNull(failure, () -> "failed: " + failure);
        assertEquals(expected.length, released.length);
        assertArrayEquals(expected, released);
        return this;
    }

    /** Failed for {@code reason}, and fewer than {@code bodyLength} bytes ever left the stream. */
    Drained assertFailed(PayloadException.Reason reason, long bodyLength) {
        assertNotNull(failure, "passed, but should have failed with " + reason);
        assertEquals(reason, failure.reason(), failure::toString);
        if (released.length >= bodyLength) {
            throw new AssertionError("all " + released.length + " bytes were released before the failure");
        }
        return this;
    }
}
