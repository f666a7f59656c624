package io.complianceconnect.groups.sweep;

/**
 * Which emitted records are committed: in Kafka <em>and</em> with their offsets stored, so a
 * restarted task sees them. Acknowledged is not enough under at-least-once delivery: the worker
 * writes the offsets of different source partitions as separate records of one flush, so a crash
 * mid-flush keeps some and loses others.
 *
 * <p>How the worker runs (Kafka 4.1, {@code AbstractWorkerSourceTask} and {@code WorkerSourceTask}):
 * a record's producer callback calls {@code commitRecord} and then marks it acknowledged for the
 * offset writer; the task thread moves acknowledged records into the offsets to commit at the start
 * of each send iteration, before it polls; the committer thread takes those offsets, flushes them,
 * and calls {@code SourceTask.commit()} only when the flush succeeded, every flush interval, idle or
 * not. Hence the rule: a record acknowledged before poll <i>p</i> began is among the offsets to
 * commit once poll <i>p+1</i> begins; if that was before {@code commit()} call <i>k</i>, flush
 * <i>k+1</i> started after it and wrote its offsets, so it is committed at {@code commit()} call
 * <i>k+1</i>. (A failed flush keeps its offsets for the next one and calls no {@code commit()}.)
 *
 * <p>Under exactly-once ({@code exactly.once.support=required}) the worker calls {@code
 * commitRecord} only after the transaction holding the record and its offsets committed, so an
 * acknowledged record is committed, and it calls {@code commit()} after each transaction (after
 * each poll, by default, records or not). The rule above holds there too, only later than need be;
 * the task uses it in both modes, since a worker without exactly-once ignores the connector's
 * {@code exactly.once.support}.
 *
 * <p>No deadlock: {@code commit()} follows every flush interval (at-least-once) or every poll's
 * transaction (exactly-once), whether or not the task emitted anything, so a step waiting for a
 * commit is released without emitting a record. A wait blocks a poll for at most {@link
 * #LONGEST_WAIT_MS}: under exactly-once the commit it waits for follows the poll's return.
 */
final class CommitTracker {

    static final long LONGEST_WAIT_MS = 100;

    private final AckTracker acks;
    private final boolean acknowledgedIsCommitted;
    /** Records acknowledged through this number before the current poll began. */
    private long ackedAtPoll;
    /** Among the offsets to commit since the current poll began. */
    private long toCommit;
    /** Among the offsets to commit before the last commit() call: written by the next flush. */
    private long inNextFlush;
    private long committed;

    /**
     * @param acknowledgedIsCommitted true when the worker calls {@code commitRecord} only after the
     *                                record's offsets are stored (exactly-once, or a test driver)
     */
    CommitTracker(AckTracker acks, boolean acknowledgedIsCommitted) {
        this.acks = acks;
        this.acknowledgedIsCommitted = acknowledgedIsCommitted;
    }

    /** The task is polled: called on the task thread at the start of every poll(). */
    synchronized void pollStarted() {
        toCommit = Math.max(toCommit, ackedAtPoll);
        ackedAtPoll = acks.ackedThrough();
    }

    /** An offset flush succeeded: called from {@code SourceTask.commit()}. */
    synchronized void flushed() {
        committed = Math.max(committed, inNextFlush);
        inNextFlush = toCommit;
        notifyAll();
    }

    /** Every record up to this number is committed. */
    long committedThrough() {
        if (acknowledgedIsCommitted) {
            return acks.ackedThrough();
        }
        synchronized (this) {
            return committed;
        }
    }

    /** Waits at most {@code maxWaitMs} for every record up to {@code sequence} to be committed. */
    boolean awaitCommitted(long sequence, long maxWaitMs) throws InterruptedException {
        if (acknowledgedIsCommitted) {
            return acks.awaitThrough(sequence, maxWaitMs);
        }
        synchronized (this) {
            long deadline = System.nanoTime() + Math.min(maxWaitMs, LONGEST_WAIT_MS) * 1_000_000L;
            while (committed < sequence) {
                long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
                if (leftMs <= 0) {
                    return false;
                }
                wait(leftMs);
            }
            return true;
        }
    }
}
