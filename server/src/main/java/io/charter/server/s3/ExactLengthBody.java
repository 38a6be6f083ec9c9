package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;

/**
 * A request body on its way to the backend that never completes there unless it completed here: its last byte is
 * held back until the source has also reported its end without an error.
 *
 * <p>The source is typically Charter's verifying stream over the client's body (its chunk signatures, its checksum),
 * which can only fail at the end, on the read that would report the end. Were every byte of the declared length
 * already sent by then, the backend would hold the complete body and store the object, whatever Charter decided
 * next. With the last byte withheld, a failing source leaves the backend one byte short of its
 * {@code Content-Length}; the request is aborted and the backend stores nothing.
 *
 * <p>The first failure (the source's own {@link IOException}, or a length that does not match) is kept for
 * {@link S3Backend} to rethrow as it was. Not thread-safe: one reader, the HTTP client's; {@link #failure()} may be
 * read from another thread once the exchange is over.
 */
final class ExactLengthBody extends InputStream {

    private final InputStream source;
    private final long length;
    private long delivered;
    private volatile IOException failure;

    ExactLengthBody(InputStream source, long length) {
        this.source = requireNonNull(source, "source is null");
        if (length < 0) {
            throw new IllegalArgumentException("length is negative: " + length);
        }
        this.length = length;
    }

    /** The first failure of this body, if any: the source's own exception or a length mismatch. */
    IOException failure() {
        return failure;
    }

    /** For a body of length 0: reads the source to its end (so that it verifies) before anything is sent. */
    void confirmEmpty() throws IOException {
        if (length != 0) {
            throw new IllegalStateException("not an empty body");
        }
        confirmEnd();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (count == 0) {
            return 0;
        }
        long remaining = length - delivered;
        if (remaining == 0) {
            return -1;
        }
        try {
            if (remaining > 1) {
                int n = source.read(buffer, offset, (int) Math.min(count, remaining - 1));
                if (n < 0) {
                    throw tooShort();
                }
                delivered += n;
                return n;
            }
            int last = source.read();
            if (last < 0) {
                throw tooShort();
            }
            confirmEnd();
            buffer[offset] = (byte) last;
            delivered++;
            return 1;
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    private void confirmEnd() throws IOException {
        try {
            if (source.read() >= 0) {
                throw new IOException("the request body is longer than its declared length of " + length + " bytes");
            }
        } catch (IOException e) {
            if (failure == null) {
                failure = e;
            }
            throw e;
        }
    }

    private IOException tooShort() {
        return new IOException("the request body ended after " + delivered + " of its declared " + length + " bytes");
    }

    @Override
    public void close() throws IOException {
        source.close();
    }
}
