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

    /** Whether a limit is set at all (0 = unlimited: no 429s and no rate-limit headers). */
    boolean enabled() {
        return limitPerMinute > 0;
    }

    synchronized Decision acquire() {
        Instant now = clock.instant();
        long minute = Math.floorDiv(now.getEpochSecond(), 60);
        if (minute != windowMinute) {
            windowMinute = minute;
            used = 0;
        }
        Instant resetAt = Instant.ofEpochSecond((minute + 1) * 60);
        if (used >= limitPerMinute) {
            long millis = resetAt.toEpochMilli() - now.toEpochMilli();
            long retryAfter = Math.max(1, (millis + 999) / 1000);
            return new Decision(false, limitPerMinute, 0, resetAt, retryAfter);
        }
        used++;
        return new Decision(true, limitPerMinute, limitPerMinute - used, resetAt, 0);
    }
}
