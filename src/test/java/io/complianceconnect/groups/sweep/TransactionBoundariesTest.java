package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.MutableClock;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TransactionBoundariesTest {

    @Test
    void aBatchEndsTheTransactionUnlessAGroupsChangeGoesOnBelowTheBound() {
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(5, Duration.ofDays(1), Clock.systemUTC());

        t.emitted(2, 2, true);
        assertThat(t.takeEndAfterStep()).isFalse();
        assertThat(t.inOpenTransaction(2)).isTrue();
        t.emitted(3, 5, true);
        assertThat(t.takeEndAfterStep()).as("the bound reached inside a change").isTrue();
        assertThat(t.takeEndAfterStep()).as("asked once per step").isFalse();
        assertThat(t.inOpenTransaction(5)).isFalse();
        t.emitted(1, 6, false);
        assertThat(t.takeEndAfterStep()).as("the change ends").isTrue();
    }

    @Test
    void anEmptyBatchEndsTheOpenTransactionButNeverAnEmptyOne() {
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(100, Duration.ofDays(1), Clock.systemUTC());

        t.emitted(0, 0, false);
        assertThat(t.takeEndAfterStep()).as("nothing to commit").isFalse();
        t.emitted(3, 3, true);
        t.emitted(0, 3, false);
        assertThat(t.takeEndAfterStep()).as("the change ended with a batch without records").isTrue();
    }

    @Test
    void endNowEndsTheOpenTransactionSoAWaitForItsRecordsCanEnd() {
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(100, Duration.ofDays(1), Clock.systemUTC());
        t.emitted(3, 3, true);

        t.endNow(3);

        assertThat(t.takeEndAfterStep()).isTrue();
        assertThat(t.inOpenTransaction(3)).isFalse();
    }

    @Test
    void aChangeOpenForTheBoundOnTimeEndsAfterTheStepThatFindsItEvenWithoutRecords() {
        MutableClock clock = MutableClock.running();
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(100, Duration.ofSeconds(30), clock);
        t.emitted(1, 1, true);   // a group's UPDATED, its members' listing to follow
        clock.advance(Duration.ofSeconds(29));
        t.emitted(0, 1, true);   // an unchanged page
        assertThat(t.takeEndAfterStep()).isFalse();

        clock.advance(Duration.ofSeconds(1));
        assertThat(t.takeEndAfterStep()).as("30 s open: a step that emitted nothing (a paced wait) ends it").isTrue();
        assertThat(t.inOpenTransaction(1)).isFalse();

        clock.advance(Duration.ofMinutes(5));
        t.emitted(0, 1, true);
        assertThat(t.takeEndAfterStep()).as("nothing open: nothing to end, however long").isFalse();
        t.emitted(2, 3, true);
        assertThat(t.takeEndAfterStep()).as("the time open counts from the transaction's first record").isFalse();
    }

    @Test
    void theBoundOnTimeIsHalfTheProducersTransactionTimeoutFromTheConnectorsOverrideOrKafkasDefault() {
        SweepSettings settings = EngineDriver.settings(10);
        assertThat(settings.withTransactionTimeout(SweepSettings.producerTransactionTimeout(Map.of()))
                .transactionMaxDuration()).isEqualTo(Duration.ofSeconds(30));
        assertThat(settings.withTransactionTimeout(SweepSettings.producerTransactionTimeout(
                Map.of("producer.override.transaction.timeout.ms", "900000"))).transactionMaxDuration())
                .isEqualTo(Duration.ofMinutes(7).plusSeconds(30));
        assertThatThrownBy(() -> SweepSettings.producerTransactionTimeout(
                Map.of("producer.override.transaction.timeout.ms", "15min")))
                .hasMessageContaining("producer.override.transaction.timeout.ms").hasMessageContaining("15min");
    }

    @Test
    void withoutConnectorDefinedBoundariesNothingIsEverOpenOrEnded() {
        TransactionBoundaries t = TransactionBoundaries.none();

        t.emitted(3, 3, true);
        t.emitted(3, 6, false);

        assertThat(t.inOpenTransaction(6)).isFalse();
        assertThat(t.takeEndAfterStep()).isFalse();
    }
}
