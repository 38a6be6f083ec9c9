package io.charter.server.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** Event ids are UUIDs of version 7 whose text sorts by their event's time, above their time's floor. */
class EventIdsTest {
    @Test
    void idsAreVersion7AndSortByTime() {
        Instant earlier = Instant.parse("2026-12-08T01:00:00.001Z");
        Instant later = earlier.plusMillis(1);
        String a = EventIds.next(earlier);
        String b = EventIds.next(later);
        UUID parsed = UUID.fromString(a);
        assertEquals(7, parsed.version());
        assertEquals(2, parsed.variant());
        assertEquals(a, parsed.toString());
        assertTrue(a.compareTo(b) < 0, a + " before " + b);
        assertTrue(EventIds.floor(later).compareTo(a) > 0, "an older event sorts before the floor of a later time");
        assertTrue(EventIds.floor(later).compareTo(b) <= 0, "an event of the floor's time sorts at or after it");
        assertEquals(earlier.toEpochMilli(), Long.parseLong(a.substring(0, 8) + a.substring(9, 13), 16));
    }
}
