package io.charter.sigv4;

import java.io.InputStream;

/** {@code length} deterministic, varied bytes, produced on demand without allocating: bodies of any size. */
final class PatternStream extends InputStream {

    private final long length;
    private long position;

    PatternStream(long length) {
        this.length = length;
    }

    /** The first {@code length} bytes of the pattern, as an array. */
    static byte[] bytes(int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            out[i] = at(i);
        }
        return out;
    }

    static byte at(long index) {
        long x = index * 0x9E3779B97F4A7C15L;
        return (byte) (x >>> 56 ^ index);
    }

    @Override
    public int read() {
        return position < length ? at(position++) & 0xff : -1;
    }

    @Override
    public int read(byte[] into, int offset, int count) {
        if (count == 0) {
            return 0;
        }
        if (position == length) {
            return -1;
        }
        int n = (int) Math.min(count, length - position);
        for (int i = 0; i < n; i++) {
            into[offset + i] = at(position + i);
        }
        position += n;
        return n;
    }
}
