package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

class RequestPacerTest {

    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");
    private static final Duration FOREVER = Duration.ofDays(365);

    private static Instant at(long millis) {
        return T0.plusMillis(millis);
    }

    @Test
    void localCeilingSpacesRequestStartsEvenly() {
        RequestPacer pacer = new RequestPacer(300); // 200 ms apart

        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(0));
        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(200));
        assertThat(pacer.reserve(at(50), Instant.MIN, FOREVER).start()).isEqualTo(at(400));
        // After a quiet spell there is no burst credit: the next one goes now, the one after 200 ms later.
        assertThat(pacer.reserve(at(5_000), Instant.MIN, FOREVER).start()).isEqualTo(at(5_000));
        RequestPacer.Slot slot = pacer.reserve(at(5_000), Instant.MIN, FOREVER);
        assertThat(slot.start()).isEqualTo(at(5_200));
        assertThat(slot.pacingWait()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void noLocalCeilingMeansNoWait() {
        RequestPacer pacer = new RequestPacer(0);

        for (int i = 0; i < 100; i++) {
            assertThat(pacer.reserve(at(0), Instant.MIN, Duration.ZERO).start()).isEqualTo(at(0));
        }
    }

    @Test
    void aSlotBeyondTheCallersLimitIsNotTaken() {
        RequestPacer pacer = new RequestPacer(60); // 1 s apart
        pacer.reserve(at(0), Instant.MIN, FOREVER);

        RequestPacer.Slot refused = pacer.reserve(at(0), Instant.MIN, Duration.ofMillis(500));
        RequestPacer.Slot again = pacer.reserve(at(0), Instant.MIN, Duration.ofMillis(500));

        assertThat(refused.granted()).isFalse();
        assertThat(refused.start()).isEqualTo(at(1_000));
        assertThat(again.start()).as("a refusal reserves nothing").isEqualTo(at(1_000));
        assertThat(pacer.reserve(at(600), Instant.MIN, Duration.ofMillis(500)).start()).isEqualTo(at(1_000));
    }

    @Test
    void theCallersOwnNotBeforeIsNotCountedAsPacing() {
        RequestPacer pacer = new RequestPacer(60);

        RequestPacer.Slot slot = pacer.reserve(at(0), at(3_000), FOREVER);

        assertThat(slot.start()).isEqualTo(at(3_000));
        assertThat(slot.pacingWait()).isZero();
    }

    @Test
    void nothingRemainingWaitsForTheReset() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), 600L, 0L, at(20_000));

        RequestPacer.Slot slot = pacer.reserve(at(10), Instant.MIN, FOREVER);

        assertThat(slot.start()).isEqualTo(at(20_000));
        assertThat(slot.pacingWait()).isEqualTo(Duration.ofMillis(19_990));
        // After the reset the old figures no longer apply.
        assertThat(pacer.reserve(at(20_000), Instant.MIN, FOREVER).start()).isEqualTo(at(20_000));
    }

    @Test
    void aLowRemainingBudgetIsSpreadOverTheTimeLeft() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), 600L, 4L, at(30_000)); // 4 left for 30 s

        Instant first = pacer.reserve(at(0), Instant.MIN, FOREVER).start();
        Instant second = pacer.reserve(first, Instant.MIN, FOREVER).start();
        Instant third = pacer.reserve(second, Instant.MIN, FOREVER).start();

        assertThat(first).isEqualTo(at(6_000));   // 30 s / (4 + 1)
        assertThat(second).isEqualTo(at(12_000)); // 24 s / 4, our own count of what is left
        assertThat(third).isEqualTo(at(18_000));
    }

    @Test
    void aLargeRemainingBudgetDoesNotSlowTheLocalPace() {
        RequestPacer pacer = new RequestPacer(300);
        pacer.observe(at(0), 600L, 590L, at(50_000)); // spread would be ~85 ms, local spacing is 200 ms

        Instant first = pacer.reserve(at(0), Instant.MIN, FOREVER).start();
        Instant second = pacer.reserve(first, Instant.MIN, FOREVER).start();

        assertThat(first).isEqualTo(T0.plus(Duration.ofSeconds(50).dividedBy(591)));
        assertThat(Duration.between(first, second)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void outOfOrderResponsesOfOneWindowKeepTheSmallestRemaining() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), 10L, 0L, at(60_000));
        pacer.observe(at(5), 10L, 3L, at(60_000)); // an older response arriving late

        assertThat(pacer.reserve(at(10), Instant.MIN, FOREVER).start()).isEqualTo(at(60_000));
    }

    @Test
    void aNewWindowReplacesTheOldFigures() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), 10L, 0L, at(1_000));
        pacer.observe(at(1_000), 10L, 9L, at(61_000));

        assertThat(pacer.reserve(at(1_000), Instant.MIN, FOREVER).start()).isEqualTo(at(7_000)); // 60 s / 10
    }

    @Test
    void aResetFarAwayIsCappedAtOneWindow() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), 10L, 0L, at(3_600_000)); // clock skew, or a bogus header

        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(60_000));
    }

    @Test
    void missingOrUnusableHeadersChangeNothing() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.observe(at(0), null, null, null);
        pacer.observe(at(0), 0L, 0L, at(5_000));       // limit 0: no information
        pacer.observe(at(0), 10L, 0L, at(-5_000));     // reset in the past

        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(0));
    }

    @Test
    void aRateLimitHoldsBackEveryCall() {
        RequestPacer pacer = new RequestPacer(0);
        pacer.holdUntil(at(30_000));

        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(30_000));
        assertThat(pacer.reserve(at(0), Instant.MIN, FOREVER).start()).isEqualTo(at(30_000));
    }
}
