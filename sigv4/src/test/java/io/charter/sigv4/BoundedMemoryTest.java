package io.charter.sigv4;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.management.ThreadMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.security.MessageDigest;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Large bodies stream through in bounded memory: 128 MiB, generated and framed on the fly, pass
 * through each kind of stream while this thread allocates a small fraction of that (no whole-body
 * array, no per-chunk arrays of the chunk's size in the unsigned path).
 */
class BoundedMemoryTest {

    private static final long LENGTH = 128L * 1024 * 1024;
    private static final long ALLOCATION_BOUND = 16L * 1024 * 1024;
    private static final ThreadMXBean THREADS = (ThreadMXBean) ManagementFactory.getThreadMXBean();

    private static String patternSha256() throws IOException {
        InputStream in = new PatternStream(LENGTH);
        MessageDigest digest = Sha256.owned();
        byte[] buffer = new byte[65536];
        int n;
        while ((n = in.read(buffer)) >= 0) {
            digest.update(buffer, 0, n);
        }
        return Hex.encode(digest.digest());
    }

    /** Reads {@code in} to its end in 64 KiB reads; the bytes this thread allocated meanwhile. */
    private static long drainCountingAllocation(InputStream in) throws IOException {
        assertTrue(THREADS.isThreadAllocatedMemorySupported() && THREADS.isThreadAllocatedMemoryEnabled(),
                "this JVM counts each thread's allocation");
        byte[] buffer = new byte[65536];
        long before = THREADS.getCurrentThreadAllocatedBytes();
        long total = 0;
        int n;
        while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
            total += n;
        }
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - before;
        assertEquals(LENGTH, total);
        return allocated;
    }

    private static void assertBounded(long allocated) {
        assertTrue(allocated < ALLOCATION_BOUND, () -> "allocated " + allocated + " bytes streaming " + LENGTH);
    }

    @Test
    void aSignedBodyStreams() throws IOException {
        AwsChunkedExampleTest.Seed seed = AwsChunkedExampleTest.seed();
        ChunkedEncoder raw = ChunkedEncoder.signed(new PatternStream(LENGTH), 65536, new ChunkedEncoder.Signing(
                seed.key(), AwsChunkedExampleTest.TIMESTAMP, AwsChunkedExampleTest.SCOPE, AwsChunkedExampleTest.SEED),
                Optional.of(ChecksumAlgorithm.CRC32C));
        // The encoder's own allocation (signature strings per chunk) counts too: the bound holds for both.
        assertBounded(drainCountingAllocation(StreamingPayloads.signedChunks(raw, seed.key(), seed.parsed(), LENGTH,
                Optional.of("x-amz-checksum-crc32c"))));
    }

    @Test
    void anUnsignedBodyStreams() throws IOException {
        ChunkedEncoder raw = ChunkedEncoder.unsigned(new PatternStream(LENGTH), 1024 * 1024, ChecksumAlgorithm.CRC64NVME);
        assertBounded(drainCountingAllocation(
                StreamingPayloads.unsignedTrailer(raw, LENGTH, "x-amz-checksum-crc64nvme")));
    }

    @Test
    void aWholeBodyStreams() throws IOException {
        assertBounded(drainCountingAllocation(StreamingPayloads.sha256(new PatternStream(LENGTH), LENGTH, patternSha256())));
    }
}
