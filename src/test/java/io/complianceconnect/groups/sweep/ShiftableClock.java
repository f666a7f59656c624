package io.complianceconnect.groups.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/**
 * The system clock (UTC) shifted by an offset that a test or a benchmark moves at once: an engine's
 * clock, so that a coalescing window or a sweep interval passes without waiting for it, or a clock
 * that a simulator and connectors share with a rate-limit window starting now. Time runs at the
 * real pace between shifts. Thread-safe.
 */
public class ShiftableClock extends Clock {

    private volatile Duration offset = Duration.ZERO;

    /** Moves the clock forward (or back, for a negative duration) by {@code by}. */
    public void advance(Duration by) {
        offset = offset.plus(by);
    }

    /** Sets how far the clock is from the system clock. */
    protected void shift(Duration offset) {
        this.offset = offset;
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
        throw new UnsupportedOperationException("UTC only");
    }
}
