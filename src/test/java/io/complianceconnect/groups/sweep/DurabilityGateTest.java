package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.SweepEventData;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.StateBatch;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

@Timeout(30)
class DurabilityGateTest {

    private final DirectoryState state = new DirectoryState();
    private final DurabilityGate gate = new DurabilityGate(true);
    private final ChangeRecords records = new ChangeRecords("test", "groups", "members", "sweeps", true);

    /** A batch announcing the groups, each with a record that carries its index shard. */
    private RecordBatch announcing(String... groupIds) {
        RecordBatch batch = new RecordBatch(new StateBatch(state), new SweepStats(), 0, () -> {
            throw new AssertionError("every shard is carried");
        });
        for (String id : groupIds) {
            batch.add(records.sweepEvent(new SweepEventData("test", SweepEventType.CHECKPOINT, 1, Instant.EPOCH, 0, 0,
                    0, 0, false)), batch.state().announceGroup(id));
        }
        return batch;
    }

    @Test
    void anOrderedBatchHoldsTheNextStepUntilEveryOneOfItsRecordsIsAcknowledged() throws Exception {
        List<SourceRecord> emitted = gate.emitInOrder(announcing("g1", "g2", "g3"));
        assertThat(emitted).hasSize(3);
        assertThat(gate.open(Duration.ZERO)).isFalse();

        // Acknowledgements arrive in any order across topic partitions.
        gate.acknowledged(emitted.get(2));
        gate.acknowledged(emitted.get(0));
        assertThat(gate.open(Duration.ZERO)).isFalse();
        gate.acknowledged(emitted.get(1));
        assertThat(gate.open(Duration.ZERO)).isTrue();
        assertThat(gate.open(Duration.ZERO)).as("nothing left to wait for").isTrue();
    }

    @Test
    void anOrdinaryBatchDoesNotHoldTheNextStep() throws Exception {
        assertThat(gate.emit(announcing("g1"))).hasSize(1);
        assertThat(gate.open(Duration.ZERO)).isTrue();
    }

    @Test
    void underAtLeastOnceAnOrderedBatchWaitsForKafkaNotForAnOffsetFlush() throws Exception {
        DurabilityGate atLeastOnce = new DurabilityGate(false, TransactionBoundaries.none(), () -> Instant.EPOCH);
        List<SourceRecord> emitted = atLeastOnce.emitInOrder(announcing("g1"));
        assertThat(atLeastOnce.open(Duration.ZERO)).isFalse();
        atLeastOnce.acknowledged(emitted.get(0));
        assertThat(atLeastOnce.open(Duration.ZERO)).as("acknowledged, no offset flush yet").isTrue();
    }

    @Test
    void theReplayBoundIsWhenTheOldestBatchNotCommittedYetReadItsData() throws Exception {
        Instant t = Instant.parse("2026-12-01T00:00:00Z");
        AtomicReference<Instant> apiTime = new AtomicReference<>(t);
        DurabilityGate atLeastOnce = new DurabilityGate(false, TransactionBoundaries.none(), apiTime::get);
        assertThat(atLeastOnce.replayBound()).as("nothing emitted").isNull();
        List<SourceRecord> first = atLeastOnce.emit(announcing("g1"));
        apiTime.set(t.plusSeconds(10));
        List<SourceRecord> second = atLeastOnce.emit(announcing("g2"));
        assertThat(atLeastOnce.replayBound()).isEqualTo(t);

        first.forEach(atLeastOnce::acknowledged);
        flushTwice(atLeastOnce);
        assertThat(atLeastOnce.replayBound()).as("the first batch's offsets are committed").isEqualTo(t.plusSeconds(10));
        second.forEach(atLeastOnce::acknowledged);
        flushTwice(atLeastOnce);
        assertThat(atLeastOnce.replayBound()).as("everything committed").isNull();
    }

    @Test
    void aBatchEmittedBeforeTheApisTimeIsKnownHoldsTheReplayBoundUnknown() {
        DurabilityGate atLeastOnce = new DurabilityGate(false, TransactionBoundaries.none(), () -> null);
        atLeastOnce.emit(announcing("g1"));
        assertThat(atLeastOnce.replayBound()).isEqualTo(Instant.MIN);
    }

    /** Two polls and two offset flushes: what was acknowledged before the first is committed after the second. */
    private static void flushTwice(DurabilityGate gate) {
        gate.pollStarted();
        gate.pollStarted();
        gate.committed();
        gate.committed();
    }

    @Test
    void anAcknowledgementFromTheProducerThreadWakesAWaitingStep() throws Exception {
        List<SourceRecord> emitted = gate.emitInOrder(announcing("g1"));
        Thread producer = new Thread(() -> {
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            gate.acknowledged(emitted.get(0));
        });
        producer.start();
        long started = System.nanoTime();
        assertThat(gate.open(Duration.ofSeconds(20))).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(10));
        producer.join();
    }

    @Test
    void recordsNotIssuedByTheEngineAreIgnored() throws Exception {
        gate.emitInOrder(announcing("g1"));
        gate.acknowledged(new SourceRecord(null, null, "elsewhere", null, null));
        assertThat(gate.open(Duration.ZERO)).isFalse();
    }
}
