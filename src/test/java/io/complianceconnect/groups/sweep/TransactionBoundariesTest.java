package io.complianceconnect.groups.sweep;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class TransactionBoundariesTest {

    @Test
    void aBatchEndsTheTransactionUnlessAGroupsChangeGoesOnBelowTheBound() {
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(5);

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
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(100);

        t.emitted(0, 0, false);
        assertThat(t.takeEndAfterStep()).as("nothing to commit").isFalse();
        t.emitted(3, 3, true);
        t.emitted(0, 3, false);
        assertThat(t.takeEndAfterStep()).as("the change ended with a batch without records").isTrue();
    }

    @Test
    void endNowEndsTheOpenTransactionSoAWaitForItsRecordsCanEnd() {
        TransactionBoundaries t = TransactionBoundaries.connectorDefined(100);
        t.emitted(3, 3, true);

        t.endNow(3);

        assertThat(t.takeEndAfterStep()).isTrue();
        assertThat(t.inOpenTransaction(3)).isFalse();
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
