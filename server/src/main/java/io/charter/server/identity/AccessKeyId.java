package io.charter.server.identity;

import static java.util.Objects.requireNonNull;

import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * An access key id: 20 characters, a 4-character prefix ({@code AKIA} long-term, {@code ASIA}
 * temporary, {@code ACCA} an instance's own) and 16 base32 characters. Like AWS's current keys, the 16 characters encode 10 bytes
 * whose first 48 bits hold the account id in bits 7..46, so the account can be recovered from the
 * key id alone (§4 of the reference); the other 41 bits are random. The top bit is set, so the
 * fifth character is never {@code I} or {@code J} (AWS's older, non-encoding format).
 */
public record AccessKeyId(String value) {
    static final String BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

    public AccessKeyId {
        requireNonNull(value, "value is null");
    }

    /** Whether a key id is long-term ({@code AKIA}) or temporary ({@code ASIA}). */
    public enum Kind {
        LONG_TERM("AKIA"),
        TEMPORARY("ASIA"),
        /**
         * A registered instance's own credential: AWS's prefix for context-specific credentials,
         * which can do nothing but fetch the credentials of the role attached to the instance.
         */
        INSTANCE("ACCA");

        private final String prefix;

        Kind(String prefix) {
            this.prefix = prefix;
        }

        public String prefix() {
            return prefix;
        }
    }

    public static AccessKeyId mint(Kind kind, String accountId, RandomGenerator random) {
        long account = Long.parseLong(accountId);
        long high = (1L << 47) | (account << 7) | (random.nextInt() & 0x7f);
        byte[] bytes = new byte[10];
        for (int i = 0; i < 6; i++) {
            bytes[i] = (byte) (high >>> (40 - 8 * i));
        }
        int tail = random.nextInt();
        for (int i = 0; i < 4; i++) {
            bytes[6 + i] = (byte) (tail >>> (24 - 8 * i));
        }
        return new AccessKeyId(kind.prefix() + base32(bytes));
    }

    /** The account encoded in this key id, if it follows the encoding scheme. */
    public Optional<String> accountId() {
        if (value.length() != 20) {
            return Optional.empty();
        }
        long bits = 0;
        for (int i = 4; i < 14; i++) { // 10 characters = 50 bits cover the first 48 bits
            int index = BASE32.indexOf(value.charAt(i));
            if (index < 0) {
                return Optional.empty();
            }
            bits = (bits << 5) | index;
        }
        long high = bits >>> 2;
        long account = (high & 0x7fffffffff80L) >>> 7;
        return account <= 999_999_999_999L
                ? Optional.of(String.format("%012d", account))
                : Optional.empty();
    }

    public Kind kind() {
        if (value.startsWith(Kind.TEMPORARY.prefix())) {
            return Kind.TEMPORARY;
        }
        return value.startsWith(Kind.INSTANCE.prefix()) ? Kind.INSTANCE : Kind.LONG_TERM;
    }

    static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder((bytes.length * 8 + 4) / 5);
        int buffer = 0;
        int bits = 0;
        for (byte b : bytes) {
            buffer = (buffer << 8) | (b & 0xff);
            bits += 8;
            while (bits >= 5) {
                out.append(BASE32.charAt((buffer >>> (bits - 5)) & 31));
                bits -= 5;
            }
        }
        if (bits > 0) {
            out.append(BASE32.charAt((buffer << (5 - bits)) & 31));
        }
        return out.toString();
    }

    @Override
    public String toString() {
        return value;
    }
}
