package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.random.RandomGenerator;

import static org.assertj.core.api.Assertions.assertThat;

class BackoffTest {

    /** A generator whose nextDouble() is always {@code fraction} (nextDouble uses the top 53 bits of nextLong). */
    static RandomGenerator fixed(double fraction) {
        long bits = (long) (fraction * (1L << 53)) << 11;
        return () -> bits;
    }

    private final Backoff noJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), fixed(0.0));

    @Test
    void stepsDoubleFromOneSecondAndStopAtSixty() {
        assertThat(noJitter.delay(1, null)).isEqualTo(Duration.ofSeconds(1));
        assertThat(noJitter.delay(2, null)).isEqualTo(Duration.ofSeconds(2));
        assertThat(noJitter.delay(3, null)).isEqualTo(Duration.ofSeconds(4));
        assertThat(noJitter.delay(6, null)).isEqualTo(Duration.ofSeconds(32));
        assertThat(noJitter.delay(7, null)).isEqualTo(Duration.ofSeconds(60));
        assertThat(noJitter.delay(10_000, null)).isEqualTo(Duration.ofSeconds(60));
    }

    @Test
    void jitterTakesUpToAQuarterOffTheStepSoTheMaximumHolds() {
        Backoff halfJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), fixed(0.5));

        assertThat(halfJitter.delay(1, null)).isEqualTo(Duration.ofMillis(875));
        assertThat(halfJitter.delay(3, null)).isEqualTo(Duration.ofMillis(3500));
        assertThat(halfJitter.delay(20, null)).isEqualTo(Duration.ofMillis(52_500));
    }

    @Test
    void retryAfterIsAFloorWithTheJitterOnTop() {
        Backoff halfJitter = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), fixed(0.5));

        assertThat(noJitter.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofSeconds(30));
        assertThat(halfJitter.delay(1, Duration.ofSeconds(30))).isEqualTo(Duration.ofMillis(30_125));
        assertThat(halfJitter.delay(4, Duration.ofSeconds(2))).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void waitsStayWithinTheirBoundsForAnyRandomValue() {
        java.util.SplittableRandom random = new java.util.SplittableRandom(42);
        Backoff backoff = new Backoff(Duration.ofSeconds(1), Duration.ofSeconds(60), random);
        for (int failures = 1; failures <= 12; failures++) {
            Duration step = backoff.step(failures);
            for (int i = 0; i < 50; i++) {
                assertThat(backoff.delay(failures, null)).isBetween(step.multipliedBy(3).dividedBy(4), step);
                assertThat(backoff.delay(failures, Duration.ofSeconds(5)))
                        .isBetween(Duration.ofSeconds(5), Duration.ofSeconds(5).plus(step.dividedBy(4)));
            }
        }
    }
}
