package io.charter.server.s3;

import java.util.Base64;
import java.util.HexFormat;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * S3's request ids ({@code x-amz-request-id}: 16 upper-case hex digits, unique in this process)
 * and host ids ({@code x-amz-id-2}: an opaque base64 token). Thread-safe.
 */
final class S3RequestIds {
    private static final AtomicLong NEXT = new AtomicLong(ThreadLocalRandom.current().nextLong());
    private static final HexFormat HEX = HexFormat.of().withUpperCase();

    private S3RequestIds() {
    }

    static String next() {
        return HEX.toHexDigits(NEXT.getAndIncrement());
    }

    static String hostId() {
        byte[] token = new byte[48];
        ThreadLocalRandom.current().nextBytes(token);
        return Base64.getEncoder().encodeToString(token);
    }
}
