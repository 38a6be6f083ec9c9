package io.charter.server.protocol;

import io.charter.server.error.ServiceException;
import io.charter.server.error.AwsErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Checks a decoded input against its shape's constraints and reports every violation the way
 * AWS does ({@code ValidationError}, 400, in the query services; {@code ValidationException},
 * 400, with the same message in the JSON services):
 *
 * <pre>{@code
 * 2 validation errors detected: Value 'x…' at 'roleSessionName' failed to satisfy constraint:
 * Member must have length less than or equal to 64; Value 'x…' at 'roleSessionName' failed to
 * satisfy constraint: Member must satisfy regular expression pattern: [\w+=,.@-]*
 * }</pre>
 *
 * <p>Paths use member names with the first letter lower-cased, joined by dots; a list element is
 * {@code name.N.member} (N from 1), so a tag key is {@code tags.1.member.key}; a map entry is
 * {@code name.N.key} / {@code name.N.value}. Violations are listed in model member order, and per
 * value in the order: null, length/size minimum, maximum, value minimum, maximum, pattern, enum.
 * String length counts Unicode code points; blob length counts bytes.
 *
 * <p>Values of {@code sensitive} shapes (passwords, private keys, tokens) are shown as
 * {@code ***} rather than echoed back: AWS does not document this case, and a message that
 * repeats a secret ends up in client logs.
 */
final class InputValidator {
    private InputValidator() {}

    static void check(StructureShape shape, StructValue value) {
        check(shape, value, AwsErrorCode.VALIDATION_ERROR);
    }

    /** As {@link #check(StructureShape, StructValue)}, failing with {@code code}. */
    static void check(StructureShape shape, StructValue value, AwsErrorCode code) {
        List<String> violations = new ArrayList<>(0);
        struct(shape, value, "", violations);
        if (!violations.isEmpty()) {
            throw new ServiceException(code, message(violations));
        }
    }

    static String message(List<String> violations) {
        StringBuilder sb = new StringBuilder();
        sb.append(violations.size()).append(violations.size() == 1 ? " validation error" : " validation errors")
                .append(" detected: ");
        for (int i = 0; i < violations.size(); i++) {
            if (i > 0) {
                sb.append("; ");
            }
            sb.append(violations.get(i));
        }
        return sb.toString();
    }

    private static void struct(StructureShape shape, StructValue value, String path, List<String> out) {
        Map<String, Value> members = value.members();
        for (Member m : shape.members()) {
            Value v = members.get(m.name());
            if (v == null) {
                if (m.required()) {
                    out.add(violation("null", join(path, m.pathName()), "Member must not be null"));
                }
                continue;
            }
            value(m.target(), v, join(path, m.pathName()), out);
        }
    }

    private static void value(Shape shape, Value v, String path, List<String> out) {
        switch (shape) {
            case StructureShape s -> {
                if (v instanceof StructValue sv) {
                    struct(s, sv, path, out);
                }
            }
            case ListShape l -> {
                if (v instanceof ListValue lv) {
                    bounds(l.min().orElse(-1), l.max().orElse(-1), lv.size(), lv, false, path, out);
                    for (int i = 0; i < lv.size(); i++) {
                        value(l.member().target(), lv.elements().get(i), path + "." + (i + 1) + ".member", out);
                    }
                }
            }
            case MapShape m -> {
                if (v instanceof MapValue mv) {
                    bounds(m.min().orElse(-1), m.max().orElse(-1), mv.entries().size(), mv, false, path, out);
                    int i = 0;
                    for (Map.Entry<String, Value> e : mv.entries().entrySet()) {
                        i++;
                        value(m.key().target(), new StringValue(e.getKey()), path + "." + i + ".key", out);
                        value(m.value().target(), e.getValue(), path + "." + i + ".value", out);
                    }
                }
            }
            case ScalarShape s -> scalar(s, v, path, out);
        }
    }

    private static void scalar(ScalarShape shape, Value v, String path, List<String> out) {
        long min = shape.min().isPresent() ? shape.min().getAsLong() : Long.MIN_VALUE;
        long max = shape.max().isPresent() ? shape.max().getAsLong() : Long.MIN_VALUE;
        switch (v) {
            case StringValue s -> {
                String text = s.value();
                boolean tooLong = false;
                if (shape.min().isPresent() || shape.max().isPresent()) {
                    int length = text.codePointCount(0, text.length());
                    bounds(shape.min().orElse(-1), shape.max().orElse(-1), length, v, shape.sensitive(), path, out);
                    tooLong = shape.max().isPresent() && length > Math.max(4 * shape.max().getAsLong(), 4096);
                }
                // AWS reports a pattern violation beside a length violation, so both are checked; but a
                // value far beyond its limit is not run through the pattern: a recursive regex over a
                // huge value could exhaust the stack.
                if (!tooLong && shape.pattern().isPresent() && !shape.pattern().get().matcher(text).matches()) {
                    out.add(violation(shown(v, shape.sensitive()), path,
                            "Member must satisfy regular expression pattern: " + shape.pattern().get().pattern()));
                }
                if (!shape.enumValues().isEmpty() && !shape.enumValues().contains(text)) {
                    out.add(violation(shown(v, shape.sensitive()), path,
                            "Member must satisfy enum value set: " + shape.enumValues()));
                }
            }
            case IntegerValue i -> range(shape, min, max, i.value(), v, path, out);
            case LongValue l -> range(shape, min, max, l.value(), v, path, out);
            case DoubleValue d -> {
                if (shape.min().isPresent() && d.value() < shape.min().getAsLong()) {
                    out.add(violation(shown(v, shape.sensitive()), path,
                            "Member must have value greater than or equal to " + shape.min().getAsLong()));
                }
                if (shape.max().isPresent() && d.value() > shape.max().getAsLong()) {
                    out.add(violation(shown(v, shape.sensitive()), path,
                            "Member must have value less than or equal to " + shape.max().getAsLong()));
                }
            }
            case BlobValue b -> bounds(shape.min().orElse(-1), shape.max().orElse(-1), b.length(), v,
                    shape.sensitive(), path, out);
            default -> {
                // booleans and timestamps carry no constraints in the models
            }
        }
    }

    private static void range(ScalarShape shape, long min, long max, long value, Value v, String path, List<String> out) {
        if (shape.min().isPresent() && value < min) {
            out.add(violation(shown(v, shape.sensitive()), path, "Member must have value greater than or equal to " + min));
        }
        if (shape.max().isPresent() && value > max) {
            out.add(violation(shown(v, shape.sensitive()), path, "Member must have value less than or equal to " + max));
        }
    }

    private static void bounds(long min, long max, long length, Value v, boolean sensitive, String path,
            List<String> out) {
        if (min >= 0 && length < min) {
            out.add(violation(shown(v, sensitive), path, "Member must have length greater than or equal to " + min));
        }
        if (max >= 0 && length > max) {
            out.add(violation(shown(v, sensitive), path, "Member must have length less than or equal to " + max));
        }
    }

    private static String shown(Value v, boolean sensitive) {
        return "'" + (sensitive ? "***" : v.render()) + "'";
    }

    private static String violation(String shownValue, String path, String constraint) {
        return "Value " + shownValue + " at '" + path + "' failed to satisfy constraint: " + constraint;
    }

    private static String join(String path, String segment) {
        return path.isEmpty() ? segment : path + "." + segment;
    }
}
