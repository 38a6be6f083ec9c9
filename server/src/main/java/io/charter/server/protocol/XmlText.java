package io.charter.server.protocol;

/**
 * XML 1.0 text escaping for element content and attribute values. Characters that XML 1.0 cannot
 * carry at all (C0 controls other than tab/LF/CR, U+FFFE/U+FFFF, unpaired surrogates) become
 * U+FFFD so that a hostile value echoed in a message never breaks the document; CR is written as
 * the character reference <code>&amp;#13;</code> so it survives XML end-of-line normalisation.
 */
final class XmlText {
    private XmlText() {}

    static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 16);
        append(sb, s);
        return sb.toString();
    }

    static void append(StringBuilder sb, String s) {
        int n = s.length();
        int i = 0;
        // Fast path: copy the longest prefix that needs no escaping in one call.
        while (i < n && plain(s.charAt(i))) {
            i++;
        }
        sb.append(s, 0, i);
        for (; i < n; i++) {
            char c = s.charAt(i);
            if (plain(c)) {
                sb.append(c);
                continue;
            }
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&apos;");
                case '\r' -> sb.append("&#13;");
                case '\t', '\n' -> sb.append(c);
                default -> {
                    if (Character.isHighSurrogate(c) && i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                        sb.append(c).append(s.charAt(++i));
                    } else if (c >= 0x20 && !Character.isSurrogate(c) && c != 0xFFFE && c != 0xFFFF) {
                        sb.append(c);
                    } else {
                        sb.append('\uFFFD');
                    }
                }
            }
        }
    }

    private static boolean plain(char c) {
        return c >= 0x20 && c < 0xD800 && c != '&' && c != '<' && c != '>' && c != '"' && c != '\'';
    }
}
