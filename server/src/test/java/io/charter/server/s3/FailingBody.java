package io.charter.server.s3;

import java.io.IOException;
import java.io.InputStream;

/**
 * A body that gives the first {@code failAfter} bytes of {@code source}, then throws {@code failure}: like Charter's
 * verifying stream when a chunk signature or the checksum is wrong (at the end: {@code failAfter} is the whole size).
 */
final class FailingBody extends InputStream {

    private final InputStream source;
    private final IOException failure;
    private long remaining;

    FailingBody(InputStream source, long failAfter, IOException failure) {
        this.source = source;
        this.remaining = failAfter;
        this.failure = failure;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
        if (remaining == 0) {
            throw failure;
        }
        int n = source.read(buffer, offset, (int) Math.min(length, remaining));
        if (n < 0) {
            throw failure;
        }
        remaining -= n;
        return n;
    }
}
