package io.charter.sigv4;

import static java.util.Objects.checkFromIndexSize;
import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;

/**
 * A decoded body that holds back its last byte until the whole body has verified: a reader that
 * copies the body to a store with an exact {@code Content-Length} can never complete an object
 * whose verification fails, because the failure is thrown in place of that last byte.
 *
 * <p>Subclasses decode in bulk ({@link #decode}); this class keeps the one withheld byte. A
 * failure is remembered and thrown again on every later read.
 *
 * <p>Not thread-safe, as streams are not.
 */
abstract class WithholdingStream extends InputStream {

    private final InputStream raw;
    private final byte[] single = new byte[1];
    private final byte[] one = new byte[1];
    private boolean holding;
    private byte held;
    private boolean verified;
    private PayloadException failure;

    WithholdingStream(InputStream raw) {
        this.raw = requireNonNull(raw, "raw is null");
    }

    /**
     * Decodes up to {@code length} (at least 1) body bytes into {@code into}; blocks until it has at
     * least one, or returns -1 once the body has ended and verified.
     *
     * @throws PayloadException when the body fails verification
     */
    abstract int decode(byte[] into, int offset, int length) throws IOException;

    final InputStream raw() {
        return raw;
    }

    @Override
    public final int read() throws IOException {
        // Not the scratch byte readWithholding decodes into, which would overwrite the result.
        int n = read(single, 0, 1);
        return n < 0 ? -1 : single[0] & 0xff;
    }

    @Override
    public final int read(byte[] into, int offset, int length) throws IOException {
        checkFromIndexSize(offset, length, into.length);
        if (length == 0) {
            return 0;
        }
        if (failure != null) {
            throw failure;
        }
        try {
            return readWithholding(into, offset, length);
        } catch (PayloadException e) {
            failure = e;
            throw e;
        }
    }

    private int readWithholding(byte[] into, int offset, int length) throws IOException {
        if (verified) {
            if (holding) {
                holding = false;
                into[offset] = held;
                return 1;
            }
            return -1;
        }
        if (!holding) {
            int n = decodeSome(into, offset, length);
            if (n < 0) {
                verified = true;
                return -1;
            }
            // Keep the newest byte back; with n == 1 there is nothing to give yet, so decode on.
            held = into[offset + n - 1];
            holding = true;
            return n > 1 ? n - 1 : readWithholding(into, offset, length);
        }
        if (length == 1) {
            int n = decodeSome(one, 0, 1);
            into[offset] = held;
            if (n < 0) {
                holding = false;
                verified = true;
            } else {
                held = one[0];
            }
            return 1;
        }
        int n = decodeSome(into, offset + 1, length - 1);
        into[offset] = held;
        if (n < 0) {
            holding = false;
            verified = true;
            return 1;
        }
        held = into[offset + n];
        return n;
    }

    private int decodeSome(byte[] into, int offset, int length) throws IOException {
        int n = decode(into, offset, length);
        while (n == 0) {
            n = decode(into, offset, length);
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        raw.close();
    }
}
