package io.charter.sigv4;

/** Lower-case hex by table lookup (no {@code String.format}, no {@code HexFormat} dispatch). Stateless. */
final class Hex {

    private static final char[] DIGITS = "0123456789abcdef".toCharArray();

    private Hex() {
    }

    static String encode(byte[] bytes) {
        char[] out = new char[bytes.length * 2];
        for (int i = 0; i < bytes.length; i++) {
            int b = bytes[i] & 0xff;
            out[2 * i] = DIGITS[b >>> 4];
            out[2 * i + 1] = DIGITS[b & 0x0f];
        }
        return new String(out);
    }

    /**
     * Decodes exactly {@code expectedLength} bytes of lower-case hex (what AWS signatures are);
     * {@code null} if {@code hex} has another length or any other character.
     */
    static byte[] decodeLowerCase(String hex, int expectedLength) {
        if (hex.length() != expectedLength * 2) {
            return null;
        }
        byte[] out = new byte[expectedLength];
        for (int i = 0; i < expectedLength; i++) {
            int high = lowerCaseDigit(hex.charAt(2 * i));
            int low = lowerCaseDigit(hex.charAt(2 * i + 1));
            if ((high | low) < 0) {
                return null;
            }
            out[i] = (byte) ((high << 4) | low);
        }
        return out;
    }

    private static int lowerCaseDigit(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return -1;
    }

    /** Value of a hex digit in either case, or -1. */
    static int anyCaseDigit(char c) {
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return lowerCaseDigit(c);
    }
}
