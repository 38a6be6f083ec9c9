package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.Optional;
import java.util.zip.CRC32;
import java.util.zip.CRC32C;
import java.util.zip.Checksum;

/**
 * The checksums S3 accepts in {@code x-amz-checksum-*} headers and {@code aws-chunked} trailers.
 * The value on the wire is the base64 of the checksum's big-endian bytes.
 */
public enum ChecksumAlgorithm {
    CRC32("crc32", "CRC32"),
    CRC32C("crc32c", "CRC32C"),
    CRC64NVME("crc64nvme", "CRC64NVME"),
    // S3 was seen answering "The sha256 you specified ..." in lower case (apache/arrow-rs-object-store#709).
    SHA1("sha1", "sha1"),
    SHA256("sha256", "sha256");

    private static final String HEADER_PREFIX = "x-amz-checksum-";

    private final String headerName;
    private final String nameInMessage;

    ChecksumAlgorithm(String suffix, String nameInMessage) {
        this.headerName = HEADER_PREFIX + suffix;
        this.nameInMessage = nameInMessage;
    }

    /** The header (or trailer) that carries this checksum, e.g. {@code x-amz-checksum-crc32}. */
    public String headerName() {
        return headerName;
    }

    /** The algorithm named by a header such as {@code x-amz-checksum-crc32} (any case), if S3 knows it. */
    public static Optional<ChecksumAlgorithm> ofHeaderName(String name) {
        requireNonNull(name, "name is null");
        String lower = name.strip().toLowerCase(Locale.ROOT);
        for (ChecksumAlgorithm algorithm : values()) {
            if (algorithm.headerName.equals(lower)) {
                return Optional.of(algorithm);
            }
        }
        return Optional.empty();
    }

    /** S3's {@code BadDigest} message for this algorithm. */
    String mismatchMessage() {
        return "The " + nameInMessage + " you specified did not match the calculated checksum.";
    }

    /** A fresh running checksum; owned by one stream (public for a body re-checked on its way on). */
    public RunningChecksum start() {
        return switch (this) {
            case CRC32 -> new RunningChecksum.OfChecksum(new CRC32(), 4);
            case CRC32C -> new RunningChecksum.OfChecksum(new CRC32C(), 4);
            case CRC64NVME -> new RunningChecksum.OfChecksum(new Crc64Nvme(), 8);
            case SHA1 -> new RunningChecksum.OfDigest(digest("SHA-1"));
            case SHA256 -> new RunningChecksum.OfDigest(Sha256.owned());
        };
    }

    private static MessageDigest digest(String name) {
        try {
            return MessageDigest.getInstance(name);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform provides " + name, e);
        }
    }

    /** A checksum over bytes fed in pieces. Not thread-safe: one per stream. */
    public interface RunningChecksum {
        void update(byte[] bytes, int offset, int length);

        /** The checksum's bytes, big-endian for the CRCs. */
        byte[] finish();

        /** A {@link Checksum} whose value is {@code width} bytes wide. */
        record OfChecksum(Checksum checksum, int width) implements RunningChecksum {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                checksum.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                long value = checksum.getValue();
                byte[] out = new byte[width];
                for (int i = width - 1; i >= 0; i--) {
                    out[i] = (byte) value;
                    value >>>= 8;
                }
                return out;
            }
        }

        /** A message digest. */
        record OfDigest(MessageDigest digest) implements RunningChecksum {
            @Override
            public void update(byte[] bytes, int offset, int length) {
                digest.update(bytes, offset, length);
            }

            @Override
            public byte[] finish() {
                return digest.digest();
            }
        }
    }
}
