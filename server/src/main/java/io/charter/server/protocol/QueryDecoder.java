package io.charter.server.protocol;

import io.charter.server.error.ServiceException;
import io.charter.server.error.AwsErrorCode;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns flat query parameters into a typed value tree, guided by the input shape (awsQuery rules):
 *
 * <ul>
 *   <li>structure members are dotted ({@code Parent.Member}), named by their wire name;
 *   <li>lists are {@code Name.member.N} (or {@code Name.<locationName>.N}), flattened lists
 *       {@code Name.N}; N starts at 1, elements are ordered by N and gaps are closed;
 *       {@code Name=} with no elements is an empty list;
 *   <li>maps are {@code Name.entry.N.key}/{@code .value} (names from the model's locationName),
 *       flattened maps {@code Name.N.key}; an entry without a key is skipped, a later N wins
 *       over an earlier one with the same key;
 *   <li>parameters the model does not know, and indices that are not canonical positive
 *       decimals of at most 9 digits ({@code 0}, {@code 01}, {@code x}), are ignored, as AWS
 *       ignores unknown parameters; names nested deeper than {@value #MAX_DEPTH} levels are
 *       ignored too (no model comes close, and it bounds recursion on hostile input).
 * </ul>
 *
 * The EC2 protocol ({@link #decodeEc2}) differs in two rules (botocore's {@code EC2Serializer}): a
 * member is named by its {@link Member#ec2InputName()} (the {@code queryName}, else the capitalized
 * {@code locationName}), and every list is flattened ({@code Name.N}).
 *
 * <p>A value that cannot be converted to its type fails with
 * {@link AwsErrorCode#INVALID_PARAMETER_VALUE}. Stateless and thread-safe.
 */
final class QueryDecoder {
    static final int MAX_DEPTH = 32;
    private static final int MAX_INDEX_DIGITS = 9;

    private QueryDecoder() {}

    /** The awsQuery rules. */
    static StructValue decode(StructureShape input, FormParameters params) {
        return decode(input, params, false);
    }

    /** The EC2 protocol's rules. */
    static StructValue decodeEc2(StructureShape input, FormParameters params) {
        return decode(input, params, true);
    }

    private static StructValue decode(StructureShape input, FormParameters params, boolean ec2) {
        Node root = new Node();
        for (Map.Entry<String, String> p : params.asMap().entrySet()) {
            root.insert(p.getKey(), p.getValue());
        }
        StructValue value = decodeStruct(input, root, "", ec2);
        return value == null ? StructValue.EMPTY : value;
    }

    /** One segment of the dotted parameter names. */
    private static final class Node {
        String value;
        Map<String, Node> children;

        void insert(String name, String v) {
            Node node = this;
            int depth = 0;
            int start = 0;
            while (true) {
                if (++depth > MAX_DEPTH) {
                    throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                            "A parameter name nests more than " + MAX_DEPTH + " levels deep.");
                }
                int dot = name.indexOf('.', start);
                String segment = dot < 0 ? name.substring(start) : name.substring(start, dot);
                if (node.children == null) {
                    node.children = new HashMap<>();
                }
                node = node.children.computeIfAbsent(segment, k -> new Node());
                if (dot < 0) {
                    node.value = v;
                    return;
                }
                start = dot + 1;
            }
        }

        Node child(String segment) {
            return children == null ? null : children.get(segment);
        }
    }

    private static StructValue decodeStruct(StructureShape shape, Node node, String path, boolean ec2) {
        StructValue.Builder builder = null;
        for (Member m : shape.members()) {
            String name = ec2 ? m.ec2InputName() : m.wireName();
            Node child = node.child(name);
            if (child == null) {
                continue;
            }
            Value v = decodeValue(m, child, join(path, name), ec2);
            if (v != null) {
                if (builder == null) {
                    builder = StructValue.builder();
                }
                builder.put(m.name(), v);
            }
        }
        return builder == null ? null : builder.build();
    }

    private static Value decodeValue(Member m, Node node, String path, boolean ec2) {
        return switch (m.target()) {
            case StructureShape s -> decodeStruct(s, node, path, ec2);
            case ListShape l -> decodeList(l, ec2 || m.flattened(), node, path, ec2);
            case MapShape map -> decodeMap(map, m.flattened(), node, path, ec2);
            case ScalarShape s -> node.value == null ? null : scalar(s, m.timestampFormat(), node.value, path);
        };
    }

    private static Value decodeList(ListShape shape, boolean flattened, Node node, String path, boolean ec2) {
        Member member = shape.member();
        Node parent = flattened ? node : node.child(member.wireName());
        String elementPath = flattened ? path : path + "." + member.wireName();
        List<Map.Entry<Integer, Node>> indexed = indexed(parent);
        if (indexed.isEmpty()) {
            return "".equals(node.value) ? ListValue.EMPTY : null;
        }
        List<Value> elements = new ArrayList<>(indexed.size());
        for (Map.Entry<Integer, Node> e : indexed) {
            Value v = decodeValue(member, e.getValue(), elementPath + "." + e.getKey(), ec2);
            if (v != null) {
                elements.add(v);
            }
        }
        return new ListValue(elements);
    }

    private static Value decodeMap(MapShape shape, boolean flattened, Node node, String path, boolean ec2) {
        Node parent = flattened ? node : node.child("entry");
        String entryPath = flattened ? path : path + ".entry";
        List<Map.Entry<Integer, Node>> indexed = indexed(parent);
        if (indexed.isEmpty()) {
            return "".equals(node.value) ? new MapValue(Map.of()) : null;
        }
        Map<String, Value> entries = new LinkedHashMap<>();
        for (Map.Entry<Integer, Node> e : indexed) {
            String keyName = ec2 ? shape.key().ec2InputName() : shape.key().wireName();
            String valueName = ec2 ? shape.value().ec2InputName() : shape.value().wireName();
            Node keyNode = e.getValue().child(keyName);
            Node valueNode = e.getValue().child(valueName);
            if (keyNode == null || keyNode.value == null || valueNode == null) {
                continue;
            }
            String valuePath = entryPath + "." + e.getKey() + "." + valueName;
            Value v = decodeValue(shape.value(), valueNode, valuePath, ec2);
            if (v != null) {
                entries.remove(keyNode.value);
                entries.put(keyNode.value, v);
            }
        }
        return new MapValue(entries);
    }

    /**
     * Children sorted by their index. Every segment must be a canonical positive decimal: an
     * entry that cannot be placed is refused rather than dropped, since dropping an element that
     * narrows a request (a session policy, say) would widen it.
     */
    private static List<Map.Entry<Integer, Node>> indexed(Node parent) {
        if (parent == null || parent.children == null) {
            return List.of();
        }
        List<Map.Entry<Integer, Node>> out = new ArrayList<>(parent.children.size());
        for (Map.Entry<String, Node> c : parent.children.entrySet()) {
            int index = index(c.getKey());
            if (index <= 0) {
                throw new ServiceException(AwsErrorCode.MALFORMED_QUERY_STRING,
                        "A list parameter has an invalid index '" + c.getKey()
                                + "': indexes are positive whole numbers without leading zeros.");
            }
            out.add(Map.entry(index, c.getValue()));
        }
        out.sort(Map.Entry.comparingByKey());
        return out;
    }

    private static int index(String s) {
        int n = s.length();
        if (n == 0 || n > MAX_INDEX_DIGITS || s.charAt(0) == '0') {
            return -1;
        }
        int v = 0;
        for (int i = 0; i < n; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static Value scalar(ScalarShape shape, TimestampFormat format, String text, String path) {
        return switch (shape.type()) {
            case STRING -> new StringValue(text);
            case INTEGER -> {
                long v = parseLong(text, path, "an integer");
                if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
                    throw invalid(text, path, "an integer");
                }
                yield new IntegerValue((int) v);
            }
            case LONG -> new LongValue(parseLong(text, path, "a long integer"));
            case BOOLEAN -> {
                if (text.equalsIgnoreCase("true")) {
                    yield new BooleanValue(true);
                }
                if (text.equalsIgnoreCase("false")) {
                    yield new BooleanValue(false);
                }
                throw invalid(text, path, "true or false");
            }
            case DOUBLE, FLOAT -> new DoubleValue(parseDouble(text, path));
            case TIMESTAMP -> new TimestampValue(parseTimestamp(text, format, path));
            case BLOB -> {
                try {
                    yield new BlobValue(Base64.getDecoder().decode(text));
                } catch (IllegalArgumentException e) {
                    throw invalid(text, path, "base64-encoded data");
                }
            }
            case STRUCTURE, LIST, MAP -> throw new IllegalStateException("not a scalar: " + shape);
        };
    }

    private static long parseLong(String text, String path, String expected) {
        int n = text.length();
        int i = n > 0 && text.charAt(0) == '-' ? 1 : 0;
        if (i == n || n - i > 19) {
            throw invalid(text, path, expected);
        }
        for (int j = i; j < n; j++) {
            char c = text.charAt(j);
            if (c < '0' || c > '9') {
                throw invalid(text, path, expected);
            }
        }
        try {
            return Long.parseLong(text);
        } catch (NumberFormatException e) {
            throw invalid(text, path, expected);
        }
    }

    private static double parseDouble(String text, String path) {
        switch (text) {
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
                // Plain decimal notation only: Double.parseDouble would also take "1d" or hex.
                if (!isDecimal(text)) {
                    throw invalid(text, path, "a number");
                }
                return Double.parseDouble(text);
            }
        }
    }

    private static boolean isDecimal(String s) {
        int n = s.length();
        int i = 0;
        if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
            i++;
        }
        int digits = 0;
        while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
            i++;
            digits++;
        }
        if (i < n && s.charAt(i) == '.') {
            i++;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                digits++;
            }
        }
        if (digits == 0) {
            return false;
        }
        if (i < n && (s.charAt(i) == 'e' || s.charAt(i) == 'E')) {
            i++;
            if (i < n && (s.charAt(i) == '-' || s.charAt(i) == '+')) {
                i++;
            }
            int exp = 0;
            while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
                i++;
                exp++;
            }
            if (exp == 0) {
                return false;
            }
        }
        return i == n;
    }

    private static Instant parseTimestamp(String text, TimestampFormat format, String path) {
        try {
            return switch (format) {
                case ISO_8601 -> parseIso(text);
                case UNIX_SECONDS -> parseEpochSeconds(text);
                case RFC_822 -> OffsetDateTime.parse(text, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
            };
        } catch (DateTimeException | ArithmeticException | NumberFormatException e) {
            throw invalid(text, path, format == TimestampFormat.UNIX_SECONDS
                    ? "a timestamp in epoch seconds" : "a timestamp");
        }
    }

    private static Instant parseIso(String text) {
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            // A date-time without an offset is read as UTC.
            return LocalDateTime.parse(text, DateTimeFormatter.ISO_LOCAL_DATE_TIME).toInstant(ZoneOffset.UTC);
        }
    }

    private static Instant parseEpochSeconds(String text) {
        if (!isDecimal(text) || text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
            throw new NumberFormatException(text);
        }
        BigDecimal seconds = new BigDecimal(text);
        BigDecimal whole = seconds.setScale(0, RoundingMode.FLOOR);
        long nanos = seconds.subtract(whole).movePointRight(9).setScale(0, RoundingMode.DOWN).longValueExact();
        return Instant.ofEpochSecond(whole.longValueExact(), nanos);
    }

    private static ServiceException invalid(String text, String path, String expected) {
        String shown = text.length() > 64 ? text.substring(0, 64) + "..." : text;
        return new ServiceException(AwsErrorCode.INVALID_PARAMETER_VALUE,
                "Invalid value '" + shown + "' for parameter " + path + ": expected " + expected);
    }

    private static String join(String path, String segment) {
        return path.isEmpty() ? segment : path + "." + segment;
    }
}
