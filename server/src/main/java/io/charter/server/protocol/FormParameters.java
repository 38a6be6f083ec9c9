package io.charter.server.protocol;

import io.charter.server.error.ServiceException;
import io.charter.server.error.AwsErrorCode;
import static java.util.Objects.requireNonNull;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The parameters of one AWS Query request: an {@code application/x-www-form-urlencoded} body or
 * a GET query string, decoded strictly.
 *
 * <ul>
 *   <li>{@code +} is a space; {@code %XX} is one byte; the decoded bytes of each name and value
 *       must be UTF-8.
 *   <li>A {@code %} not followed by two hex digits, or bytes that are not UTF-8, fail with
 *       {@link AwsErrorCode#MALFORMED_QUERY_STRING} (400, see the constant for why not 404).
 *   <li>A name given twice fails with {@link AwsErrorCode#MALFORMED_QUERY_STRING}: every AWS
 *       SDK sends each name once, and silently picking one of two values (say two
 *       {@code RoleArn}s, one seen by a proxy's policy and the other by the server) is how
 *       parameter-pollution bugs start.
 *   <li>Empty pairs ({@code a=1&&b=2}, a trailing {@code &}) are skipped; a pair without
 *       {@code =} is a name with an empty value; a pair with an empty name is ignored.
 * </ul>
 *
 * <p>Immutable and thread-safe. Parameter order is kept.
 */
public final class FormParameters {
    private final Map<String, String> values;

    private FormParameters(Map<String, String> values) {
        this.values = Collections.unmodifiableMap(values);
    }

    /** Parses a form-encoded request body (its bytes, as received). */
    public static FormParameters parseForm(byte[] body) {
        requireNonNull(body, "body is null");
        return parse(body);
    }

    /** Parses the raw (still percent-encoded) query string of a URL, without the {@code ?}. */
    public static FormParameters parseQuery(String rawQuery) {
        requireNonNull(rawQuery, "rawQuery is null");
        return parse(rawQuery.getBytes(StandardCharsets.UTF_8));
    }

    /** Parameters built directly (already decoded), for tests and internal callers. */
    public static FormParameters of(Map<String, String> values) {
        return new FormParameters(new LinkedHashMap<>(values));
    }

    /** The value of {@code name}, if present (names are unique, so this is its only value). */
    public Optional<String> first(String name) {
        return Optional.ofNullable(values.get(name));
    }

    /** All parameter names, in request order. */
    public Set<String> names() {
        return values.keySet();
    }

    /** All parameters, in request order (unmodifiable). */
    public Map<String, String> asMap() {
        return values;
    }

    public int size() {
        return values.size();
    }

    @Override
    public String toString() {
        return "QueryParameters" + values.keySet();
    }

    private static FormParameters parse(byte[] bytes) {
        Map<String, String> values = new LinkedHashMap<>();
        CharsetDecoder utf8 = null;
        int start = 0;
        int length = bytes.length;
        while (start <= length) {
            int end = indexOf(bytes, (byte) '&', start, length);
            if (end > start) {
                int eq = indexOf(bytes, (byte) '=', start, end);
                if (utf8 == null) {
                    utf8 = StandardCharsets.UTF_8.newDecoder()
                            .onMalformedInput(CodingErrorAction.REPORT)
                            .onUnmappableCharacter(CodingErrorAction.REPORT);
                }
                String name = decode(bytes, start, eq, utf8);
                String value = eq < end ? decode(bytes, eq + 1, end, utf8) : "";
                if (!name.isEmpty() && values.putIfAbsent(name, value) != null) {
                    throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                            "The parameter '" + name + "' appears more than once in the request");
                }
            }
            start = end + 1;
        }
        return new FormParameters(values);
    }

    private static int indexOf(byte[] bytes, byte b, int from, int to) {
        for (int i = from; i < to; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        return to;
    }

    private static String decode(byte[] bytes, int from, int to, CharsetDecoder utf8) {
        boolean plain = true;
        for (int i = from; i < to && plain; i++) {
            byte b = bytes[i];
            plain = b != '%' && b != '+' && b >= 0;
        }
        if (plain) {
            // Measured case: most names and many values are plain ASCII; skip the decoder.
            return new String(bytes, from, to - from, StandardCharsets.ISO_8859_1);
        }
        byte[] out = new byte[to - from];
        int n = 0;
        for (int i = from; i < to; i++) {
            byte b = bytes[i];
            if (b == '+') {
                out[n++] = ' ';
            } else if (b == '%') {
                int hi = i + 2 < to ? hexDigit(bytes[i + 1]) : -1;
                int lo = hi >= 0 ? hexDigit(bytes[i + 2]) : -1;
                if (lo < 0) {
                    String bad = new String(bytes, i, Math.min(3, to - i), StandardCharsets.ISO_8859_1);
                    throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                            "The query string contains an invalid percent-encoding: '" + printable(bad) + "'");
                }
                out[n++] = (byte) (hi << 4 | lo);
                i += 2;
            } else {
                out[n++] = b;
            }
        }
        try {
            CharBuffer chars = utf8.reset().decode(ByteBuffer.wrap(out, 0, n));
            return chars.toString();
        } catch (CharacterCodingException e) {
            throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                    "The query string is not valid UTF-8 after percent-decoding");
        }
    }

    private static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            sb.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return sb.toString();
    }

    private static int hexDigit(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        if (b >= 'a' && b <= 'f') {
            return b - 'a' + 10;
        }
        if (b >= 'A' && b <= 'F') {
            return b - 'A' + 10;
        }
        return -1;
    }
}
