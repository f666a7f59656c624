package io.complianceconnect.groups.simulator;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/**
 * The tests' clock, in UTC, which a test moves at once: {@link #MutableClock(Instant) standing still}
 * until moved, or {@link #running() running} at the real pace between moves (for an engine on its own
 * thread, or a simulator and connectors that share a rate-limit window). Thread-safe.
 */
public final class MutableClock extends Clock {

    /** What the clock shows before any move: a fixed instant, or the system clock. */
    private final Clock base;
    private final AtomicReference<Duration> moved = new AtomicReference<>(Duration.ZERO);
    /** While a test holds the clock at one instant ({@link #pinnedAt}); null otherwise. */
    private volatile Instant pinned;

    /** A clock that shows {@code start} until a test moves it. */
    public MutableClock(Instant start) {
        this(Clock.fixed(start, ZoneOffset.UTC));
    }

    private MutableClock(Clock base) {
        this.base = base;
    }

    /** A clock that runs with the system clock, from now, until and after a test moves it. */
    public static MutableClock running() {
        return new MutableClock(Clock.systemUTC());
    }

    /** Moves the clock forward (or back, for a negative duration) by {@code duration}. */
    public void advance(Duration duration) {
        moved.updateAndGet(d -> d.plus(duration));
    }

    /** Moves the clock to {@code instant} (a running clock runs on from there). */
    public void set(Instant instant) {
        moved.set(Duration.between(base.instant(), instant));
    }

    /**
     * Runs {@code action} with the clock standing at {@code instant}, then lets it go on as before: so
     * that the simulator stamps a membership made again with the timestamps it had, as a directory
     * sync that restores a membership does.
     */
    public synchronized <T> T pinnedAt(Instant instant, Supplier<T> action) {
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
        return p != null ? p : base.instant().plus(moved.get());
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
