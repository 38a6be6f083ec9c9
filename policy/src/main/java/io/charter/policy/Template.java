package io.charter.policy;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A policy value that may hold policy variables ({@code ${aws:username}}, {@code
 * ${aws:PrincipalTag/team, 'default'}}) and the escapes {@code ${*}}, {@code ${?}}, {@code ${$}}.
 * Compiled once; at evaluation, variables are replaced by the request's values to give a {@link
 * Glob}. Substituted values are always literal: a user named {@code *} matches only {@code *}.
 * A variable whose key is absent or multivalued, without a default, leaves the value unresolved,
 * and an unresolved value matches nothing. Immutable and thread-safe.
 */
final class Template {
    private record Variable(String key, String lowerKey, String defaultValue) {}

    private final String text;
    private final Glob constant; // non-null when there are no variables
    private final Object[] parts; // int[] literal tokens or Variable
    private final List<String> variableKeys;

    private Template(String text, Glob constant, Object[] parts, List<String> variableKeys) {
        this.text = text;
        this.constant = constant;
        this.parts = parts;
        this.variableKeys = variableKeys;
    }

    /**
     * Compiles a value.
     *
     * @param wildcards whether {@code *} and {@code ?} are wildcards (Like operators, resources)
     * @param variables whether {@code ${...}} is interpreted (Version 2012-10-17 only)
     */
    static Template compile(String text, boolean wildcards, boolean variables) {
        if (!variables || !text.contains("${")) {
            return new Template(text, wildcards ? Glob.wildcard(text) : Glob.literal(text), null, List.of());
        }
        List<Object> parts = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        IntList lit = new IntList();
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '$' && i + 1 < n && text.charAt(i + 1) == '{') {
                int close = text.indexOf('}', i + 2);
                if (close > 0) {
                    String inner = text.substring(i + 2, close);
                    if (inner.equals("*") || inner.equals("?") || inner.equals("$")) {
                        lit.add(inner.charAt(0));
                        i = close + 1;
                        continue;
                    }
                    Variable v = variable(inner);
                    if (v != null) {
                        if (lit.size > 0) {
                            parts.add(lit.toArray());
                            lit = new IntList();
                        }
                        parts.add(v);
                        keys.add(v.key);
                        i = close + 1;
                        continue;
                    }
                }
            }
            lit.add(wildcards && c == '*' ? Glob.STAR : wildcards && c == '?' ? Glob.ONE : c);
            i++;
        }
        if (keys.isEmpty()) {
            return new Template(text, new Glob(lit.toArray()), null, List.of());
        }
        if (lit.size > 0) {
            parts.add(lit.toArray());
        }
        return new Template(text, null, parts.toArray(), List.copyOf(keys));
    }

    /** {@code key} or {@code key, 'default'}; null when malformed (then the text stays literal). */
    private static Variable variable(String inner) {
        String key = inner;
        String def = null;
        int comma = inner.indexOf(',');
        if (comma >= 0) {
            key = inner.substring(0, comma);
            String rest = inner.substring(comma + 1).strip();
            if (rest.length() < 2 || rest.charAt(0) != '\'' || rest.charAt(rest.length() - 1) != '\'') {
                return null;
            }
            def = rest.substring(1, rest.length() - 1);
        }
        key = key.strip();
        if (key.isEmpty() || key.indexOf(':') <= 0 || key.contains("${") || key.indexOf(' ') >= 0) {
            return null;
        }
        return new Variable(key, key.toLowerCase(Locale.ROOT), def);
    }

    String text() {
        return text;
    }

    boolean hasVariables() {
        return constant == null;
    }

    List<String> variableKeys() {
        return variableKeys;
    }

    /** The glob for a template without variables. */
    Glob constant() {
        return constant;
    }

    /**
     * The pattern with the request's values substituted, or null when a variable has no value
     * (the value then matches nothing). Allocates; only Like templates with variables get here.
     */
    Glob resolve(RequestContext ctx, Trace trace) {
        if (constant != null) {
            return constant;
        }
        String[] values = new String[parts.length];
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof Variable v && (values[i] = value(v, ctx, trace)) == null) {
                return null;
            }
        }
        IntList out = new IntList();
        for (int i = 0; i < parts.length; i++) {
            if (parts[i] instanceof int[] tokens) {
                out.addAll(tokens);
            } else {
                String s = values[i];
                for (int j = 0; j < s.length(); j++) {
                    out.add(s.charAt(j));
                }
            }
        }
        return new Glob(out.toArray());
    }

    /**
     * For a template without wildcards: whether {@code s} equals the resolved text (ignoring case
     * if asked), without building it. An unresolved variable never matches. No allocation: this
     * is the hot path of {@code StringEquals} on {@code ${aws:username}}.
     */
    boolean matchesLiteral(String s, boolean ignoreCase, RequestContext ctx, Trace trace) {
        int pos = 0;
        int n = s.length();
        for (Object p : parts) {
            if (p instanceof int[] tokens) {
                if (pos + tokens.length > n) {
                    return false;
                }
                for (int t : tokens) {
                    char c = s.charAt(pos++);
                    if (t != c && !(ignoreCase && sameIgnoringCase((char) t, c))) {
                        return false;
                    }
                }
            } else {
                String value = value((Variable) p, ctx, trace);
                if (value == null || !s.regionMatches(ignoreCase, pos, value, 0, value.length())) {
                    return false;
                }
                pos += value.length();
            }
        }
        return pos == n;
    }

    private static boolean sameIgnoringCase(char a, char b) {
        return Character.toUpperCase(a) == Character.toUpperCase(b)
                || Character.toLowerCase(a) == Character.toLowerCase(b);
    }

    /** A variable's value: the key's single value, else the default, else null. */
    private static String value(Variable v, RequestContext ctx, Trace trace) {
        ContextValue value = ctx.lookup(v.lowerKey);
        if (value != null && !value.isMultiValued() && value.size() == 1) {
            return value.text(0);
        }
        if (value == null) {
            trace.missingKey(v.key);
        }
        return v.defaultValue;
    }

    @Override
    public String toString() {
        return text;
    }

    /** A growable int array (no boxing). */
    private static final class IntList {
        private int[] a = new int[16];
        private int size;

        void add(int v) {
            if (size == a.length) {
                a = Arrays.copyOf(a, size * 2);
            }
            a[size++] = v;
        }

        void addAll(int[] vs) {
            for (int v : vs) {
                add(v);
            }
        }

        int[] toArray() {
            return Arrays.copyOf(a, size);
        }
    }
}
