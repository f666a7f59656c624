package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.GroupState;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Holds the engine's next step until the records it depends on are committed ({@link
 * CommitTracker}: in Kafka with their offsets stored). Records are numbered as they leave a batch
 * ({@link AckTracker}); a batch that changes what later records rely on (new member buckets, a
 * group's memberships all deleted) is emitted {@linkplain #emitDurably durably}, and no step runs
 * before it is committed: Connect stores the offsets of different source partitions independently,
 * so without the wait a restarted task could find memberships stored under an index entry that
 * never was. A groups page that announces new groups makes only their syncs wait ({@link
 * #emitWithLayouts}). A group's sync is marked {@linkplain #committedSyncs synced}
 * only once its records are committed, and a sweep completes only once all its records are.
 *
 * <p>When the connector defines the transactions ({@link TransactionBoundaries}), the worker reports
 * a record only once its transaction is committed, so a step never waits for a record of the open
 * transaction: that wait would never end. It need not either: a transaction's records and offsets
 * commit together, after every earlier transaction, so what a later record relies on is durable
 * when it is, whichever transaction holds it.
 *
 * <p>What it tracks lives only here, for the life of the task: after a restart nothing is pending,
 * because what the offsets hold is durable by definition.
 */
final class DurabilityGate {

    private record PendingSync(String groupId, long sequence) {
    }

    private final AckTracker acks = new AckTracker();
    private final CommitTracker commits;
    private final TransactionBoundaries transactions;
    /** The last record the next step waits for; 0 when it waits for nothing. */
    private long waitFor;
    /** Per group, the record that made its index entry (existence, bucket count) durable, until it is. */
    private final Map<String, Long> layoutRecords = new HashMap<>();
    /** Groups whose sync is done, with the last record it depends on, in emission order. */
    private final Deque<PendingSync> pendingSyncs = new ArrayDeque<>();

    /** @param acknowledgedIsCommitted see {@link CommitTracker} */
    DurabilityGate(boolean acknowledgedIsCommitted) {
        this(acknowledgedIsCommitted, TransactionBoundaries.none());
    }

    /**
     * @param acknowledgedIsCommitted see {@link CommitTracker}; true with connector-defined transactions
     * @param transactions            where transactions end
     */
    DurabilityGate(boolean acknowledgedIsCommitted, TransactionBoundaries transactions) {
        this.commits = new CommitTracker(acks, acknowledgedIsCommitted);
        this.transactions = transactions;
    }

    /** Called from {@code SourceTask#commitRecord} on the producer's thread. */
    void acknowledged(SourceRecord record) {
        if (record instanceof RecordBatch.SequencedRecord sequenced) {
            acks.acknowledge(sequenced.sequence());
        }
    }

    /** Called from {@code SourceTask#commit} after each successful offset flush or transaction. */
    void committed() {
        commits.flushed();
    }

    /**
     * Called once at the start of every poll: waits at most {@code maxBlock} for what the next step
     * depends on.
     *
     * @return whether the step may run
     */
    boolean open(Duration maxBlock) throws InterruptedException {
        commits.pollStarted();
        if (waitFor > 0 && transactions.inOpenTransaction(waitFor)) {
            // Not reached by the engine's own steps (they never wait inside a group's change); should
            // one ever, the transaction is ended rather than the task hung.
            transactions.endNow(acks.lastIssued());
            return false;
        }
        if (waitFor > 0) {
            if (!commits.awaitCommitted(waitFor, maxBlock.toMillis())) {
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
        List<SourceRecord> records = batch.build(acks);
        long last = acks.lastIssued();
        transactions.emitted(records.size(), last, batch.changeContinues());
        for (String groupId : batch.syncsCompleted()) {
            pendingSyncs.add(new PendingSync(groupId, last));
        }
        return records;
    }

    /**
     * The batch's records, numbered; the next step waits until all of them are committed, and
     * records about the groups whose layout the batch changed wait for them too; unless they are in
     * the open transaction, which makes them durable with what follows them in it.
     */
    List<SourceRecord> emitDurably(RecordBatch batch) {
        List<SourceRecord> records = emitWithLayouts(batch);
        if (!records.isEmpty() && !transactions.inOpenTransaction(acks.lastIssued())) {
            waitFor = acks.lastIssued();
        }
        return records;
    }

    /**
     * The batch's records, numbered; records about the groups whose layout the batch changed wait
     * until all of them are committed ({@link #layoutDurable}), other steps do not. For a batch
     * that only some later steps depend on, such as a groups page that announces new groups: a
     * page without them waits for nothing, where a wait would cost an offset flush a page.
     */
    List<SourceRecord> emitWithLayouts(RecordBatch batch) {
        List<SourceRecord> records = emit(batch);
        if (!records.isEmpty() && !transactions.inOpenTransaction(acks.lastIssued())) {
            long last = acks.lastIssued();
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
        if (layout == null || commits.committedThrough() >= layout) {
            return true;
        }
        waitFor = layout;
        return false;
    }

    /** The number of the last record emitted so far (0 before the first). */
    long lastEmitted() {
        return acks.lastIssued();
    }

    /** Whether every record up to {@code sequence} is committed; nothing waits for it. */
    boolean committedThrough(long sequence) {
        return commits.committedThrough() >= sequence;
    }

    /** Whether the transaction ends after the records of the step now finishing (connector-defined only). */
    boolean transactionEndsAfterStep() {
        return transactions.takeEndAfterStep();
    }

    boolean hasCommittedSyncs() {
        return !pendingSyncs.isEmpty() && pendingSyncs.peek().sequence() <= commits.committedThrough();
    }

    /** The groups whose completed sync is committed now, each once, in the order they completed. */
    List<String> committedSyncs() {
        long committed = commits.committedThrough();
        List<String> done = new ArrayList<>();
        while (!pendingSyncs.isEmpty() && pendingSyncs.peek().sequence() <= committed) {
            done.add(pendingSyncs.poll().groupId());
        }
        return done;
    }

    /** Whether every record emitted so far is committed; when not, the next step waits for it. */
    boolean everythingCommitted() {
        long last = acks.lastIssued();
        if (commits.committedThrough() >= last) {
            return true;
        }
        waitFor = last;
        return false;
    }
}
