package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.sweep.ShiftableClock;

import java.time.Duration;
import java.time.Instant;

/**
 * The system clock shifted so that a rate-limit window (a minute of this clock, as the simulator
 * counts them) starts at the moment {@link #alignWindowStartToNow()} is called. Time runs at the
 * real pace; only the origin moves. The simulator and the connector share one instance, so both
 * agree on when windows reset, and a run measures whole windows rather than a partial first one.
 */
final class WindowAlignedClock extends ShiftableClock {

    static final Duration WINDOW = Duration.ofMinutes(1);

    /** Shifts the clock so that now is the start of a window; returns that start. */
    Instant alignWindowStartToNow() {
        Instant real = Instant.now();
        long intoWindow = Math.floorMod(real.toEpochMilli(), WINDOW.toMillis());
        // Shift back by the part of the window already gone: "now" becomes a window start.
        Duration offset = Duration.ofMillis(-intoWindow);
        shift(offset);
        return real.plus(offset);
    }
}
