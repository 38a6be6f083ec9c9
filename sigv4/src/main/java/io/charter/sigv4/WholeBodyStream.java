package io.charter.sigv4;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A body sent as it is (no {@code aws-chunked} framing) of a known length, checked against one
 * declared digest once it has all passed: the {@code x-amz-content-sha256} of a signed payload, or
 * an {@code x-amz-checksum-*} header. Reads the raw stream in the caller's bulk reads, never past
 * the declared length.
 *
 * <p>Not thread-safe, as streams are not.
 */
final class WholeBodyStream extends WithholdingStream {

    private final ChecksumAlgorithm.RunningChecksum checksum;
    private final byte[] expected;
    private final PayloadException.Reason reason;
    private final String mismatchMessage;
    private long remaining;

    WholeBodyStream(InputStream raw, long length, ChecksumAlgorithm.RunningChecksum checksum, byte[] expected,
            PayloadException.Reason reason, String mismatchMessage) {
        super(raw);
        if (length < 0) {
            throw new IllegalArgumentException("length is negative: " + length);
        }
        this.remaining = length;
        this.checksum = checksum;
        this.expected = expected;
        this.reason = reason;
        this.mismatchMessage = mismatchMessage;
    }

    @Override
    int decode(byte[] into, int offset, int length) throws IOException {
        if (remaining == 0) {
            // A digest of another length (a malformed header value) never matches either.
            if (!MessageDigest.isEqual(checksum.finish(), expected)) {
                throw new PayloadException(reason, mismatchMessage);
            }
            return -1;
        }
        int n = raw().read(into, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw new PayloadException(PayloadException.Reason.INCOMPLETE_BODY, StreamingPayloads.INCOMPLETE_BODY);
        }
        checksum.update(into, offset, n);
        remaining -= n;
        return n;
    }
}
