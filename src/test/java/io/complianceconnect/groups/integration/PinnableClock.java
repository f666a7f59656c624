package io.complianceconnect.groups.integration;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.function.Supplier;

/**
 * The system clock, except while a test holds it at one instant: so that the simulator stamps a
 * membership made again with the timestamps it had before, as a directory sync that restores a
 * membership does; the record a connector would emit for it is then identical to the one before.
 */
final class PinnableClock extends Clock {

    private volatile Instant pinned;

    /** Runs {@code action} with the clock held at {@code instant}. */
    synchronized <T> T at(Instant instant, Supplier<T> action) {
        pinned = instant;
        try {
            return action.get();
        } finally {
            pinned = null;
        }
    }

    @Override
    public Instant instant() {
        Instant p = pinned;
        return p != null ? p : Instant.now();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        throw new UnsupportedOperationException("a test clock stays in UTC");
    }
}
