package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A structure: named members in model order, some required. An exception shape also carries its
 * error code and HTTP status ({@link #errorCode()}).
 */
public final class StructureShape implements Shape {
    private final String name;
    private final List<Member> members;
    private final Map<String, Member> byName;
    private final Optional<String> errorCode;
    private final int errorHttpStatus;

    StructureShape(String name, List<Member> members, Optional<String> errorCode, int errorHttpStatus) {
        this.name = requireNonNull(name, "name is null");
        this.members = List.copyOf(members);
        Map<String, Member> map = new LinkedHashMap<>();
        for (Member m : this.members) {
            map.put(m.name(), m);
        }
        this.byName = Collections.unmodifiableMap(map);
        this.errorCode = requireNonNull(errorCode, "errorCode is null");
        this.errorHttpStatus = errorHttpStatus;
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public ShapeType type() {
        return ShapeType.STRUCTURE;
    }

    /** Members in model order. */
    public List<Member> members() {
        return members;
    }

    public Optional<Member> member(String memberName) {
        return Optional.ofNullable(byName.get(memberName));
    }

    /** For an exception shape: the wire error code (the model's {@code error.code}, else the shape name). */
    public Optional<String> errorCode() {
        return errorCode;
    }

    /** For an exception shape: its HTTP status (400 when the model gives none, as botocore assumes). */
    public int errorHttpStatus() {
        return errorHttpStatus;
    }

    @Override
    public String toString() {
        return "structure " + name;
    }
}
