package io.complianceconnect.groups.client;

import java.time.Duration;
import java.util.random.RandomGenerator;

/**
 * Retry waits. The exponential step for the n-th failure is {@code initial * 2^(n-1)}, capped at
 * {@code max}. The jitter is a uniformly random quarter of that step. Without a {@code retry-after}
 * the wait is the step minus the jitter (so it never exceeds {@code max}, and concurrent clients spread
 * out); with one, the API documents {@code retry-after} as a floor, so the wait is {@code retry-after}
 * plus the jitter.
 */
final class Backoff {

    private final Duration initial;
    private final Duration max;
    private final RandomGenerator random;

    Backoff(Duration initial, Duration max, RandomGenerator random) {
        this.initial = initial;
        this.max = max;
        this.random = random;
    }

    /**
     * @param failures   how many attempts of this request have failed so far (1 for the first failure)
     * @param retryAfter the server's {@code retry-after}, or null when absent
     */
    Duration delay(int failures, Duration retryAfter) {
        Duration step = step(failures);
        Duration jitter = jitter(step);
        return retryAfter == null ? step.minus(jitter) : retryAfter.plus(jitter);
    }

    /** The exponential step before jitter. */
    Duration step(int failures) {
        if (failures < 1) {
            throw new IllegalArgumentException("failures must be at least 1, was " + failures);
        }
        // Beyond 2^40 every realistic initial is far past any max; stop shifting to avoid overflow.
        int doublings = Math.min(failures - 1, 40);
        long maxNanos = max.toNanos();
        long initialNanos = initial.toNanos();
        long nanos = initialNanos > (maxNanos >> doublings) ? maxNanos : initialNanos << doublings;
        return Duration.ofNanos(Math.min(nanos, maxNanos));
    }

    private Duration jitter(Duration step) {
        double fraction;
        // Injected generators are usually not thread-safe; one client shares this instance.
        synchronized (random) {
            fraction = random.nextDouble();
        }
        return Duration.ofNanos((long) (step.toNanos() * 0.25 * fraction));
    }
}
