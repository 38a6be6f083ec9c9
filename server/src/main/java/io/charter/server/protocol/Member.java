package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Map;
import java.util.Optional;

/**
 * A reference from a structure, list or map to a target shape: a structure member, a list's
 * {@code member}, or a map's {@code key}/{@code value}. Carries the wire name (the model's
 * {@code locationName}, else the member name), whether it is flattened, an XML namespace and a
 * timestamp format override.
 *
 * <p>The target is linked once after all shapes of a model are built (shapes may be recursive);
 * the object is effectively immutable afterwards and is published through the final fields of
 * {@link ServiceModel}.
 */
public final class Member {
    private final String name;
    private final String wireName;
    private final String targetName;
    private final boolean flattenedRef;
    private final boolean required;
    private final String xmlnsAttribute;
    private final Optional<TimestampFormat> timestampFormat;
    private final String pathName;
    private final String ec2InputName;
    private Shape target;

    /** @param ec2InputName the member's name in EC2 request parameters ({@link #ec2InputName()}) */
    Member(String name, String wireName, String ec2InputName, String targetName, boolean flattenedRef,
            boolean required, String xmlnsAttribute, Optional<TimestampFormat> timestampFormat) {
        this.name = requireNonNull(name, "name is null");
        this.wireName = requireNonNull(wireName, "wireName is null");
        this.ec2InputName = requireNonNull(ec2InputName, "ec2InputName is null");
        this.targetName = requireNonNull(targetName, "targetName is null");
        this.flattenedRef = flattenedRef;
        this.required = required;
        this.xmlnsAttribute = requireNonNull(xmlnsAttribute, "xmlnsAttribute is null");
        this.timestampFormat = requireNonNull(timestampFormat, "timestampFormat is null");
        this.pathName = name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }

    void link(Map<String, Shape> shapes) {
        Shape shape = shapes.get(targetName);
        if (shape == null) {
            throw new IllegalArgumentException("member " + name + " refers to unknown shape " + targetName);
        }
        this.target = shape;
    }

    /** The member name in the model (the key handlers use in a {@link StructValue}). */
    public String name() {
        return name;
    }

    /** The name on the wire: {@code locationName} if the model gives one, else {@link #name()}. */
    public String wireName() {
        return wireName;
    }

    /**
     * The name of the member in an EC2 request's parameters: the model's {@code queryName}, else its
     * {@code locationName} with the first letter upper-cased, else the member name (botocore's
     * {@code EC2Serializer}).
     */
    public String ec2InputName() {
        return ec2InputName;
    }

    /** The member name as AWS prints it in validation messages: first letter lower-cased. */
    public String pathName() {
        return pathName;
    }

    public Shape target() {
        return requireNonNull(target, "member not linked");
    }

    /** True if the member is in its structure's {@code required} list. */
    public boolean required() {
        return required;
    }

    /** True if the reference or the target list/map shape is flattened. */
    public boolean flattened() {
        return flattenedRef
                || (target() instanceof ListShape list && list.flattened())
                || (target() instanceof MapShape map && map.flattened());
    }

    /** The timestamp format: the reference's, else the target's, else ISO 8601. */
    public TimestampFormat timestampFormat() {
        if (timestampFormat.isPresent()) {
            return timestampFormat.get();
        }
        return target() instanceof ScalarShape scalar ? scalar.timestampFormat() : TimestampFormat.ISO_8601;
    }

    /** {@code xmlns} attribute text to put on this member's element, with a leading space, or "". */
    String xmlnsAttribute() {
        return xmlnsAttribute;
    }

    @Override
    public String toString() {
        return name + " -> " + targetName;
    }
}
