package io.charter.server.s3;

import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.SplittableRandom;

/** A body of {@code size} pseudo-random bytes made as they are read (never held whole), hashed on the way. */
final class GeneratedBody extends InputStream {

    private final SplittableRandom random;
    private final MessageDigest digest;
    private final byte[] block = new byte[8192];
    private long remaining;

    GeneratedBody(long size, long seed) {
        this.remaining = size;
        this.random = new SplittableRandom(seed);
        try {
            this.digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public int read() {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) {
        if (remaining == 0) {
            return -1;
        }
        int n = (int) Math.min(Math.min(length, remaining), block.length);
        random.nextBytes(block);
        System.arraycopy(block, 0, buffer, offset, n);
        digest.update(buffer, offset, n);
        remaining -= n;
        return n;
    }

    /** The SHA-256 of what was read, once all of it was. */
    String sha256Hex() {
        if (remaining != 0) {
            throw new IllegalStateException(remaining + " bytes not read yet");
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
