package io.charter.policy;

/**
 * A resource or ARN-condition pattern, matched as AWS does: the first five colon-separated
 * segments ({@code arn}, partition, service, region, account) one by one, so a wildcard never
 * spans a {@code :} between them, and the resource part (everything after the fifth colon) as one
 * pattern in which {@code *} spans {@code /} and {@code :}. Policy variables are honoured in the
 * resource part only. A pattern that is not ARN-shaped (fewer than five colons) is matched against
 * the whole value; {@code *} alone matches everything. Immutable and thread-safe.
 */
final class ArnPattern {
    private final String text;
    private final boolean any;
    private final Glob[] segments; // 5 globs, or null when the pattern is not ARN-shaped
    private final Template rest; // resource part, or the whole text when not ARN-shaped
    /**
     * When the five segments hold no wildcard (the usual case), the text up to and including the
     * fifth colon: one {@code startsWith} replaces five segment matches (measured: ARN matching was
     * a sixth of a typical decision).
     */
    private final String literalPrefix;

    private ArnPattern(String text, boolean any, Glob[] segments, Template rest) {
        this.text = text;
        this.any = any;
        this.segments = segments;
        this.rest = rest;
        String prefix = null;
        if (segments != null) {
            boolean literal = true;
            for (Glob g : segments) {
                literal &= g.isLiteral();
            }
            if (literal) {
                prefix = text.substring(0, colons(text)[4] + 1);
            }
        }
        this.literalPrefix = prefix;
    }

    static ArnPattern compile(String text, boolean variables) {
        if (text.equals("*")) {
            return new ArnPattern(text, true, null, null);
        }
        int[] c = colons(text);
        if (c == null) {
            return new ArnPattern(text, false, null, Template.compile(text, true, variables));
        }
        Glob[] segs = new Glob[5];
        int from = 0;
        for (int i = 0; i < 5; i++) {
            segs[i] = Glob.wildcard(text.substring(from, c[i]));
            from = c[i] + 1;
        }
        return new ArnPattern(text, false, segs, Template.compile(text.substring(from), true, variables));
    }

    /** Positions of the first five colons, or null when there are fewer. */
    static int[] colons(String s) {
        int[] c = new int[5];
        int from = 0;
        for (int i = 0; i < 5; i++) {
            int at = s.indexOf(':', from);
            if (at < 0) {
                return null;
            }
            c[i] = at;
            from = at + 1;
        }
        return c;
    }

    String text() {
        return text;
    }

    Template rest() {
        return rest;
    }

    boolean matches(String value, RequestContext ctx, Trace trace) {
        return matches(value, any || segments == null ? null : colons(value), ctx, trace);
    }

    /** @param valueColons {@link #colons} of the value, precomputed for the request's resource */
    boolean matches(String value, int[] valueColons, RequestContext ctx, Trace trace) {
        if (any) {
            return true;
        }
        Glob restGlob = rest.hasVariables() ? rest.resolve(ctx, trace) : rest.constant();
        if (restGlob == null) {
            return false;
        }
        if (segments == null) {
            return restGlob.matches(value, trace);
        }
        if (valueColons == null) {
            return false;
        }
        if (literalPrefix != null) {
            // The prefix holds exactly five colons, so a value starting with it has its fifth colon
            // at the same place.
            return value.startsWith(literalPrefix)
                    && restGlob.matches(value, literalPrefix.length(), value.length(), trace);
        }
        int from = 0;
        for (int i = 0; i < 5; i++) {
            if (!segments[i].matches(value, from, valueColons[i], trace)) {
                return false;
            }
            from = valueColons[i] + 1;
        }
        return restGlob.matches(value, from, value.length(), trace);
    }

    @Override
    public String toString() {
        return text;
    }
}
