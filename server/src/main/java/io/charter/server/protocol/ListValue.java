package io.charter.server.protocol;

import java.util.ArrayList;
import java.util.List;

/** A list value; an empty list is distinct from an absent member ({@code Name=} on the wire). */
public record ListValue(List<Value> elements) implements Value {
    public static final ListValue EMPTY = new ListValue(List.of());

    public ListValue {
        elements = List.copyOf(elements);
    }

    /** A list of strings. */
    public static ListValue ofStrings(List<String> strings) {
        List<Value> values = new ArrayList<>(strings.size());
        for (String s : strings) {
            values.add(new StringValue(s));
        }
        return new ListValue(values);
    }

    public int size() {
        return elements.size();
    }

    /** The elements as strings. @throws IllegalStateException if an element is not a string */
    public List<String> strings() {
        List<String> out = new ArrayList<>(elements.size());
        for (Value v : elements) {
            if (!(v instanceof StringValue s)) {
                throw new IllegalStateException("list element is not a string: " + v);
            }
            out.add(s.value());
        }
        return List.copyOf(out);
    }

    /** The elements as structures. @throws IllegalStateException if an element is not a structure */
    public List<StructValue> structs() {
        List<StructValue> out = new ArrayList<>(elements.size());
        for (Value v : elements) {
            if (!(v instanceof StructValue s)) {
                throw new IllegalStateException("list element is not a structure: " + v);
            }
            out.add(s);
        }
        return List.copyOf(out);
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("[");
        for (int i = 0; i < elements.size(); i++) {
            if (i > 0) {
                sb.append(", ");
            }
            sb.append(elements.get(i).render());
        }
        return sb.append(']').toString();
    }
}
