package io.charter.server.http;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The operations this server implements, by service and name. Immutable. */
public final class Operations {
    private final Map<String, Operation> byKey;

    public Operations(List<Operation> operations) {
        Map<String, Operation> map = new HashMap<>();
        for (Operation operation : operations) {
            if (map.put(key(operation.service(), operation.name()), operation) != null) {
                throw new IllegalArgumentException("operation registered twice: " + operation.name());
            }
        }
        this.byKey = Map.copyOf(map);
    }

    public Optional<Operation> find(String service, String name) {
        return Optional.ofNullable(byKey.get(key(service, name)));
    }

    /** Whether the operation is implemented; the codec treats every other one as unknown. */
    public boolean contains(String service, String name) {
        return byKey.containsKey(key(service, name));
    }

    private static String key(String service, String name) {
        return service + ':' + name;
    }
}
