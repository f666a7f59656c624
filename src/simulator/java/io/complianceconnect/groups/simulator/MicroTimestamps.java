package io.complianceconnect.groups.simulator;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * The directory's timestamps: microseconds since the epoch in a {@code long}, the API's precision,
 * with {@link #NO_TIME} for a timestamp the API serves as null.
 */
final class MicroTimestamps {

    /** A null timestamp. */
    static final long NO_TIME = Long.MIN_VALUE;
    static final long MICROS_PER_DAY = 86_400_000_000L;

    private MicroTimestamps() {
    }

    static long now(Clock clock) {
        Instant now = clock.instant();
        return Math.addExact(Math.multiplyExact(now.getEpochSecond(), 1_000_000L), now.getNano() / 1_000);
    }

    /**
     * The {@code updated_at} after a change at {@code now}: strictly after {@code previous} (by 1 µs at
     * least), so that a change is visible even under a fixed test clock.
     */
    static long bump(long previous, long now) {
        return previous == NO_TIME ? now : Math.max(now, previous + 1);
    }

    static Instant toInstant(long micros) {
        return micros == NO_TIME ? null : Instant.EPOCH.plus(micros, ChronoUnit.MICROS);
    }
}
