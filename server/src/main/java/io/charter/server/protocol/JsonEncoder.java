package io.charter.server.protocol;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.Map;

/**
 * Writes AWS JSON 1.1 response bodies with Jackson's streaming generator. As in
 * {@link QueryEncoder}, the output value is checked against the output shape while it is written
 * (unknown members, wrong value types and missing required members throw
 * {@link IllegalArgumentException}: a handler bug, which the HTTP layer turns into
 * {@code InternalFailure}).
 *
 * <ul>
 *   <li>members by wire name, in model order; structures and maps as objects, lists as arrays;
 *   <li>timestamps as epoch seconds, a JSON number with up to millisecond precision and no
 *       exponent ({@code 1700000000}, {@code 1700000000.123}): botocore's {@code JSONParser}
 *       reads any JSON number there (AWS itself sends {@code 1.700000000123E9}), other SDKs
 *       read plain decimals too; the model's ISO 8601 / RFC 822 overrides are strings;
 *   <li>blobs as base64; doubles as numbers, or {@code "NaN"}, {@code "Infinity"},
 *       {@code "-Infinity"} strings;
 *   <li>errors as {@code {"__type":"<Code>","message":"<Message>"}}: botocore's JSON parser
 *       takes the code from {@code __type} (after any {@code #}) and the message from
 *       {@code message} or {@code Message}.
 * </ul>
 *
 * Strings are written as well-formed UTF-8: an unpaired surrogate (which the decoder refuses,
 * but which a value built elsewhere could still hold) becomes U+FFFD. Stateless and thread-safe.
 */
final class JsonEncoder {
    private static final JsonFactory FACTORY = JsonFactory.builder().build();

    private JsonEncoder() {}

    static byte[] result(OperationModel operation, StructValue output) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(256);
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            if (operation.output().isPresent()) {
                struct(g, operation.output().get(), output);
            } else if (!output.isEmpty()) {
                throw new IllegalArgumentException(operation.name() + " has no output, but members were given: "
                        + output.members().keySet());
            } else {
                g.writeStartObject();
                g.writeEndObject();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to a byte array", e);
        }
        return out.toByteArray();
    }

    static byte[] error(String code, String message) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(64 + message.length());
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.writeStartObject();
            g.writeStringField("__type", wellFormed(code));
            g.writeStringField("message", wellFormed(message));
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write to a byte array", e);
        }
        return out.toByteArray();
    }

    private static void struct(JsonGenerator g, StructureShape shape, StructValue value) throws IOException {
        Map<String, Value> members = value.members();
        g.writeStartObject();
        int written = 0;
        for (Member m : shape.members()) {
            Value v = members.get(m.name());
            if (v == null) {
                if (m.required()) {
                    throw new IllegalArgumentException("required member " + m.name() + " of " + shape.name() + " is missing");
                }
                continue;
            }
            written++;
            g.writeFieldName(wellFormed(m.wireName()));
            value(g, m, v);
        }
        if (written != members.size()) {
            for (String name : members.keySet()) {
                if (shape.member(name).isEmpty()) {
                    throw new IllegalArgumentException(shape.name() + " has no member " + name);
                }
            }
        }
        g.writeEndObject();
    }

    /** Writes {@code v}, whose shape is {@code ref.target()}. */
    private static void value(JsonGenerator g, Member ref, Value v) throws IOException {
        switch (ref.target()) {
            case StructureShape s -> struct(g, s, cast(v, StructValue.class, ref));
            case ListShape l -> {
                ListValue lv = cast(v, ListValue.class, ref);
                g.writeStartArray();
                for (Value e : lv.elements()) {
                    value(g, l.member(), e);
                }
                g.writeEndArray();
            }
            case MapShape m -> {
                MapValue mv = cast(v, MapValue.class, ref);
                g.writeStartObject();
                for (Map.Entry<String, Value> e : mv.entries().entrySet()) {
                    g.writeFieldName(wellFormed(e.getKey()));
                    value(g, m.value(), e.getValue());
                }
                g.writeEndObject();
            }
            case ScalarShape s -> scalar(g, s, ref, v);
        }
    }

    private static void scalar(JsonGenerator g, ScalarShape shape, Member ref, Value v) throws IOException {
        switch (shape.type()) {
            case STRING -> g.writeString(wellFormed(cast(v, StringValue.class, ref).value()));
            case INTEGER -> g.writeNumber(cast(v, IntegerValue.class, ref).value());
            case LONG -> {
                if (v instanceof IntegerValue i) {
                    g.writeNumber(i.value());
                } else {
                    g.writeNumber(cast(v, LongValue.class, ref).value());
                }
            }
            case BOOLEAN -> g.writeBoolean(cast(v, BooleanValue.class, ref).value());
            case DOUBLE, FLOAT -> {
                double d = cast(v, DoubleValue.class, ref).value();
                if (Double.isNaN(d) || Double.isInfinite(d)) {
                    g.writeString(QueryEncoder.number(d));
                } else {
                    g.writeNumber(d);
                }
            }
            case TIMESTAMP -> {
                Instant instant = cast(v, TimestampValue.class, ref).value();
                if (ref.timestampFormat() == TimestampFormat.UNIX_SECONDS) {
                    g.writeNumber(epochSeconds(instant));
                } else {
                    StringBuilder sb = new StringBuilder(32);
                    QueryEncoder.timestamp(sb, instant, ref.timestampFormat());
                    g.writeString(sb.toString());
                }
            }
            case BLOB -> g.writeString(cast(v, BlobValue.class, ref).base64());
            case STRUCTURE, LIST, MAP -> throw new IllegalStateException("not a scalar: " + shape);
        }
    }

    /**
     * Epoch seconds as plain decimal text, truncated to milliseconds (AWS's precision), without
     * trailing zeros: {@code 1700000000}, {@code 1700000000.12}, {@code -0.5}.
     */
    static String epochSeconds(Instant instant) {
        long millis = instant.getNano() / 1_000_000;
        if (millis == 0) {
            return Long.toString(instant.getEpochSecond());
        }
        return BigDecimal.valueOf(instant.getEpochSecond())
                .add(BigDecimal.valueOf(millis, 3))
                .stripTrailingZeros()
                .toPlainString();
    }

    /** {@code s} with every unpaired surrogate replaced by U+FFFD; {@code s} itself when there is none. */
    static String wellFormed(String s) {
        int n = s.length();
        StringBuilder sb = null;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            boolean bad;
            if (Character.isHighSurrogate(c)) {
                if (i + 1 < n && Character.isLowSurrogate(s.charAt(i + 1))) {
                    if (sb != null) {
                        sb.append(c).append(s.charAt(i + 1));
                    }
                    i++;
                    continue;
                }
                bad = true;
            } else {
                bad = Character.isLowSurrogate(c);
            }
            if (bad && sb == null) {
                sb = new StringBuilder(n).append(s, 0, i);
            }
            if (sb != null) {
                sb.append(bad ? '\uFFFD' : c);
            }
        }
        return sb == null ? s : sb.toString();
    }

    private static <T extends Value> T cast(Value v, Class<T> type, Member ref) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("member " + ref.name() + " (" + ref.target() + ") cannot take a "
                    + v.getClass().getSimpleName());
        }
        return type.cast(v);
    }
}
