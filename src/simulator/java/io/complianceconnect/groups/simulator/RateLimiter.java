package io.complianceconnect.groups.simulator;

import java.time.Clock;
import java.time.Instant;

/**
 * One per-minute request budget shared by every key, like the API's per-organisation limit. A fixed
 * window aligned to the minutes of the simulator's clock: the budget refills at each full minute,
 * which is what {@code anthropic-ratelimit-requests-reset} then names.
 */
final class RateLimiter {

    /**
     * The outcome for one request.
     *
     * @param remaining         requests left in this window after this one
     * @param retryAfterSeconds for a refused request, whole seconds until the window resets (at least 1)
     */
    record Decision(boolean allowed, int limit, int remaining, Instant resetAt, long retryAfterSeconds) {
    }

    private final int limitPerMinute;
    private final Clock clock;
    private long windowMinute = Long.MIN_VALUE;
    private int used;

    RateLimiter(int limitPerMinute, Clock clock) {
        this.limitPerMinute = limitPerMinute;
        this.clock = clock;
    }

    /** Whether a limit is set at all (0 = none: no 429s and no rate-limit headers, as there is no budget to report). */
    boolean enabled() {
        return limitPerMinute > 0;
    }

    /** Spends one request of this window's budget, or refuses it when none is left. */
    synchronized Decision acquire() {
        Instant now = clock.instant();
        Instant resetAt = enterWindow(now);
        if (used >= limitPerMinute) {
            long millis = resetAt.toEpochMilli() - now.toEpochMilli();
            long retryAfter = Math.max(1, (millis + 999) / 1000);
            return new Decision(false, limitPerMinute, 0, resetAt, retryAfter);
        }
        used++;
        return new Decision(true, limitPerMinute, limitPerMinute - used, resetAt, 0);
    }

    /** This window's budget as it stands, spending nothing: for answers that are not charged. */
    synchronized Decision peek() {
        Instant resetAt = enterWindow(clock.instant());
        return new Decision(true, limitPerMinute, Math.max(0, limitPerMinute - used), resetAt, 0);
    }

    /** Moves to the window of {@code now}, refilled when it is a new one; returns when it ends. */
    private Instant enterWindow(Instant now) {
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (minute != windowMinute) {
            windowMinute = minute;
            used = 0;
        }
        return Instant.ofEpochSecond((minute + 1) * 60);
    }
}
