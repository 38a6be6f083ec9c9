package io.charter.server.s3;

/**
 * IAM's wildcards ({@code *} any run of characters, {@code ?} one character) matched by a linear
 * two-pointer scan, never a regular expression. Stateless and thread-safe.
 */
final class Wildcards {
    private Wildcards() {}

    /** Whether {@code text} matches {@code pattern}, case-sensitively. */
    static boolean matches(String pattern, String text) {
        int p = 0;
        int t = 0;
        int star = -1;
        int mark = 0;
        while (t < text.length()) {
            if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == text.charAt(t))) {
                p++;
                t++;
            } else if (p < pattern.length() && pattern.charAt(p) == '*') {
                star = p++;
                mark = t;
            } else if (star >= 0) {
                p = star + 1;
                t = ++mark;
            } else {
                return false;
            }
        }
        while (p < pattern.length() && pattern.charAt(p) == '*') {
            p++;
        }
        return p == pattern.length();
    }
}
