package io.complianceconnect.groups.bench;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock shifted so that a rate-limit window (a minute of this clock, as the simulator
 * counts them) starts at the moment {@link #alignWindowStartToNow()} is called. Time runs at the
 * real pace; only the origin moves. The simulator and the connector share one instance, so both
 * agree on when windows reset, and a run measures whole windows rather than a partial first one.
 */
final class WindowAlignedClock extends Clock {

    static final Duration WINDOW = Duration.ofMinutes(1);

    private volatile Duration offset = Duration.ZERO;

    /** Shifts the clock so that now is the start of a window; returns that start. */
    Instant alignWindowStartToNow() {
        Instant real = Instant.now();
        long intoWindow = Math.floorMod(real.toEpochMilli(), WINDOW.toMillis());
        // Shift back by the part of the window already gone: "now" becomes a window start.
        offset = Duration.ofMillis(-intoWindow);
        return real.plus(offset);
    }

    @Override
    public Instant instant() {
        return Instant.now().plus(offset);
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("the benchmark clock is UTC only");
    }
}
