package io.charter.server.protocol;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/** A map value with string keys; entry order is kept (it is the order on the wire). */
public record MapValue(Map<String, Value> entries) implements Value {

    public MapValue {
        entries = Collections.unmodifiableMap(new LinkedHashMap<>(entries));
        for (Map.Entry<String, Value> e : entries.entrySet()) {
            Objects.requireNonNull(e.getKey(), "key is null");
            Objects.requireNonNull(e.getValue(), "value is null");
        }
    }

    @Override
    public String render() {
        StringBuilder sb = new StringBuilder("{");
        boolean first = true;
        for (Map.Entry<String, Value> e : entries.entrySet()) {
            if (!first) {
                sb.append(", ");
            }
            first = false;
            sb.append(e.getKey()).append('=').append(e.getValue().render());
        }
        return sb.append('}').toString();
    }
}
