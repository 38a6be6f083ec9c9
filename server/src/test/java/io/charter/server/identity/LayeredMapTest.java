package io.charter.server.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A layered map reads as the map it stands for, through overlays and merges, and never changes. */
class LayeredMapTest {

    @Test
    void readsAsTheMapItStandsForAcrossManyWritesAndMerges() {
        Random random = new Random(20261123);
        Map<String, Integer> model = new HashMap<>();
        for (int i = 0; i < 10_000; i++) {
            model.put("k" + i, i);
        }
        Map<String, Integer> layered = Map.copyOf(model);
        for (int write = 0; write < 2_000; write++) {
            Map<String, Integer> changes = new HashMap<>();
            for (int c = random.nextInt(3) + 1; c > 0; c--) {
                String key = "k" + random.nextInt(12_000);
                Integer value = random.nextInt(4) == 0 ? null : random.nextInt();
                changes.put(key, value);
            }
            Map<String, Integer> before = layered;
            Map<String, Integer> beforeCopy = new HashMap<>(before);
            layered = LayeredMap.with(layered, changes);
            changes.forEach((k, v) -> {
                if (v == null) {
                    model.remove(k);
                } else {
                    model.put(k, v);
                }
            });
            assertEquals(beforeCopy, new HashMap<>(before), "the previous snapshot's map is unchanged");
            if (write % 100 == 0 || write == 1_999) {
                assertEquals(model, layered);
                assertEquals(model.size(), layered.size());
                assertEquals(model.entrySet(), layered.entrySet());
            }
        }
        for (int i = 0; i < 12_000; i++) {
            assertEquals(model.get("k" + i), layered.get("k" + i));
            assertEquals(model.containsKey("k" + i), layered.containsKey("k" + i));
        }
    }

    @Test
    void removingWhatTheBaseHoldsHidesItAndPuttingItBackShowsTheNewValue() {
        Map<String, String> base = Map.of("a", "1", "b", "2");
        Map<String, String> removed = LayeredMap.with(base, mapOf("a", null));
        assertNull(removed.get("a"));
        assertFalse(removed.containsKey("a"));
        assertEquals(Map.of("b", "2"), removed);
        Map<String, String> back = LayeredMap.with(removed, mapOf("a", "3"));
        assertEquals(Map.of("a", "3", "b", "2"), back);
        assertEquals(Map.of("b", "2", "c", "4"), LayeredMap.with(removed, mapOf("c", "4")));
        assertEquals(base, LayeredMap.with(base, mapOf("zz", null)), "removing a missing key changes nothing");
    }

    @Test
    void cannotBeChangedInPlace() {
        Map<String, String> layered = LayeredMap.with(Map.of("a", "1"), mapOf("b", "2"));
        assertThrows(UnsupportedOperationException.class, () -> layered.put("c", "3"));
        assertThrows(UnsupportedOperationException.class, () -> layered.entrySet().iterator().next().setValue("x"));
    }

    private static Map<String, String> mapOf(String key, String value) {
        Map<String, String> map = new HashMap<>();
        map.put(key, value);
        return map;
    }
}
