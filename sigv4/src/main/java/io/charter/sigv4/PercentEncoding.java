package io.charter.sigv4;

import java.nio.charset.StandardCharsets;

/**
 * RFC 3986 percent-encoding as SigV4 uses it: the unreserved set {@code A-Z a-z 0-9 - _ . ~} is
 * kept, every other UTF-8 byte becomes {@code %XX} with upper-case hex. Stateless.
 */
final class PercentEncoding {

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    static final String INCOMPLETE_TRAILING_ESCAPE = "Incomplete trailing escape % sequence";
    static final String ILLEGAL_HEX_CHARACTER = "Illegal hex character in escape % pattern: %";

    private PercentEncoding() {
    }

    static boolean isUnreserved(int c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                || c == '-' || c == '_' || c == '.' || c == '~';
    }

    /** Appends {@code text} encoded; {@code keepSlash} leaves {@code /} as is (for paths). */
    static void appendEncoded(StringBuilder out, String text, boolean keepSlash) {
        int length = text.length();
        int i = 0;
        while (i < length) {
            char c = text.charAt(i);
            if (c < 0x80) {
                if (isUnreserved(c) || (keepSlash && c == '/')) {
                    out.append(c);
                } else {
                    appendEscape(out, c);
                }
                i++;
            } else {
                int end = i + 1;
                while (end < length && text.charAt(end) >= 0x80) {
                    end++;
                }
                for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, b & 0xff);
                }
                i = end;
            }
        }
    }

    /** {@code text} encoded, {@code /} included. */
    static String encode(String text) {
        if (isAllUnreserved(text, 0, text.length())) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length() + 16);
        appendEncoded(out, text, false);
        return out.toString();
    }

    /**
     * Appends the canonical form of one raw query key or value ({@code raw[from, to)}): escapes
     * are decoded, {@code +} is a space, and the resulting bytes are encoded again. An escape that
     * is not {@code %} plus two hex digits is taken literally (the parser rejects those first).
     */
    static void appendCanonicalQueryElement(StringBuilder out, String raw, int from, int to) {
        int i = from;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == '%' && isEscape(raw, i, to)) {
                appendByte(out, (Hex.anyCaseDigit(raw.charAt(i + 1)) << 4) | Hex.anyCaseDigit(raw.charAt(i + 2)));
                i += 3;
            } else if (c == '+') {
                out.append("%20");
                i++;
            } else if (c < 0x80) {
                appendByte(out, c);
                i++;
            } else {
                int end = i + 1;
                while (end < to && raw.charAt(end) >= 0x80) {
                    end++;
                }
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    appendEscape(out, b & 0xff);
                }
                i = end;
            }
        }
    }

    /**
     * The decoded text of a raw path, as S3 reads it: every valid escape decoded as UTF-8, a
     * {@code +} left a plus, a {@code %} that starts no escape left as it is.
     */
    static String decodePath(String raw) {
        if (raw.indexOf('%') < 0) {
            return raw;
        }
        String plusKept = raw.replace("+", "%2B");
        return decodeQueryElement(plusKept, 0, plusKept.length());
    }

    /** The decoded text of one raw query key or value, with the rules of {@link #appendCanonicalQueryElement}. */
    static String decodeQueryElement(String raw, int from, int to) {
        boolean plain = true;
        for (int i = from; i < to; i++) {
            char c = raw.charAt(i);
            if (c == '%' || c == '+' || c >= 0x80) {
                plain = false;
                break;
            }
        }
        if (plain) {
            return raw.substring(from, to);
        }
        byte[] bytes = new byte[(to - from) * 3];
        int n = 0;
        int i = from;
        while (i < to) {
            char c = raw.charAt(i);
            if (c == '%' && isEscape(raw, i, to)) {
                bytes[n++] = (byte) ((Hex.anyCaseDigit(raw.charAt(i + 1)) << 4) | Hex.anyCaseDigit(raw.charAt(i + 2)));
                i += 3;
            } else if (c == '+') {
                bytes[n++] = ' ';
                i++;
            } else if (c < 0x80) {
                bytes[n++] = (byte) c;
                i++;
            } else {
                int end = i + 1;
                while (end < to && raw.charAt(end) >= 0x80) {
                    end++;
                }
                for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                    bytes[n++] = b;
                }
                i = end;
            }
        }
        return new String(bytes, 0, n, StandardCharsets.UTF_8);
    }

    /**
     * The first malformed escape in {@code rawQuery} as AWS words it, or {@code null} if every
     * {@code %} is followed by two hex digits.
     */
    static String malformedEscape(String rawQuery) {
        int at = rawQuery.indexOf('%');
        while (at >= 0) {
            if (at + 2 >= rawQuery.length()) {
                return INCOMPLETE_TRAILING_ESCAPE;
            }
            if (!isEscape(rawQuery, at, rawQuery.length())) {
                return ILLEGAL_HEX_CHARACTER + rawQuery.charAt(at + 1) + rawQuery.charAt(at + 2);
            }
            at = rawQuery.indexOf('%', at + 3);
        }
        return null;
    }

    private static boolean isEscape(String raw, int percentAt, int to) {
        return percentAt + 2 < to
                && Hex.anyCaseDigit(raw.charAt(percentAt + 1)) >= 0
                && Hex.anyCaseDigit(raw.charAt(percentAt + 2)) >= 0;
    }

    private static boolean isAllUnreserved(String text, int from, int to) {
        for (int i = from; i < to; i++) {
            if (!isUnreserved(text.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static void appendByte(StringBuilder out, int b) {
        if (isUnreserved(b)) {
            out.append((char) b);
        } else {
            appendEscape(out, b);
        }
    }

    private static void appendEscape(StringBuilder out, int b) {
        out.append('%').append(UPPER_HEX[b >>> 4]).append(UPPER_HEX[b & 0x0f]);
    }
}
