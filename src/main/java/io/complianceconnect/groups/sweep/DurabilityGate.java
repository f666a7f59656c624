package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.GroupState;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the engine's next step until the records it depends on are in Kafka. Records are numbered
 * as they leave a batch ({@link AckTracker}); a batch that changes what later records rely on (a
 * group announced in the index, new member buckets, a group's memberships all deleted) is emitted
 * {@linkplain #emitDurably durably}, and no step runs before it is acknowledged. Connect orders
 * offset commits only within one source partition, so without the wait a restarted task could find
 * memberships stored under an index entry that never was.
 *
 * <p>What it tracks lives only here, for the life of the task: after a restart nothing is pending,
 * because what the offsets hold is durable by definition.
 */
final class DurabilityGate {

    private final AckTracker acks = new AckTracker();
    /** The last record the next step waits for; 0 when it waits for nothing. */
    private long waitFor;
    /** Per group, the record that made its index entry (existence, bucket count) durable, until it is. */
    private final Map<String, Long> layoutRecords = new HashMap<>();

    /** Called from {@code SourceTask#commitRecord} on the producer's thread. */
    void acknowledged(SourceRecord record) {
        if (record instanceof RecordBatch.SequencedRecord sequenced) {
            acks.acknowledge(sequenced.sequence());
        }
    }

    /**
     * Waits at most {@code maxBlock} for what the next step depends on.
     *
     * @return whether the step may run
     */
    boolean open(Duration maxBlock) throws InterruptedException {
        if (waitFor > 0) {
            if (!acks.awaitThrough(waitFor, maxBlock.toMillis())) {
                return false;
            }
            long durable = waitFor;
            layoutRecords.values().removeIf(sequence -> sequence <= durable);
            waitFor = 0;
        }
        return true;
    }

    /** The batch's records, numbered; later steps do not wait for them. */
    List<SourceRecord> emit(RecordBatch batch) {
        return batch.build(acks);
    }

    /**
     * The batch's records, numbered; the next step waits until all of them are acknowledged, and
     * records about the groups whose layout the batch changed wait for them too.
     */
    List<SourceRecord> emitDurably(RecordBatch batch) {
        List<SourceRecord> records = batch.build(acks);
        if (!records.isEmpty()) {
            long last = ((RecordBatch.SequencedRecord) records.get(records.size() - 1)).sequence();
            waitFor = last;
            for (GroupState g : batch.state().touchedGroups()) {
                layoutRecords.put(g.id(), last);
            }
        }
        return records;
    }

    /**
     * Whether records about the group may be emitted now: its layout is durable. When it is not,
     * the next step waits for it.
     */
    boolean layoutDurable(String groupId) {
        Long layout = layoutRecords.get(groupId);
        if (layout == null || acks.isAcknowledgedThrough(layout)) {
            return true;
        }
        waitFor = layout;
        return false;
    }
}
