package io.charter.server.audit;

import java.time.Instant;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Event ids: UUIDs of version 7 (RFC 9562), whose first 48 bits are the event's time in
 * milliseconds and the rest random. Their text sorts as their times do, so a record's row goes to
 * the end of the primary key (a random UUID's would land anywhere in it: about twice the insert's
 * cost, measured), and the records older than a time are those whose id sorts before
 * {@link #floor}. They are not secrets and not guessable in a useful way (74 random bits).
 *
 * <p>Stateless and thread-safe.
 */
final class EventIds {
    private EventIds() {
    }

    /** A new id for an event at {@code time}. */
    static String next(Instant time) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        long high = (time.toEpochMilli() << 16) | 0x7000L | (random.nextInt() & 0x0FFFL);
        long low = (random.nextLong() & 0x3FFF_FFFF_FFFF_FFFFL) | 0x8000_0000_0000_0000L;
        return text(high, low);
    }

    /** The smallest id of an event at {@code time}: every older event's id sorts before it. */
    static String floor(Instant time) {
        return text((time.toEpochMilli() << 16) | 0x7000L, 0x8000_0000_0000_0000L);
    }

    private static String text(long high, long low) {
        StringBuilder out = new StringBuilder(36);
        hex(out, high >>> 32, 8);
        out.append('-');
        hex(out, (high >>> 16) & 0xFFFF, 4);
        out.append('-');
        hex(out, high & 0xFFFF, 4);
        out.append('-');
        hex(out, low >>> 48, 4);
        out.append('-');
        hex(out, low & 0xFFFF_FFFF_FFFFL, 12);
        return out.toString();
    }

    private static void hex(StringBuilder out, long value, int digits) {
        for (int shift = (digits - 1) * 4; shift >= 0; shift -= 4) {
            out.append(Character.forDigit((int) ((value >>> shift) & 0xF), 16));
        }
    }
}
