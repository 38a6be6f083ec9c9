package io.charter.server.protocol;

import io.charter.server.error.AwsErrorCode;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;

/**
 * Writes awsQuery (and EC2) XML responses by hand into a {@link StringBuilder}: no DOM, no reflection. The
 * output value is checked against the output shape while it is written (unknown members and wrong
 * value types throw {@link IllegalArgumentException}: a handler bug, which the HTTP layer turns
 * into {@code InternalFailure}). Required output members are not enforced: AWS itself leaves
 * some out (IAM {@code GetUser} for the root user has no {@code UserName} or {@code Path}).
 *
 * <ul>
 *   <li>lists: {@code <Name><member>…</member></Name>} (member name from the model),
 *       flattened lists repeat {@code <Name>} per element;
 *   <li>maps: {@code <Name><entry><key>…</key><value>…</value></entry></Name>}, flattened maps
 *       repeat {@code <Name><key/><value/></Name>};
 *   <li>timestamps: ISO 8601 UTC ({@code 2019-11-01T20:26:47Z}, millis only when non-zero)
 *       unless the model asks for epoch seconds or RFC 822;
 *   <li>blobs: base64; doubles: Java decimal text, {@code NaN}, {@code Infinity}, {@code -Infinity};
 *   <li>IAM policy documents ({@code policyDocumentType}): RFC 3986 percent-encoded, as IAM does.
 * </ul>
 *
 * Stateless and thread-safe.
 */
final class QueryEncoder {
    private static final DateTimeFormatter RFC_822 =
            DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", Locale.US).withZone(ZoneOffset.UTC);
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    /** EC2 starts each response with it (the query services send none). */
    private static final String XML_DECLARATION = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n";

    private QueryEncoder() {}

