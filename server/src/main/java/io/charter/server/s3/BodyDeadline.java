package io.charter.server.s3;

import static java.util.Objects.requireNonNull;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The deadline of one S3 request's body, as the HTTP layer keeps it: each read pushes it on, so it
 * measures a client that stalls, not the length of an upload; once the body was read whole (or
 * there is none) it stops, since the time the store then takes (a large copy) is not the client's.
 *
 * @param progressed what to call as the body streams on (from any thread)
 * @param ended what to call once the body was read whole, or at once when there is none
 */
public record BodyDeadline(Runnable progressed, Runnable ended) {
    public BodyDeadline {
        requireNonNull(progressed, "progressed is null");
        requireNonNull(ended, "ended is null");
    }

    /** {@code body}, ending this deadline when it reaches its end. */
    InputStream endingAt(InputStream body) {
        return new FilterInputStream(body) {
            @Override
            public int read() throws IOException {
                int b = super.read();
                if (b < 0) {
                    ended.run();
                }
                return b;
            }

            @Override
            public int read(byte[] buffer, int offset, int length) throws IOException {
                int n = super.read(buffer, offset, length);
                if (n < 0) {
                    ended.run();
                }
                return n;
            }
        };
    }
}
