package io.charter.server.protocol;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * A structure value: members by model name (for example {@code RoleArn}, {@code arn}), absent
 * members simply missing. Handlers read requests through the typed accessors and build responses
 * with {@link #builder()}; the encoder checks a built value against the output shape.
 *
 * <p>The accessors fail with {@link IllegalStateException} when a member has another type than
 * asked for, or when a required accessor finds nothing: both are programming errors (decoding
 * has already checked the request against the model), never client errors.
 */
public final class StructValue implements Value {
    public static final StructValue EMPTY = new StructValue(Map.of());

    private final Map<String, Value> members;

    private StructValue(Map<String, Value> members) {
        this.members = members;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Members by name, in the order they were decoded or put. */
    public Map<String, Value> members() {
        return members;
    }

    public boolean has(String name) {
        return members.containsKey(name);
    }

    public Optional<Value> get(String name) {
        return Optional.ofNullable(members.get(name));
    }

    public boolean isEmpty() {
        return members.isEmpty();
    }

    /** A member that must be present (required in the model). */
    public String string(String name) {
        return optionalString(name).orElseThrow(() -> missing(name));
    }

    public Optional<String> optionalString(String name) {
        return typed(name, StringValue.class).map(StringValue::value);
    }

    public int integer(String name) {
        OptionalInt v = optionalInt(name);
        if (v.isEmpty()) {
            throw missing(name);
        }
        return v.getAsInt();
    }

    public OptionalInt optionalInt(String name) {
        Optional<IntegerValue> v = typed(name, IntegerValue.class);
        return v.isPresent() ? OptionalInt.of(v.get().value()) : OptionalInt.empty();
    }

    public Optional<Boolean> optionalBoolean(String name) {
        return typed(name, BooleanValue.class).map(BooleanValue::value);
    }

    /** A list member's elements; empty when the member is absent (see {@link #optionalList}). */
    public List<Value> list(String name) {
        return optionalList(name).map(ListValue::elements).orElse(List.of());
    }

    /** A list member, keeping "absent" apart from "sent as an empty list". */
    public Optional<ListValue> optionalList(String name) {
        return typed(name, ListValue.class);
    }

    /** A list-of-strings member; empty when absent. */
    public List<String> stringList(String name) {
        return optionalList(name).map(ListValue::strings).orElse(List.of());
    }

    /** A list-of-structures member (e.g. {@code Tags}); empty when absent. */
    public List<StructValue> structList(String name) {
        return optionalList(name).map(ListValue::structs).orElse(List.of());
    }

    /** A structure member that must be present. */
    public StructValue struct(String name) {
        return optionalStruct(name).orElseThrow(() -> missing(name));
    }

    public Optional<StructValue> optionalStruct(String name) {
        return typed(name, StructValue.class);
    }

    private <T extends Value> Optional<T> typed(String name, Class<T> type) {
        Value v = members.get(name);
        if (v == null) {
            return Optional.empty();
        }
        if (!type.isInstance(v)) {
            throw wrongType(name, type.getSimpleName(), v);
        }
        return Optional.of(type.cast(v));
    }

    private static IllegalStateException missing(String name) {
        return new IllegalStateException("member " + name + " is absent");
    }

    private static IllegalStateException wrongType(String name, String expected, Value actual) {
        return new IllegalStateException("member " + name + " is not a " + expected + ": "
                + actual.getClass().getSimpleName());
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Value> e : members.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue().render());
        }
        return sb.append('}').toString();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof StructValue other && members.equals(other.members);
    }

    @Override
    public int hashCode() {
        return members.hashCode();
    }

    @Override
    public String toString() {
        return "StructValue" + members;
    }

    /** Builds a {@link StructValue}; a later {@code put} of the same name replaces the earlier one. */
    public static final class Builder {
        private final Map<String, Value> members = new LinkedHashMap<>();

        private Builder() {}

        public Builder put(String name, Value value) {
            members.put(requireNonNull(name, "name is null"), requireNonNull(value, "value is null"));
            return this;
        }

        public Builder put(String name, String value) {
            return put(name, new StringValue(value));
        }

        public Builder put(String name, int value) {
            return put(name, new IntegerValue(value));
        }

        public Builder put(String name, long value) {
            return put(name, new LongValue(value));
        }

        public Builder put(String name, boolean value) {
            return put(name, new BooleanValue(value));
        }

        public Builder put(String name, double value) {
            return put(name, new DoubleValue(value));
        }

        public Builder put(String name, Instant value) {
            return put(name, new TimestampValue(value));
        }

        public Builder put(String name, byte[] value) {
            return put(name, new BlobValue(value));
        }

        /** Puts a list of values (structures, strings, ...). */
        public Builder putList(String name, List<? extends Value> values) {
            return put(name, new ListValue(List.copyOf(values)));
        }

        /** Puts a list of strings. */
        public Builder putStrings(String name, List<String> values) {
            return put(name, ListValue.ofStrings(values));
        }

        public StructValue build() {
            return members.isEmpty() ? EMPTY : new StructValue(Collections.unmodifiableMap(new LinkedHashMap<>(members)));
        }
    }
}
