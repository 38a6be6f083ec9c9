package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.regex.Pattern;

/**
 * A string, number, boolean, timestamp or blob shape with its constraints: {@code min}/{@code max}
 * (length for strings, lists and blobs; value for numbers), {@code pattern} (a Java regex, compiled
 * once at load, matched against the whole value; {@code \w} is ASCII as in the AWS models) and
 * {@code enum}.
 *
 * @param urlEncodedOnWire true for IAM's {@code policyDocumentType}: IAM percent-encodes policy
 *     documents in responses (RFC 3986), and botocore's {@code json_decode_policies} decodes them
 */
public record ScalarShape(
        String name,
        ShapeType type,
        OptionalLong min,
        OptionalLong max,
        Optional<Pattern> pattern,
        List<String> enumValues,
        TimestampFormat timestampFormat,
        boolean sensitive,
        boolean urlEncodedOnWire) implements Shape {

    public ScalarShape {
        requireNonNull(name, "name is null");
        requireNonNull(type, "type is null");
        if (type == ShapeType.STRUCTURE || type == ShapeType.LIST || type == ShapeType.MAP) {
            throw new IllegalArgumentException("not a scalar type: " + type);
        }
        requireNonNull(min, "min is null");
        requireNonNull(max, "max is null");
        requireNonNull(pattern, "pattern is null");
        enumValues = List.copyOf(enumValues);
        requireNonNull(timestampFormat, "timestampFormat is null");
    }

    @Override
    public String toString() {
        return type.modelName() + " " + name;
    }
}
