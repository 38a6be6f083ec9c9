package io.charter.policy;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * One compiled condition: an operator (with its qualifier and {@code IfExists}), one key and its
 * policy values, already parsed into the operator's type. Immutable and thread-safe.
 *
 * <p>Evaluation is three-valued ({@link #TRUE}, {@link #FALSE}, {@link #ERROR}): {@code ERROR}
 * means the request holds the key but a value is not of the operator's type (say {@code
 * NumericLessThan} on {@code "abc"}). The statement decides what an error means: it never lets an
 * Allow apply, and it makes a Deny apply (fail closed).
 *
 * <p>Semantics, following AWS's documentation:
 * <ul>
 *   <li>several values for the key: OR for positive operators; negated operators hold when the
 *       request value matches none of them (NOR);
 *   <li>key absent (or an empty set): {@code IfExists} → true; {@code ForAllValues} → true;
 *       {@code ForAnyValue} → false; otherwise positive → false, negated → true;
 *   <li>no qualifier on a multivalued request key: the positive operator holds when any request
 *       value matches any policy value; the negated one is its negation;
 *   <li>{@code ForAnyValue}: some request value satisfies the (possibly negated) operator;
 *       {@code ForAllValues}: every request value does;
 *   <li>{@code Null}: {@code true} holds when the key is absent (or an empty set), {@code false}
 *       when it is present.
 * </ul>
 */
final class Condition {
    static final int FALSE = 0;
    static final int TRUE = 1;
    static final int ERROR = -1;

    enum Qualifier {
        NONE,
        FOR_ALL_VALUES,
        FOR_ANY_VALUE
    }

    final String operatorText;
    final String key;
    final Operator op;
    final Qualifier qualifier;
    final boolean ifExists;
    private final String lowerKey;
    private final List<String> valueTexts;
    // The policy values in the operator's type; only the one for op.family is set.
    private final Template[] templates;
    /** StringEquals values without variables: compared with {@code equals}, the commonest case. */
    private final String[] literals;
    private final ArnPattern[] arns;
    private final BigDecimal[] numbers;
    private final long[] dates;
    private final int[] bools; // 1 true, 0 false, -1 neither (never matches)
    private final byte[][] binaries;
    private final Literals.Cidr[] cidrs;

    private Condition(String operatorText, String key, Operator op, Qualifier qualifier, boolean ifExists,
            List<String> values, boolean variables) {
        this.operatorText = operatorText;
        this.key = key;
        this.op = op;
        this.qualifier = qualifier;
        this.ifExists = ifExists;
        this.lowerKey = key.toLowerCase(Locale.ROOT);
        this.valueTexts = List.copyOf(values);
        int n = values.size();
        Template[] t = null;
        ArnPattern[] a = null;
        BigDecimal[] num = null;
        long[] d = null;
        int[] b = null;
        byte[][] bin = null;
        Literals.Cidr[] c = null;
        boolean useVars = variables && op.takesVariables();
        switch (op.family) {
            case STRING, STRING_IGNORE_CASE, STRING_LIKE -> {
                t = new Template[n];
                for (int i = 0; i < n; i++) {
                    t[i] = Template.compile(values.get(i), op.family == Operator.Family.STRING_LIKE, useVars);
                }
            }
            case ARN -> {
                a = new ArnPattern[n];
                for (int i = 0; i < n; i++) {
                    a[i] = ArnPattern.compile(values.get(i), useVars);
                }
            }
            case NUMERIC -> {
                num = new BigDecimal[n];
                for (int i = 0; i < n; i++) {
                    num[i] = Literals.number(values.get(i));
                }
            }
            case DATE -> {
                d = new long[n];
                for (int i = 0; i < n; i++) {
                    d[i] = Literals.date(values.get(i));
                }
            }
            case BOOL, NULL -> {
                b = new int[n];
                for (int i = 0; i < n; i++) {
                    Boolean v = Literals.bool(values.get(i));
                    b[i] = v == null ? -1 : v ? 1 : 0;
                }
            }
            case BINARY -> {
                bin = new byte[n][];
                for (int i = 0; i < n; i++) {
                    bin[i] = Literals.base64(values.get(i));
                }
            }
            case IP -> {
                c = new Literals.Cidr[n];
                for (int i = 0; i < n; i++) {
                    c[i] = Literals.cidr(values.get(i));
                }
            }
        }
        this.templates = t;
        boolean constant = t != null && op.family == Operator.Family.STRING;
        for (int i = 0; constant && i < t.length; i++) {
            constant = !t[i].hasVariables();
        }
        String[] lit = null;
        if (constant) {
            lit = new String[t.length];
            for (int i = 0; i < t.length; i++) {
                lit[i] = t[i].constant().literalText(); // escapes such as ${$} already applied
            }
        }
        this.literals = lit;
        this.arns = a;
        this.numbers = num;
        this.dates = d;
        this.bools = b;
        this.binaries = bin;
        this.cidrs = c;
    }

