package io.charter.server;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

/** A clock that follows real time plus an offset tests move forward: time passes without sleeping. */
public final class TestClock extends Clock {
    private final AtomicReference<Duration> offset = new AtomicReference<>(Duration.ZERO);

    public void advance(Duration by) {
        offset.updateAndGet(o -> o.plus(by));
    }

    /**
     * Moves this clock by at most ten minutes so that it stands between minutes 10 and 50 of its
     * hour: a test of what happens within one hour (hourly digests) then never straddles an hour
     * by chance, and requests signed with real time stay within SigV4's fifteen minutes of skew.
     */
    public TestClock awayFromHourBoundary() {
        int minute = instant().atZone(ZoneOffset.UTC).getMinute();
        if (minute < 10) {
            advance(Duration.ofMinutes(10 - minute));
        } else if (minute > 50) {
            advance(Duration.ofMinutes(50 - minute));
        }
        return this;
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset.get());
    }
}
