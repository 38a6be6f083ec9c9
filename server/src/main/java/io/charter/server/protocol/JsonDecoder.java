package io.charter.server.protocol;

import io.charter.server.error.ServiceException;
import io.charter.server.error.AwsErrorCode;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import java.io.IOException;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads an AWS JSON 1.1 request body into a typed value tree, guided by the input shape, in one
 * streaming pass (Jackson's parser; no intermediate tree):
 *
 * <ul>
 *   <li>the body is one JSON object (an empty body reads as {@code {}}); members are named by
 *       their wire name (the model's {@code locationName}, else the member name);
 *   <li>structures and maps are objects, lists are arrays; strings, booleans and numbers are the
 *       JSON types; timestamps are epoch seconds (a number, with a fraction for sub-second
 *       precision) unless the model asks for an ISO 8601 or RFC 822 string; blobs are base64
 *       strings; doubles may also be the strings {@code NaN}, {@code Infinity}, {@code -Infinity}
 *       (botocore's {@code JSONSerializer});
 *   <li>a member whose value is {@code null} is absent (botocore's parser reads it so too);
 *       {@code null} inside a list or map is refused: the models' collections are dense;
 *   <li>members the model does not know are skipped, as AWS ignores them; when a member appears
 *       twice the later value wins.
 * </ul>
 *
 * Anything else (not JSON, not an object, trailing content, a value of the wrong JSON type, an
 * integer out of range, nesting deeper than {@value #MAX_DEPTH}) fails with
 * {@link AwsErrorCode#SERIALIZATION_EXCEPTION}. The depth limit is enforced by the parser itself,
 * also inside skipped members, so hostile nesting never reaches a recursion here; no model comes
 * close to it. Stateless and thread-safe (the factory is immutable once built).
 */
final class JsonDecoder {
    static final int MAX_DEPTH = 100;
    /**
     * Bound on a timestamp's decimal scale: with Jackson's 1000-character number limit this keeps
     * {@code 1e-999999999} and the like from costing a huge power of ten when rounded.
     */
    private static final int MAX_TIMESTAMP_SCALE = 1_100;
    private static final BigDecimal MAX_EPOCH_SECONDS = BigDecimal.valueOf(Instant.MAX.getEpochSecond());

    private static final JsonFactory FACTORY = JsonFactory.builder()
            .streamReadConstraints(StreamReadConstraints.builder().maxNestingDepth(MAX_DEPTH).build())
            // Field names come from clients: do not grow the JVM's string intern pool with them.
            .disable(JsonFactory.Feature.INTERN_FIELD_NAMES)
            .build();

    private JsonDecoder() {}

    /**
     * Decodes {@code body}; an operation without input still needs a well-formed object (its
     * content is skipped) and yields {@link StructValue#EMPTY}.
     */
    static StructValue decode(Optional<StructureShape> input, byte[] body) {
        if (isBlank(body)) {
            return StructValue.EMPTY;
        }
        try (JsonParser p = FACTORY.createParser(body)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw serialization("The request body must be a JSON object");
            }
            StructValue value;
            if (input.isPresent()) {
                value = struct(input.get(), p, "");
            } else {
                p.skipChildren();
                value = StructValue.EMPTY;
            }
            if (p.nextToken() != null) {
                throw serialization("Unexpected content after the JSON object" + at(p.currentLocation()));
            }
            return value;
        } catch (StreamConstraintsException e) {
            throw serialization("The request body exceeds a JSON limit (nesting deeper than " + MAX_DEPTH
                    + " levels, or a number or string too long)" + at(e.getLocation()));
        } catch (JsonProcessingException e) {
            throw serialization("The request body is not valid JSON" + at(e.getLocation()));
        } catch (IOException e) {
            // Reading a byte array does no I/O; a failure here is still the body's fault.
            throw serialization("The request body cannot be read as JSON");
        }
    }

    /**
     * A string as text: JSON's escapes can spell a lone half of a surrogate pair ({@code "\\ud800"}),
     * which is no Unicode text and which the store could not keep as written; such a string is
     * refused, as the Query protocol refuses bytes that are not UTF-8.
     */
    private static String unicode(String text, String path) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw serialization("The value at '" + path + "' is not valid Unicode text: it holds an unpaired"
                        + " surrogate");
            }
        }
        return text;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\t' && b != '\n' && b != '\r') {
                return false;
            }
        }
        return true;
    }

    /** Reads the members of an object; the parser is on its START_OBJECT and ends on its END_OBJECT. */
    private static StructValue struct(StructureShape shape, JsonParser p, String path) throws IOException {
        StructValue.Builder builder = null;
        JsonToken t;
        while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken valueToken = p.nextToken();
            Member member = byWireName(shape, name);
            if (member == null) {
                p.skipChildren();
                continue;
            }
            if (valueToken == JsonToken.VALUE_NULL) {
                continue;
            }
            Value v = value(member, p, join(path, name));
            if (builder == null) {
                builder = StructValue.builder();
            }
            builder.put(member.name(), v);
        }
        if (t != JsonToken.END_OBJECT) {
            throw serialization("The request body is not valid JSON" + at(p.currentLocation()));
        }
        return builder == null ? StructValue.EMPTY : builder.build();
    }

    private static Member byWireName(StructureShape shape, String wireName) {
        // Linear: structures have a handful of members, and this allocates nothing.
        for (Member m : shape.members()) {
            if (m.wireName().equals(wireName)) {
                return m;
            }
        }
        return null;
    }

    /** Reads the value the parser is on (never VALUE_NULL) as {@code ref}'s target. */
    private static Value value(Member ref, JsonParser p, String path) throws IOException {
        JsonToken t = p.currentToken();
        return switch (ref.target()) {
            case StructureShape s -> {
                expect(t, JsonToken.START_OBJECT, path, "an object");
                yield struct(s, p, path);
            }
            case ListShape l -> {
                expect(t, JsonToken.START_ARRAY, path, "an array");
                List<Value> elements = new ArrayList<>();
                JsonToken e;
                while ((e = p.nextToken()) != JsonToken.END_ARRAY) {
                    String elementPath = path + "[" + elements.size() + "]";
                    if (e == JsonToken.VALUE_NULL) {
                        throw serialization("Invalid value at " + elementPath + ": null is not allowed in a list");
                    }
                    elements.add(value(l.member(), p, elementPath));
                }
                yield elements.isEmpty() ? ListValue.EMPTY : new ListValue(elements);
            }
            case MapShape m -> {
                expect(t, JsonToken.START_OBJECT, path, "an object");
                Map<String, Value> entries = new LinkedHashMap<>();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String key = p.currentName();
                    String entryPath = path + "[" + quoted(key) + "]";
                    if (p.nextToken() == JsonToken.VALUE_NULL) {
                        throw serialization("Invalid value at " + entryPath + ": null is not allowed in a map");
                    }
                    Value v = value(m.value(), p, entryPath);
                    entries.remove(key);
                    entries.put(key, v);
                }
                yield new MapValue(entries);
            }
            case ScalarShape s -> scalar(s, ref.timestampFormat(), p, t, path);
        };
    }

    private static Value scalar(ScalarShape shape, TimestampFormat format, JsonParser p, JsonToken t, String path)
            throws IOException {
        return switch (shape.type()) {
            case STRING -> {
                expect(t, JsonToken.VALUE_STRING, path, "a string");
                yield new StringValue(unicode(p.getText(), path));
            }
            case INTEGER -> {
                expect(t, JsonToken.VALUE_NUMBER_INT, path, "an integer");
                if (p.getNumberType() != JsonParser.NumberType.INT) {
                    throw serialization("Invalid value at " + path + ": the integer is out of range");
                }
                yield new IntegerValue(p.getIntValue());
            }
            case LONG -> {
                expect(t, JsonToken.VALUE_NUMBER_INT, path, "an integer");
                JsonParser.NumberType type = p.getNumberType();
                if (type != JsonParser.NumberType.INT && type != JsonParser.NumberType.LONG) {
                    throw serialization("Invalid value at " + path + ": the integer is out of range");
                }
                yield new LongValue(p.getLongValue());
            }
            case BOOLEAN -> {
                if (t != JsonToken.VALUE_TRUE && t != JsonToken.VALUE_FALSE) {
                    throw wrongType(path, "a boolean", t);
                }
                yield new BooleanValue(t == JsonToken.VALUE_TRUE);
            }
            case DOUBLE, FLOAT -> new DoubleValue(number(p, t, path));
            case TIMESTAMP -> new TimestampValue(timestamp(format, p, t, path));
            case BLOB -> {
                expect(t, JsonToken.VALUE_STRING, path, "a base64 string");
                try {
                    yield new BlobValue(Base64.getDecoder().decode(p.getText()));
                } catch (IllegalArgumentException e) {
                    throw serialization("Invalid value at " + path + ": expected base64-encoded data");
                }
            }
            case STRUCTURE, LIST, MAP -> throw new IllegalStateException("not a scalar: " + shape);
        };
    }

    private static double number(JsonParser p, JsonToken t, String path) throws IOException {
        if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
            return p.getDoubleValue();
        }
        if (t == JsonToken.VALUE_STRING) {
            switch (p.getText()) {
                case "NaN" -> {
                    return Double.NaN;
                }
                case "Infinity" -> {
                    return Double.POSITIVE_INFINITY;
                }
                case "-Infinity" -> {
                    return Double.NEGATIVE_INFINITY;
                }
                default -> {
                    // fall through to the type error
                }
            }
        }
        throw wrongType(path, "a number", t);
    }

    private static Instant timestamp(TimestampFormat format, JsonParser p, JsonToken t, String path)
            throws IOException {
        if (format == TimestampFormat.UNIX_SECONDS) {
            if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
                throw wrongType(path, "a timestamp in epoch seconds", t);
            }
            return epochSeconds(p.getDecimalValue(), path);
        }
        expect(t, JsonToken.VALUE_STRING, path, "a timestamp string");
        try {
            DateTimeFormatter formatter = format == TimestampFormat.RFC_822
                    ? DateTimeFormatter.RFC_1123_DATE_TIME : DateTimeFormatter.ISO_OFFSET_DATE_TIME;
            return OffsetDateTime.parse(p.getText(), formatter).toInstant();
        } catch (DateTimeException e) {
            throw serialization("Invalid value at " + path + ": expected a timestamp");
        }
    }

    static Instant epochSeconds(BigDecimal seconds, String path) {
        if (seconds.scale() > MAX_TIMESTAMP_SCALE || seconds.scale() < -MAX_TIMESTAMP_SCALE
                || seconds.abs().compareTo(MAX_EPOCH_SECONDS) > 0) {
            throw serialization("Invalid value at " + path + ": the timestamp is out of range");
        }
        try {
            BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
            long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
            return Instant.ofEpochSecond(whole.longValueExact(), nanos);
        } catch (ArithmeticException | DateTimeException e) {
            throw serialization("Invalid value at " + path + ": the timestamp is out of range");
        }
    }

    private static void expect(JsonToken actual, JsonToken expected, String path, String description) {
        if (actual != expected) {
            throw wrongType(path, description, actual);
        }
    }

    private static ServiceException wrongType(String path, String expected, JsonToken actual) {
        return serialization("Invalid value at " + path + ": expected " + expected + ", found " + describe(actual));
    }

    private static String describe(JsonToken t) {
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> "a number";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            default -> "another JSON value";
        };
    }

    private static String quoted(String key) {
        String shown = key.length() > 64 ? key.substring(0, 64) + "..." : key;
        return "'" + shown + "'";
    }

    private static String at(JsonLocation location) {
        if (location == null || location.getLineNr() < 0) {
            return "";
        }
        return " (line " + location.getLineNr() + ", column " + location.getColumnNr() + ")";
    }

    private static ServiceException serialization(String message) {
        return new ServiceException(AwsErrorCode.SERIALIZATION_EXCEPTION, message);
    }

    private static String join(String path, String segment) {
        String shown = segment.length() > 64 ? segment.substring(0, 64) + "..." : segment;
        return path.isEmpty() ? shown : path + "." + shown;
    }
}
