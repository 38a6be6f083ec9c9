package io.charter.server.identity;

import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * An immutable map made of a large base, shared by successive snapshots, and a small overlay of
 * the entries changed since the base was built. A write makes the next snapshot's map by copying
 * the overlay, not the base, so its cost does not grow with the store; when the overlay outgrows
 * the square root of the base (at least {@link #MIN_OVERLAY}), the two are merged into a new base,
 * which keeps lookups at one small-map probe plus one base probe and the amortised cost of a write
 * at O(√n). Values are never null. Thread-safe (immutable).
 */
final class LayeredMap<V> extends AbstractMap<String, V> {
    static final int MIN_OVERLAY = 256;
    private static final Object REMOVED = new Object();

    private final Map<String, V> base;
    /** Changed entries: a value, or {@link #REMOVED} for a key of the base that is gone. */
    private final Map<String, Object> overlay;
    private final int size;

    private LayeredMap(Map<String, V> base, Map<String, Object> overlay, int size) {
        this.base = base;
        this.overlay = overlay;
        this.size = size;
    }

    /**
     * {@code current} with {@code changes} applied (a null value removes the key), sharing
     * {@code current}'s base. {@code current} is not changed.
     */
    static <V> Map<String, V> with(Map<String, V> current, Map<String, V> changes) {
        Map<String, V> base;
        Map<String, Object> overlay;
        if (current instanceof LayeredMap<V> layered) {
            base = layered.base;
            overlay = new HashMap<>(layered.overlay);
        } else {
            base = current;
            overlay = new HashMap<>();
        }
        int size = current.size();
        for (Map.Entry<String, V> change : changes.entrySet()) {
            String key = change.getKey();
            boolean present = current.containsKey(key);
            V value = change.getValue();
            if (value != null) {
                overlay.put(key, value);
                size += present ? 0 : 1;
            } else if (present) {
                if (base.containsKey(key)) {
                    overlay.put(key, REMOVED);
                } else {
                    overlay.remove(key);
                }
                size--;
            }
        }
        LayeredMap<V> next = new LayeredMap<>(base, overlay, size);
        return overlay.size() > Math.max(MIN_OVERLAY, (int) Math.sqrt(base.size())) ? next.merged() : next;
    }

    /** One map with the overlay applied, the next base. */
    private Map<String, V> merged() {
        return new LayeredMap<>(Collections.unmodifiableMap(new HashMap<>(this)), Map.of(), size);
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(Object key) {
        if (!overlay.isEmpty()) {
            Object changed = overlay.get(key);
            if (changed != null) {
                return changed == REMOVED ? null : (V) changed;
            }
        }
        return base.get(key);
    }

    @Override
    public boolean containsKey(Object key) {
        return get(key) != null;
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    public Set<Map.Entry<String, V>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return size;
            }

            @Override
            public Iterator<Map.Entry<String, V>> iterator() {
                return new Entries();
            }
        };
    }

    /** The overlay's values, then the base's entries the overlay does not change. */
    private final class Entries implements Iterator<Map.Entry<String, V>> {
        private final Iterator<Map.Entry<String, Object>> changed = overlay.entrySet().iterator();
        private final Iterator<Map.Entry<String, V>> unchanged = base.entrySet().iterator();
        private Map.Entry<String, V> next = advance();

        @SuppressWarnings("unchecked")
        private Map.Entry<String, V> advance() {
            while (changed.hasNext()) {
                Map.Entry<String, Object> entry = changed.next();
                if (entry.getValue() != REMOVED) {
                    return new SimpleImmutableEntry<>(entry.getKey(), (V) entry.getValue());
                }
            }
            while (unchanged.hasNext()) {
                Map.Entry<String, V> entry = unchanged.next();
                if (!overlay.containsKey(entry.getKey())) {
                    return entry;
                }
            }
            return null;
        }

        @Override
        public boolean hasNext() {
            return next != null;
        }

        @Override
        public Map.Entry<String, V> next() {
            if (next == null) {
                throw new NoSuchElementException();
            }
            Map.Entry<String, V> out = next;
            next = advance();
            return out;
        }
    }
}
