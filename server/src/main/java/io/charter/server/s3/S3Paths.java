package io.charter.server.s3;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The path of a forwarded S3 request, in the one spelling the backend and its signature agree on.
 *
 * <p>S3 signs the object key, URI-encoded once ({@code /} kept), not the client's spelling of it; but S3Proxy
 * computes its canonical URI from the path exactly as it arrives. The two agree only when the path on the wire is
 * already that canonical encoding, so the path is decoded (the key, as S3 reads it) and encoded once again the
 * canonical way: {@code caf%c3%a9}, {@code caf%C3%A9} and a raw {@code café} all become {@code caf%C3%A9}, {@code +}
 * becomes {@code %2B} (in a path it is a plus, not a space). The key itself never changes: no segment is normalised,
 * nothing is encoded twice. Stateless.
 */
final class S3Paths {

    private static final char[] UPPER_HEX = "0123456789ABCDEF".toCharArray();

    private S3Paths() {
    }

    /**
     * What the path means: its {@code %XX} escapes decoded as UTF-8, {@code +} left a plus. A {@code %} not followed
     * by two hex digits stands for itself.
     *
     * @throws IllegalArgumentException if the decoded bytes are not UTF-8 (S3 keys are)
     */
    static String decode(String rawPath) {
        if (rawPath.indexOf('%') < 0) {
            return rawPath;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(rawPath.length());
        int i = 0;
        while (i < rawPath.length()) {
            if (rawPath.charAt(i) == '%' && i + 2 < rawPath.length() && hex(rawPath.charAt(i + 1)) >= 0
                    && hex(rawPath.charAt(i + 2)) >= 0) {
                bytes.write(hex(rawPath.charAt(i + 1)) << 4 | hex(rawPath.charAt(i + 2)));
                i += 3;
            } else {
                int end = rawPath.indexOf('%', i + 1);
                end = end < 0 ? rawPath.length() : end;
                bytes.writeBytes(rawPath.substring(i, end).getBytes(StandardCharsets.UTF_8));
                i = end;
            }
        }
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes.toByteArray()))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("the path's escapes are not UTF-8: " + rawPath, e);
        }
    }

    /** {@code path} (decoded) encoded once as S3 signs it: every UTF-8 byte escaped but the unreserved and {@code /}. */
    static String encode(String path) {
        StringBuilder out = new StringBuilder(path.length() + 16);
        for (byte b : path.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_'
                    || c == '.' || c == '~' || c == '/') {
                out.append((char) c);
            } else {
                out.append('%').append(UPPER_HEX[c >>> 4]).append(UPPER_HEX[c & 0x0f]);
            }
        }
        return out.toString();
    }

    private static int hex(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        if (c >= 'A' && c <= 'F') {
            return c - 'A' + 10;
        }
        return -1;
    }
}
