package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeRecord;
import io.complianceconnect.groups.state.StateBatch;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The records of one poll(), collected first and turned into {@link SourceRecord}s at the end,
 * when it is known which record is the last of the batch in each source partition: that one
 * carries the partition's new offset, the others the old one (see {@link StateBatch}). An index
 * shard the batch changed that no record carries gets a CHECKPOINT event of its own then, so no
 * step can change the state and forget to store it. Each record is counted in the sweep's
 * statistics as it is added.
 */
final class RecordBatch {

    private record Pending(ChangeRecord record, Map<String, Object> partition, Map<String, Object> explicitOffset) {
    }

    private final StateBatch state;
    private final SweepStats stats;
    private final long timestampMs;
    /** The CHECKPOINT event that carries an index shard no record of the batch carries. */
    private final Supplier<ChangeRecord> checkpoint;
    private final List<Pending> pending = new ArrayList<>();
    private final List<String> syncsCompleted = new ArrayList<>();
    private boolean continuesChange;

    RecordBatch(StateBatch state, SweepStats stats, long timestampMs, Supplier<ChangeRecord> checkpoint) {
        this.state = state;
        this.stats = stats;
        this.timestampMs = timestampMs;
        this.checkpoint = checkpoint;
    }

    StateBatch state() {
        return state;
    }

    int size() {
        return pending.size();
    }

    /** A record whose partition's offset comes from the state batch. */
    void add(ChangeRecord record, Map<String, Object> statePartition) {
        pending.add(new Pending(record, statePartition, null));
        stats.emitted(record);
    }

    /** Records that share one state partition, in order (a deletion and its tombstone). */
    void addAll(List<ChangeRecord> records, Map<String, Object> statePartition) {
        for (ChangeRecord record : records) {
            add(record, statePartition);
        }
    }

    /** A record that carries a given offset (the cursor, whose value is not part of the state). */
    void addWithOffset(ChangeRecord record, Map<String, Object> partition, Map<String, Object> offset) {
        pending.add(new Pending(record, partition, offset));
        stats.emitted(record);
    }

    /** The group's sync ends with this batch: it is marked synced once the batch is committed. */
    void syncCompleted(String groupId) {
        syncsCompleted.add(groupId);
    }

    List<String> syncsCompleted() {
        return syncsCompleted;
    }

    /**
     * A group's change (its sync or deletion) goes on after this batch: when the connector defines
     * the transactions, this batch does not end one (see {@link DurabilityGate}).
     */
    void continuesChange() {
        continuesChange = true;
    }

    /** Whether a group's change goes on after this batch; by default a batch ends whatever it is part of. */
    boolean changeContinues() {
        return continuesChange;
    }

    List<SourceRecord> build(AckTracker acks) {
        Set<Map<String, Object>> carried = new HashSet<>();
        Map<String, Object> previous = null;
        for (Pending p : pending) {
            // Records of one bucket mostly come in a row, sharing one partition map: hash it once a row.
            if (p.partition() != previous) {
                carried.add(p.partition());
                previous = p.partition();
            }
        }
        for (Map<String, Object> partition : state.indexPartitionsTouched()) {
            if (!carried.contains(partition)) {
                add(checkpoint.get(), partition);
            }
        }
        Map<Map<String, Object>, Integer> lastIndex = new HashMap<>();
        for (int i = 0; i < pending.size(); i++) {
            if (i + 1 == pending.size() || pending.get(i + 1).partition() != pending.get(i).partition()) {
                lastIndex.put(pending.get(i).partition(), i);
            }
        }
        Map<Map<String, Object>, Map<String, Object>> after = new HashMap<>();
        List<SourceRecord> records = new ArrayList<>(pending.size());
        Map<String, Object> beforeOf = null;
        Map<String, Object> beforeOffset = null;
        for (int i = 0; i < pending.size(); i++) {
            Pending p = pending.get(i);
            Map<String, Object> offset;
            boolean sameAsNext = i + 1 < pending.size() && pending.get(i + 1).partition() == p.partition();
            if (p.explicitOffset() != null) {
                offset = p.explicitOffset();
            } else if (!sameAsNext && lastIndex.get(p.partition()) == i) {
                offset = after.computeIfAbsent(p.partition(), state::offsetAfter);
            } else {
                if (p.partition() != beforeOf) {
                    beforeOf = p.partition();
                    beforeOffset = state.offsetBefore(beforeOf);
                }
                offset = beforeOffset;
            }
            ChangeRecord r = p.record();
            records.add(new SequencedRecord(acks.issue(), p.partition(), offset, r.topic(), r.keySchema(), r.key(),
                    r.valueSchema(), r.value(), timestampMs));
        }
        return records;
    }

    /** A source record numbered in emission order, so its acknowledgement can be tracked. */
    static final class SequencedRecord extends SourceRecord {
        private final long sequence;

        SequencedRecord(long sequence, Map<String, ?> partition, Map<String, ?> offset, String topic,
                        Schema keySchema, Object key, Schema valueSchema, Object value, long timestampMs) {
            super(partition, offset, topic, null, keySchema, key, valueSchema, value, timestampMs);
            this.sequence = sequence;
        }

        long sequence() {
            return sequence;
        }
    }
}
