package io.charter.policy;

/**
 * A compiled wildcard pattern: {@code *} matches any run of characters (including none), {@code ?}
 * exactly one character (one UTF-16 unit). Matching is the two-pointer algorithm with one
 * backtrack point (the last {@code *}), never a regex: no input can make it backtrack
 * exponentially, and its steps (at worst pattern length times text length) are paid from the
 * evaluation's work budget ({@link Trace}), which ends a hostile match early. Case-sensitive; callers fold case first where AWS compares without case.
 * Immutable and thread-safe.
 */
final class Glob {
    static final int STAR = -1;
    static final int ONE = -2;

    private static final int ANY = 0;
    private static final int EXACT = 1;
    private static final int PREFIX = 2;
    private static final int GENERAL = 3;

    static final Glob MATCH_ALL = new Glob(new int[] {STAR});

    private final int[] tokens;
    private final int kind;
    /** For EXACT the whole literal, for PREFIX the part before the trailing star. */
    private final String literal;

    /** Tokens: a char value (>= 0) matches itself; {@link #STAR} and {@link #ONE} are wildcards. */
    Glob(int[] tokens) {
        this.tokens = tokens;
        int stars = 0;
        int ones = 0;
        for (int t : tokens) {
            if (t == STAR) {
                stars++;
            } else if (t == ONE) {
                ones++;
            }
        }
        if (tokens.length > 0 && stars == tokens.length) {
            kind = ANY;
            literal = "";
        } else if (stars == 0 && ones == 0) {
            kind = EXACT;
            literal = text(tokens, tokens.length);
        } else if (stars == 1 && ones == 0 && tokens[tokens.length - 1] == STAR) {
            kind = PREFIX;
            literal = text(tokens, tokens.length - 1);
        } else {
            kind = GENERAL;
            literal = null;
        }
    }

    /** A pattern where every {@code *} and {@code ?} is a wildcard. */
    static Glob wildcard(String pattern) {
        int[] t = new int[pattern.length()];
        for (int i = 0; i < t.length; i++) {
            char c = pattern.charAt(i);
            t[i] = c == '*' ? STAR : c == '?' ? ONE : c;
        }
        return new Glob(t);
    }

    /** A pattern that matches exactly this text. */
    static Glob literal(String text) {
        int[] t = new int[text.length()];
        for (int i = 0; i < t.length; i++) {
            t[i] = text.charAt(i);
        }
        return new Glob(t);
    }

    private static String text(int[] tokens, int n) {
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            c[i] = (char) tokens[i];
        }
        return new String(c);
    }

    /** Whether there are no wildcards (the pattern is one literal string). */
    boolean isLiteral() {
        return kind == EXACT;
    }

    /** The literal text when {@link #isLiteral()}. */
    String literalText() {
        return literal;
    }

    boolean matchesAll() {
        return kind == ANY;
    }

    /** Whether the pattern matches {@code s} entirely; for validation, where no request pays for it. */
    boolean matches(String s) {
        return matches(s, 0, s.length(), new Trace(false, Long.MAX_VALUE));
    }

    boolean matches(String s, Trace work) {
        return matches(s, 0, s.length(), work);
    }

    /**
     * Whether the pattern matches {@code s[from, to)} entirely, spending one step of {@code work}
     * plus one per character a wildcard match visits; false once the work budget is spent.
     */
    boolean matches(String s, int from, int to, Trace work) {
        if (!work.spend(1)) {
            return false;
        }
        return switch (kind) {
            case ANY -> true;
            case EXACT -> to - from == literal.length() && s.startsWith(literal, from);
            case PREFIX -> to - from >= literal.length() && s.startsWith(literal, from);
            default -> general(tokens, s, from, to, work);
        };
    }

    private static boolean general(int[] p, String s, int from, int to, Trace work) {
        int pi = 0;
        int si = from;
        int starP = -1;
        int starS = -1;
        int n = p.length;
        long left = work.remaining();
        long steps = 0;
        while (si < to) {
            if (++steps > left) {
                work.spend(steps);
                return false;
            }
            if (pi < n) {
                int t = p[pi];
                if (t == STAR) {
                    starP = pi++;
                    starS = si;
                    continue;
                }
                if (t == ONE || t == s.charAt(si)) {
                    pi++;
                    si++;
                    continue;
                }
            }
            if (starP < 0) {
                return false;
            }
            pi = starP + 1;
            si = ++starS;
        }
        work.spend(steps);
        while (pi < n && p[pi] == STAR) {
            pi++;
        }
        return pi == n;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (int t : tokens) {
            b.append(t == STAR ? "*" : t == ONE ? "?" : String.valueOf((char) t));
        }
        return b.toString();
    }
}
