package io.complianceconnect.groups.sweep;

import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Supplier;

/**
 * The one place where the engine's records leave it and where a step waits for earlier ones. A
 * step waits only for Kafka's acknowledgement of records that a later record relies on being in
 * Kafka before it (a group's membership deletions before the group's own deletion, a sweep's
 * records before its {@code SWEEP_COMPLETED}): milliseconds. No step waits for an offset flush,
 * which under at-least-once comes only every {@code offset.flush.interval.ms} (60 s by default)
 * and which the connector cannot bring forward.
 *
 * <p>Nothing here orders the stored state across source partitions, because restore does not need
 * it: member buckets are found beyond the index's count and for groups the index lost ({@code
 * DirectoryState}), and what a crash can still leave stale is named by the activity feed, which a
 * restarted task replays from before the oldest change whose offsets were not committed ({@link
 * #replayBound}) and whose entities it re-emits from the API whatever the state says ({@code
 * FeedEvidence}).
 *
 * <p>When the connector defines the transactions ({@link TransactionBoundaries}), the worker reports
 * a record only once its transaction is committed, so a step never waits for a record of the open
 * transaction: that wait would never end. It need not either: a transaction's records commit
 * together, after every earlier transaction.
 *
 * <p>What it tracks lives only here, for the life of the task.
 */
final class DurabilityGate {

    private record PendingSync(String groupId, long sequence) {
    }

    /** The last record of a batch, and the API's time at or before its data was read (null: unknown). */
    private record EmittedBatch(long lastSequence, Instant readAfter) {
    }

    private final AckTracker acks = new AckTracker();
    private final CommitTracker commits;
    private final TransactionBoundaries transactions;
    private final Supplier<Instant> apiTime;
    /** The last record the next step waits for; 0 when it waits for nothing. */
    private long waitFor;
    /** Groups whose sync is done, with the last record it depends on, in emission order. */
    private final Deque<PendingSync> pendingSyncs = new ArrayDeque<>();
    /** Batches whose offsets are not known to be committed yet, oldest first. */
    private final Deque<EmittedBatch> uncommitted = new ArrayDeque<>();

    /** @param acknowledgedIsCommitted see {@link CommitTracker} */
    DurabilityGate(boolean acknowledgedIsCommitted) {
        this(acknowledgedIsCommitted, TransactionBoundaries.none(), () -> null);
    }

    /**
     * @param acknowledgedIsCommitted see {@link CommitTracker}; true with connector-defined transactions
     * @param transactions            where transactions end
     * @param apiTime                 the API's latest known time (a lower bound of when a request is answered)
     */
    DurabilityGate(boolean acknowledgedIsCommitted, TransactionBoundaries transactions, Supplier<Instant> apiTime) {
        this.commits = new CommitTracker(acks, acknowledgedIsCommitted);
        this.transactions = transactions;
        this.apiTime = apiTime;
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

    /** Called once at the start of every poll, before its first step. */
    void pollStarted() {
        commits.pollStarted();
    }

    /**
     * Called before every step: waits at most {@code maxBlock} for the records the step relies on to
     * be acknowledged.
     *
     * @return whether the step may run
     */
    boolean open(Duration maxBlock) throws InterruptedException {
        if (waitFor > 0 && transactions.inOpenTransaction(waitFor)) {
            // Not reached by the engine's own steps (they never wait inside a group's change); should
            // one ever, the transaction is ended rather than the task hung.
            transactions.endNow(acks.lastIssued());
            return false;
        }
        if (waitFor > 0) {
            if (!acks.awaitThrough(waitFor, maxBlock.toMillis())) {
                return false;
            }
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
        if (!records.isEmpty()) {
            forgetCommitted();   // also when nothing asks for the bound (the feed off), so this stays small
            uncommitted.add(new EmittedBatch(last, apiTime.get()));
        }
        return records;
    }

    /**
     * The batch's records, numbered; the next step waits until Kafka has acknowledged all of them
     * (unless they are in the open transaction, which makes them durable with what follows them).
     * For a batch that what follows must come after in Kafka: a group's membership deletions before
     * the group's.
     */
    List<SourceRecord> emitInOrder(RecordBatch batch) {
        List<SourceRecord> records = emit(batch);
        if (!records.isEmpty() && !transactions.inOpenTransaction(acks.lastIssued())) {
            waitFor = acks.lastIssued();
        }
        return records;
    }

    /** Whether the next step relies on records Kafka has not acknowledged yet (it would wait for them). */
    boolean waiting() {
        return waitFor > 0 && !acks.isAcknowledgedThrough(waitFor);
    }

    /** The number of the last record emitted so far (0 before the first). */
    long lastEmitted() {
        return acks.lastIssued();
    }

    /** Whether Kafka acknowledged every record up to {@code sequence}; nothing waits for it. */
    boolean acknowledgedThrough(long sequence) {
        return acks.isAcknowledgedThrough(sequence);
    }

    /** Whether the transaction ends after the records of the step now finishing (connector-defined only). */
    boolean transactionEndsAfterStep() {
        return transactions.takeEndAfterStep();
    }

    boolean hasAcknowledgedSyncs() {
        return !pendingSyncs.isEmpty() && acks.isAcknowledgedThrough(pendingSyncs.peek().sequence());
    }

    /** The groups whose completed sync Kafka has acknowledged now, each once, in the order they completed. */
    List<String> acknowledgedSyncs() {
        long acknowledged = acks.ackedThrough();
        List<String> done = new ArrayList<>();
        while (!pendingSyncs.isEmpty() && pendingSyncs.peek().sequence() <= acknowledged) {
            done.add(pendingSyncs.poll().groupId());
        }
        return done;
    }

    /** Whether Kafka acknowledged every record emitted so far; when not, the next step waits for it. */
    boolean everythingAcknowledged() {
        long last = acks.lastIssued();
        if (acks.isAcknowledgedThrough(last)) {
            return true;
        }
        waitFor = last;
        return false;
    }

    /**
     * How far back a restarted task must replay the activity feed so that every entity whose
     * offsets a crash may have lost is named again: the API's time at which the oldest batch not
     * known to be committed read its data; null when every batch is committed; {@link Instant#MIN}
     * when that time is not known.
     */
    Instant replayBound() {
        forgetCommitted();
        if (uncommitted.isEmpty()) {
            return null;
        }
        Instant readAfter = uncommitted.peek().readAfter();
        return readAfter == null ? Instant.MIN : readAfter;
    }

    private void forgetCommitted() {
        long committed = commits.committedThrough();
        while (!uncommitted.isEmpty() && uncommitted.peek().lastSequence() <= committed) {
            uncommitted.poll();
        }
    }
}