    /**
     * Compiles a condition whose values have been validated by the reader (every value parses in
     * the operator's type; unparsable values would simply never match).
     */
    static Condition compile(String operatorText, String key, Operator op, Qualifier qualifier, boolean ifExists,
            List<String> values, boolean variables) {
        return new Condition(operatorText, key, op, qualifier, ifExists, values, variables);
    }

    List<String> values() {
        return valueTexts;
    }

    int evaluate(RequestContext r, Trace trace) {
        ContextValue v = r.lookup(lowerKey);
        boolean present = v != null && v.size() > 0;
        if (!present) {
            trace.missingKey(key);
        }
        if (op == Operator.Null) {
            for (int b : bools) {
                if ((b == 1 && !present) || (b == 0 && present)) {
                    return TRUE;
                }
            }
            return FALSE;
        }
        if (!present) {
            if (ifExists) {
                return TRUE;
            }
            return switch (qualifier) {
                case FOR_ALL_VALUES -> TRUE;
                case FOR_ANY_VALUE -> FALSE;
                case NONE -> op.negated ? TRUE : FALSE;
            };
        }
        int n = v.size();
        switch (qualifier) {
            case NONE -> {
                boolean any = false;
                for (int i = 0; i < n; i++) {
                    int m = matchesAny(v, i, r, trace);
                    if (m == ERROR) {
                        return ERROR;
                    }
                    if (m == TRUE) {
                        any = true;
                        break;
                    }
                }
                return any != op.negated ? TRUE : FALSE;
            }
            case FOR_ANY_VALUE -> {
                for (int i = 0; i < n; i++) {
                    int m = matchesAny(v, i, r, trace);
                    if (m == ERROR) {
                        return ERROR;
                    }
                    if ((m == TRUE) != op.negated) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            default -> {
                for (int i = 0; i < n; i++) {
                    int m = matchesAny(v, i, r, trace);
                    if (m == ERROR) {
                        return ERROR;
                    }
                    if ((m == TRUE) == op.negated) {
                        return FALSE;
                    }
                }
                return TRUE;
            }
        }
    }

    /** Whether request value {@code i} matches any policy value, in the operator's positive sense. */
    private int matchesAny(ContextValue v, int i, RequestContext r, Trace trace) {
        switch (op.family) {
            case STRING, STRING_IGNORE_CASE, STRING_LIKE -> {
                String s = v.text(i);
                if (literals != null) {
                    if (!trace.spend(literals.length)) {
                        return ERROR;
                    }
                    for (String l : literals) {
                        if (l.equals(s)) {
                            return TRUE;
                        }
                    }
                    return FALSE;
                }
                for (Template t : templates) {
                    if (matches(t, s, r, trace)) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case ARN -> {
                String s = v.text(i);
                int[] colons = ArnPattern.colons(s);
                for (ArnPattern a : arns) {
                    if (a.matches(s, colons, r, trace)) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case NUMERIC -> {
                BigDecimal x = v.number(i);
                if (x == null) {
                    return error(trace);
                }
                for (BigDecimal p : numbers) {
                    if (p != null && op.compare.test(x.compareTo(p))) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case DATE -> {
                long x = v.date(i);
                if (x == Literals.NOT_A_DATE) {
                    return error(trace);
                }
                for (long p : dates) {
                    if (p != Literals.NOT_A_DATE && op.compare.test(Long.compare(x, p))) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case BOOL -> {
                int x = v.bool(i);
                if (x < 0) {
                    return error(trace);
                }
                for (int p : bools) {
                    if (p == x) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case BINARY -> {
                byte[] x = v.binary(i);
                if (x == null) {
                    return error(trace);
                }
                for (byte[] p : binaries) {
                    if (p != null && Arrays.equals(p, x)) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            case IP -> {
                byte[] x = v.ip(i);
                if (x == null) {
                    return error(trace);
                }
                for (Literals.Cidr p : cidrs) {
                    if (p != null && p.contains(x)) {
                        return TRUE;
                    }
                }
                return FALSE;
            }
            default -> {
                return ERROR;
            }
        }
    }

    private boolean matches(Template t, String s, RequestContext r, Trace trace) {
        boolean ignoreCase = op.family == Operator.Family.STRING_IGNORE_CASE;
        if (!t.hasVariables()) {
            Glob g = t.constant();
            return ignoreCase ? trace.spend(1) && g.literalText().equalsIgnoreCase(s) : g.matches(s, trace);
        }
        if (op.family != Operator.Family.STRING_LIKE) {
            return trace.spend(1) && t.matchesLiteral(s, ignoreCase, r, trace);
        }
        Glob g = t.resolve(r, trace);
        return g != null && g.matches(s, trace);
    }

    private static int error(Trace trace) {
        trace.unevaluable = true;
        return ERROR;
    }

    @Override
    public String toString() {
        return operatorText + " " + key + " " + valueTexts;
    }
}
