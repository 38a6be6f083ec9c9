package io.charter.policy;

import static java.util.Objects.requireNonNull;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * The value of one request-context key: a type and one value (single-valued key) or a set of
 * values (multivalued key such as {@code aws:TagKeys}). Values are parsed once here, so an
 * evaluation never parses the request. Immutable and thread-safe.
 */
public final class ContextValue {
    private final ContextType type;
    private final boolean multiValued;
    private final String[] texts;
    // Parsed forms of the declared type; null for the other types.
    private final BigDecimal[] numbers;
    private final long[] dates;
    private final byte[][] bytes; // BINARY and IP
    private final boolean[] bools;

    private ContextValue(ContextType type, boolean multiValued, List<String> values) {
        this.type = requireNonNull(type, "type is null");
        this.multiValued = multiValued;
        this.texts = values.toArray(String[]::new);
        for (String t : texts) {
            requireNonNull(t, "value is null");
        }
        if (!multiValued && texts.length != 1) {
            throw new IllegalArgumentException("a single-valued key has exactly one value");
        }
        int n = texts.length;
        this.numbers = type == ContextType.NUMBER ? new BigDecimal[n] : null;
        this.dates = type == ContextType.DATE ? new long[n] : null;
        this.bytes = type == ContextType.BINARY || type == ContextType.IP ? new byte[n][] : null;
        this.bools = type == ContextType.BOOL ? new boolean[n] : null;
        for (int i = 0; i < n; i++) {
            String t = texts[i];
            boolean ok = switch (type) {
                case STRING, ARN -> true;
                case NUMBER -> (numbers[i] = Literals.number(t)) != null;
                case DATE -> (dates[i] = Literals.date(t)) != Literals.NOT_A_DATE;
                case BINARY -> (bytes[i] = Literals.base64(t)) != null;
                case IP -> (bytes[i] = Literals.ip(t)) != null;
                case BOOL -> {
                    Boolean b = Literals.bool(t);
                    if (b != null) {
                        bools[i] = b;
                    }
                    yield b != null;
                }
            };
            if (!ok) {
                throw new IllegalArgumentException("'" + t + "' is not a valid " + type.name().toLowerCase(Locale.ROOT) + " value");
            }
        }
    }

    /**
     * A value of the given type from its text forms, as SimulatePrincipalPolicy's ContextEntries
     * carry them. Throws {@link IllegalArgumentException} with a sentence when a text is not of the type.
     */
    public static ContextValue of(ContextType type, List<String> values, boolean multiValued) {
        return new ContextValue(type, multiValued, List.copyOf(values));
    }

    public static ContextValue string(String value) {
        return of(ContextType.STRING, List.of(value), false);
    }

    /** A multivalued string key such as {@code aws:TagKeys}. */
    public static ContextValue strings(List<String> values) {
        return of(ContextType.STRING, values, true);
    }

    public static ContextValue number(long value) {
        return of(ContextType.NUMBER, List.of(Long.toString(value)), false);
    }

    public static ContextValue number(BigDecimal value) {
        return of(ContextType.NUMBER, List.of(value.toPlainString()), false);
    }

    public static ContextValue date(Instant value) {
        return of(ContextType.DATE, List.of(value.toString()), false);
    }

    public static ContextValue bool(boolean value) {
        return of(ContextType.BOOL, List.of(Boolean.toString(value)), false);
    }

    public static ContextValue binary(byte[] value) {
        return of(ContextType.BINARY, List.of(Base64.getEncoder().encodeToString(value)), false);
    }

    public static ContextValue ip(String address) {
        return of(ContextType.IP, List.of(address), false);
    }

    public static ContextValue arn(String arn) {
        return of(ContextType.ARN, List.of(arn), false);
    }

    public ContextType type() {
        return type;
    }

    public boolean isMultiValued() {
        return multiValued;
    }

    /** The values' text forms. */
    public List<String> values() {
        return List.of(texts);
    }

    int size() {
        return texts.length;
    }

    String text(int i) {
        return texts[i];
    }

    /** The i-th value as a number, or null when it is not one. */
    BigDecimal number(int i) {
        return numbers != null ? numbers[i] : Literals.number(texts[i]);
    }

    /** The i-th value as epoch millis, or {@link Literals#NOT_A_DATE}. A NUMBER is epoch seconds. */
    long date(int i) {
        return dates != null ? dates[i] : Literals.date(texts[i]);
    }

    /** 1 true, 0 false, -1 not a boolean. */
    int bool(int i) {
        if (bools != null) {
            return bools[i] ? 1 : 0;
        }
        Boolean b = Literals.bool(texts[i]);
        return b == null ? -1 : b ? 1 : 0;
    }

    byte[] binary(int i) {
        return type == ContextType.BINARY ? bytes[i] : Literals.base64(texts[i]);
    }

    byte[] ip(int i) {
        return type == ContextType.IP ? bytes[i] : Literals.ip(texts[i]);
    }

    @Override
    public String toString() {
        return type + (multiValued ? List.of(texts).toString() : "(" + texts[0] + ")");
    }
}
