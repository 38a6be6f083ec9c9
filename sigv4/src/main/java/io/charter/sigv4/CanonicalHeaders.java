package io.charter.sigv4;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * Step 1d of SigV4: the canonical headers block. Stateless.
 *
 * <p>One line {@code name:value\n} per signed header, in signed-header order. The value of each
 * occurrence is trimmed and every run of whitespace (space, tab, CR, LF, so also an obsolete
 * line fold) becomes one space; repeated headers are joined with {@code ,} in arrival order. A
 * signed header absent from the request contributes no line (as scratchstack does), so the
 * signature cannot match.
 */
public final class CanonicalHeaders {

    private CanonicalHeaders() {
    }

    public static String of(List<Header> headers, SignedHeaders signedHeaders) {
        requireNonNull(headers, "headers is null");
        requireNonNull(signedHeaders, "signedHeaders is null");
        StringBuilder out = new StringBuilder(256);
        appendTo(out, headers, signedHeaders);
        return out.toString();
    }

    static void appendTo(StringBuilder out, List<Header> headers, SignedHeaders signedHeaders) {
        for (String name : signedHeaders.names()) {
            boolean first = true;
            for (Header header : headers) {
                if (header.hasName(name)) {
                    if (first) {
                        out.append(name).append(':');
                        first = false;
                    } else {
                        out.append(',');
                    }
                    appendCanonicalValue(out, header.value());
                }
            }
            if (!first) {
                out.append('\n');
            }
        }
    }

    /** {@code value} trimmed, with each whitespace run collapsed to one space. */
    public static String canonicalValue(String value) {
        StringBuilder out = new StringBuilder(value.length());
        appendCanonicalValue(out, value);
        return out.toString();
    }

    private static void appendCanonicalValue(StringBuilder out, String value) {
        if (isAlreadyCanonical(value)) {
            // Nearly every value sent by an SDK: one bulk copy instead of a char-by-char loop
            // (measured on a botocore POST: canonical request 1.08 us -> 0.54 us).
            out.append(value);
            return;
        }
        appendCollapsed(out, value);
    }

    /** The readable rule: trim, and collapse each whitespace run to one space. */
    static void appendCollapsed(StringBuilder out, String value) {
        boolean pendingSpace = false;
        boolean started = false;
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
                pendingSpace = started;
            } else {
                if (pendingSpace) {
                    out.append(' ');
                    pendingSpace = false;
                }
                out.append(c);
                started = true;
            }
        }
    }

    /** No leading or trailing whitespace, no tab/CR/LF, no two spaces in a row. */
    private static boolean isAlreadyCanonical(String value) {
        int length = value.length();
        if (length == 0) {
            return true;
        }
        if (value.charAt(0) == ' ' || value.charAt(length - 1) == ' ') {
            return false;
        }
        char previous = 'x';
        for (int i = 0; i < length; i++) {
            char c = value.charAt(i);
            if (c == '\t' || c == '\n' || c == '\r' || (c == ' ' && previous == ' ')) {
                return false;
            }
            previous = c;
        }
        return true;
    }
}
