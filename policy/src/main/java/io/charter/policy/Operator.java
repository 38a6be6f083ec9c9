package io.charter.policy;

import java.util.HashMap;
import java.util.Map;

/**
 * The condition operators of the IAM policy language, without qualifiers or {@code IfExists}.
 * Names are case-sensitive, as AWS writes them.
 */
enum Operator {
    StringEquals(Family.STRING, Compare.EQ, false),
    StringNotEquals(Family.STRING, Compare.EQ, true),
    StringEqualsIgnoreCase(Family.STRING_IGNORE_CASE, Compare.EQ, false),
    StringNotEqualsIgnoreCase(Family.STRING_IGNORE_CASE, Compare.EQ, true),
    StringLike(Family.STRING_LIKE, Compare.EQ, false),
    StringNotLike(Family.STRING_LIKE, Compare.EQ, true),
    NumericEquals(Family.NUMERIC, Compare.EQ, false),
    NumericNotEquals(Family.NUMERIC, Compare.EQ, true),
    NumericLessThan(Family.NUMERIC, Compare.LT, false),
    NumericLessThanEquals(Family.NUMERIC, Compare.LE, false),
    NumericGreaterThan(Family.NUMERIC, Compare.GT, false),
    NumericGreaterThanEquals(Family.NUMERIC, Compare.GE, false),
    DateEquals(Family.DATE, Compare.EQ, false),
    DateNotEquals(Family.DATE, Compare.EQ, true),
    DateLessThan(Family.DATE, Compare.LT, false),
    DateLessThanEquals(Family.DATE, Compare.LE, false),
    DateGreaterThan(Family.DATE, Compare.GT, false),
    DateGreaterThanEquals(Family.DATE, Compare.GE, false),
    Bool(Family.BOOL, Compare.EQ, false),
    BinaryEquals(Family.BINARY, Compare.EQ, false),
    IpAddress(Family.IP, Compare.EQ, false),
    NotIpAddress(Family.IP, Compare.EQ, true),
    ArnEquals(Family.ARN, Compare.EQ, false),
    ArnLike(Family.ARN, Compare.EQ, false),
    ArnNotEquals(Family.ARN, Compare.EQ, true),
    ArnNotLike(Family.ARN, Compare.EQ, true),
    Null(Family.NULL, Compare.EQ, false);

    enum Family {
        STRING,
        STRING_IGNORE_CASE,
        STRING_LIKE,
        NUMERIC,
        DATE,
        BOOL,
        BINARY,
        IP,
        ARN,
        NULL
    }

    enum Compare {
        EQ,
        LT,
        LE,
        GT,
        GE;

        /** Whether {@code request <op> policy} holds, given {@code request.compareTo(policy)}. */
        boolean test(int cmp) {
            return switch (this) {
                case EQ -> cmp == 0;
                case LT -> cmp < 0;
                case LE -> cmp <= 0;
                case GT -> cmp > 0;
                case GE -> cmp >= 0;
            };
        }
    }

    private static final Map<String, Operator> BY_NAME = new HashMap<>();

    static {
        for (Operator o : values()) {
            BY_NAME.put(o.name(), o);
        }
    }

    final Family family;
    final Compare compare;
    /** Negated operators hold when the request value matches none of the policy values. */
    final boolean negated;

    Operator(Family family, Compare compare, boolean negated) {
        this.family = family;
        this.compare = compare;
        this.negated = negated;
    }

    static Operator byName(String name) {
        return BY_NAME.get(name);
    }

    /** Whether policy variables are interpreted in this operator's values. */
    boolean takesVariables() {
        return family == Family.STRING || family == Family.STRING_IGNORE_CASE || family == Family.STRING_LIKE
                || family == Family.ARN;
    }
}