    static byte[] result(String namespace, OperationModel operation, StructValue output, String requestId) {
        StringBuilder sb = new StringBuilder(512);
        String root = operation.responseElement();
        sb.append('<').append(root).append(" xmlns=\"");
        XmlText.append(sb, namespace);
        sb.append("\">");
        if (operation.output().isPresent()) {
            String wrapper = operation.resultWrapper();
            sb.append('<').append(wrapper).append('>');
            structMembers(sb, operation.output().get(), output, false);
            sb.append("</").append(wrapper).append('>');
        } else if (!output.isEmpty()) {
            throw new IllegalArgumentException(operation.name() + " has no output, but members were given: "
                    + output.members().keySet());
        }
        sb.append("<ResponseMetadata><RequestId>");
        XmlText.append(sb, requestId);
        sb.append("</RequestId></ResponseMetadata></").append(root).append('>');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An EC2 success response: {@code <?xml …?><NameResponse xmlns=…><requestId>…</requestId>members
     * </NameResponse>}, the members directly under the root (no result wrapper), each named by its
     * {@code locationName}; timestamps carry their milliseconds ({@code 2016-08-20T14:25:27.000Z}).
     */
    static byte[] ec2Result(String namespace, OperationModel operation, StructValue output, String requestId) {
        StringBuilder sb = new StringBuilder(512);
        String root = operation.responseElement();
        sb.append(XML_DECLARATION).append('<').append(root).append(" xmlns=\"");
        XmlText.append(sb, namespace);
        sb.append("\"><requestId>");
        XmlText.append(sb, requestId);
        sb.append("</requestId>");
        if (operation.output().isPresent()) {
            structMembers(sb, operation.output().get(), output, true);
        } else if (!output.isEmpty()) {
            throw new IllegalArgumentException(operation.name() + " has no output, but members were given: "
                    + output.members().keySet());
        }
        sb.append("</").append(root).append('>');
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    /**
     * An EC2 error: {@code <?xml …?><Response><Errors><Error><Code/><Message/></Error></Errors>
     * <RequestID/></Response>}: no namespace, no {@code Type}, and {@code RequestID} in capitals.
     */
    static byte[] ec2Error(String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder(192 + message.length());
        sb.append(XML_DECLARATION).append("<Response><Errors><Error><Code>");
        XmlText.append(sb, code);
        sb.append("</Code><Message>");
        XmlText.append(sb, message);
        sb.append("</Message></Error></Errors><RequestID>");
        XmlText.append(sb, requestId);
        sb.append("</RequestID></Response>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] error(String namespace, AwsErrorCode.Fault fault, String code, String message, String requestId) {
        StringBuilder sb = new StringBuilder(256 + message.length());
        sb.append("<ErrorResponse xmlns=\"");
        XmlText.append(sb, namespace);
        sb.append("\"><Error><Type>").append(fault.wireName()).append("</Type><Code>");
        XmlText.append(sb, code);
        sb.append("</Code><Message>");
        XmlText.append(sb, message);
        sb.append("</Message></Error><RequestId>");
        XmlText.append(sb, requestId);
        sb.append("</RequestId></ErrorResponse>");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void structMembers(StringBuilder sb, StructureShape shape, StructValue value, boolean ec2) {
        Map<String, Value> members = value.members();
        int written = 0;
        for (Member m : shape.members()) {
            Value v = members.get(m.name());
            if (v == null) {
                continue;
            }
            written++;
            member(sb, m, v, ec2);
        }
        if (written != members.size()) {
            for (String name : members.keySet()) {
                if (shape.member(name).isEmpty()) {
                    throw new IllegalArgumentException(shape.name() + " has no member " + name);
                }
            }
        }
    }

    /** Writes one member (or, for flattened lists and maps, its repeated elements). */
    private static void member(StringBuilder sb, Member m, Value v, boolean ec2) {
        String name = m.wireName();
        switch (m.target()) {
            case ListShape list -> {
                ListValue lv = cast(v, ListValue.class, m);
                Member element = list.member();
                if (m.flattened()) {
                    for (Value e : lv.elements()) {
                        element(sb, name, element.xmlnsAttribute(), element, e, ec2);
                    }
                } else {
                    open(sb, name, m.xmlnsAttribute());
                    for (Value e : lv.elements()) {
                        element(sb, element.wireName(), element.xmlnsAttribute(), element, e, ec2);
                    }
                    close(sb, name);
                }
            }
            case MapShape map -> {
                MapValue mv = cast(v, MapValue.class, m);
                boolean flattened = m.flattened();
                if (!flattened) {
                    open(sb, name, m.xmlnsAttribute());
                }
                for (Map.Entry<String, Value> e : mv.entries().entrySet()) {
                    if (flattened) {
                        open(sb, name, m.xmlnsAttribute());
                    } else {
                        sb.append("<entry>");
                    }
                    element(sb, map.key().wireName(), map.key().xmlnsAttribute(), map.key(), new StringValue(e.getKey()), ec2);
                    element(sb, map.value().wireName(), map.value().xmlnsAttribute(), map.value(), e.getValue(), ec2);
                    if (flattened) {
                        close(sb, name);
                    } else {
                        sb.append("</entry>");
                    }
                }
                if (!flattened) {
                    close(sb, name);
                }
            }
            default -> element(sb, name, m.xmlnsAttribute(), m, v, ec2);
        }
    }

    /** Writes {@code <name>value</name>} where the value's shape is {@code ref.target()}. */
    private static void element(StringBuilder sb, String name, String xmlns, Member ref, Value v, boolean ec2) {
        Shape target = ref.target();
        switch (target) {
            case StructureShape s -> {
                StructValue sv = cast(v, StructValue.class, ref);
                open(sb, name, xmlns);
                structMembers(sb, s, sv, ec2);
                close(sb, name);
            }
            case ListShape l -> {
                // A list directly inside a list or map (e.g. a list of lists): never flattened.
                ListValue lv = cast(v, ListValue.class, ref);
                open(sb, name, xmlns);
                for (Value e : lv.elements()) {
                    element(sb, l.member().wireName(), l.member().xmlnsAttribute(), l.member(), e, ec2);
                }
                close(sb, name);
            }
            case MapShape map -> {
                MapValue mv = cast(v, MapValue.class, ref);
                open(sb, name, xmlns);
                for (Map.Entry<String, Value> e : mv.entries().entrySet()) {
                    sb.append("<entry>");
                    element(sb, map.key().wireName(), map.key().xmlnsAttribute(), map.key(), new StringValue(e.getKey()), ec2);
                    element(sb, map.value().wireName(), map.value().xmlnsAttribute(), map.value(), e.getValue(), ec2);
                    sb.append("</entry>");
                }
                close(sb, name);
            }
            case ScalarShape s -> {
                open(sb, name, xmlns);
                scalar(sb, s, ref, v, ec2);
                close(sb, name);
            }
        }
    }

    private static void scalar(StringBuilder sb, ScalarShape shape, Member ref, Value v, boolean ec2) {
        switch (shape.type()) {
            case STRING -> {
                String text = cast(v, StringValue.class, ref).value();
                if (shape.urlEncodedOnWire()) {
                    percentEncode(sb, text);
                } else {
                    XmlText.append(sb, text);
                }
            }
            case INTEGER -> sb.append(cast(v, IntegerValue.class, ref).value());
            case LONG -> {
                if (v instanceof IntegerValue i) {
                    sb.append(i.value());
                } else {
                    sb.append(cast(v, LongValue.class, ref).value());
                }
            }
            case BOOLEAN -> sb.append(cast(v, BooleanValue.class, ref).value());
            case DOUBLE, FLOAT -> sb.append(number(cast(v, DoubleValue.class, ref).value()));
            case TIMESTAMP -> {
                Instant instant = cast(v, TimestampValue.class, ref).value();
                if (ec2 && ref.timestampFormat() == TimestampFormat.ISO_8601) {
                    iso8601(sb, instant, true);
                } else {
                    timestamp(sb, instant, ref.timestampFormat());
                }
            }
            case BLOB -> sb.append(cast(v, BlobValue.class, ref).base64());
            case STRUCTURE, LIST, MAP -> throw new IllegalStateException("not a scalar: " + shape);
        }
    }

    static String number(double d) {
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "Infinity" : "-Infinity";
        }
        return Double.toString(d);
    }

    static void timestamp(StringBuilder sb, Instant instant, TimestampFormat format) {
        switch (format) {
            case ISO_8601 -> iso8601(sb, instant, false);
            case UNIX_SECONDS -> {
                long seconds = instant.getEpochSecond();
                int millis = instant.getNano() / 1_000_000;
                sb.append(seconds);
                if (millis != 0) {
                    sb.append('.');
                    pad(sb, millis, 3);
                }
            }
            case RFC_822 -> sb.append(RFC_822.format(instant));
        }
    }

    /** {@code 2019-11-01T20:26:47Z}, or {@code 2011-07-15T23:28:33.359Z} when the millis are not zero. */
    static void iso8601(StringBuilder sb, Instant instant) {
        iso8601(sb, instant, false);
    }

    /** As {@link #iso8601(StringBuilder, Instant)}, with the millis written even when zero if {@code alwaysMillis} (EC2). */
    static void iso8601(StringBuilder sb, Instant instant, boolean alwaysMillis) {
        OffsetDateTime t = instant.atOffset(ZoneOffset.UTC);
        pad(sb, t.getYear(), 4);
        sb.append('-');
        pad(sb, t.getMonthValue(), 2);
        sb.append('-');
        pad(sb, t.getDayOfMonth(), 2);
        sb.append('T');
        pad(sb, t.getHour(), 2);
        sb.append(':');
        pad(sb, t.getMinute(), 2);
        sb.append(':');
        pad(sb, t.getSecond(), 2);
        int millis = t.getNano() / 1_000_000;
        if (millis != 0 || alwaysMillis) {
            sb.append('.');
            pad(sb, millis, 3);
        }
        sb.append('Z');
    }

    private static void pad(StringBuilder sb, int value, int width) {
        String s = Integer.toString(value);
        for (int i = s.length(); i < width; i++) {
            sb.append('0');
        }
        sb.append(s);
    }

    /** RFC 3986 percent-encoding of the UTF-8 bytes: only {@code A-Z a-z 0-9 - . _ ~} stay as is. */
    static void percentEncode(StringBuilder sb, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (byte b : bytes) {
            int c = b & 0xff;
            if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
                    || c == '-' || c == '.' || c == '_' || c == '~') {
                sb.append((char) c);
            } else {
                sb.append('%').append(HEX[c >> 4]).append(HEX[c & 0xf]);
            }
        }
    }

    private static void open(StringBuilder sb, String name, String xmlns) {
        sb.append('<').append(name).append(xmlns).append('>');
    }

    private static void close(StringBuilder sb, String name) {
        sb.append("</").append(name).append('>');
    }

    private static <T extends Value> T cast(Value v, Class<T> type, Member ref) {
        if (!type.isInstance(v)) {
            throw new IllegalArgumentException("member " + ref.name() + " (" + ref.target() + ") cannot take a "
                    + v.getClass().getSimpleName());
        }
        return type.cast(v);
    }
}
