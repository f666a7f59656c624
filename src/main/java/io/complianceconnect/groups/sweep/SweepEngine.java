package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.RetryLaterException;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs sweeps over the directory one small step at a time: each step makes at most one API request
 * (or none) and returns the change records it produced; a poll takes as many steps as have records
 * ready ({@link #nextSteps}), so the task's {@code poll()} stays short.
 *
 * <p>A step first waits for the records it relies on to be in Kafka ({@link DurabilityGate}), then does
 * the most urgent work: a group's sync or deletion under way ({@link GroupSync}), then what the
 * activity feed named ({@link FeedRefresher}), then the sweep ({@link SweepPass}). Where the sweep
 * stands and what it counted is {@link SweepProgress}; which groups it covered, {@link
 * SweepCoverage}; every record is built by {@link ChangeRecords}.
 */
public final class SweepEngine {

    /**
     * The longest a step after a poll's first may block (an API answer on its way, a sleep until the
     * next sweep): the records the poll holds already are not held back longer for it.
     */
    static final Duration CONTINUATION_BLOCK = Duration.ofMillis(50);

    private final SweepSettings settings;
    private final DirectoryState state;
    private final Clock clock;
    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final GroupSync groupSync;
    private final FeedRefresher refresher;
    private final SweepPass pass;
    private final RequestShare share;
    /** Whether the last step could not go on: waited for an acknowledgement, an answer, the budget or the next sweep. */
    private boolean stalled;

    /**
     * How the worker stores offsets, which decides when an emitted record counts as committed
     * (see {@link CommitTracker}).
     */
    public enum Delivery {
        /**
         * Offsets are written with the records in one transaction: acknowledged is committed. A test
         * seam: the task cannot tell an exactly-once worker with the default boundary from an
         * at-least-once one, and runs as {@link #AT_LEAST_ONCE} there.
         */
        EXACTLY_ONCE,
        /** Offsets are flushed apart from the records: committed once a later flush wrote them. */
        AT_LEAST_ONCE,
        /**
         * Exactly-once with {@code transaction.boundary=connector}: the engine says where each
         * transaction ends ({@link Step#endsTransaction}), one per group change; acknowledged is
         * committed, for the worker reports a record only once its transaction is.
         */
        CONNECTOR_TRANSACTIONS
    }

    /**
     * What one step emitted.
     *
     * @param endsTransaction whether the transaction ends after these records (or, when there are
     *                        none, after those emitted before): only with {@link
     *                        Delivery#CONNECTOR_TRANSACTIONS}
     */
    public record Step(List<SourceRecord> records, boolean endsTransaction) {
    }

    /**
     * @param feed     where the activity feed was read up to, or null when nothing is stored
     * @param delivery how the worker stores offsets
     */
    public SweepEngine(SweepSettings settings, ComplianceApiClient client, DirectoryState state, SweepCursor cursor,
                       FeedPosition feed, Clock clock, Delivery delivery) {
        // Under at-least-once a crash can lose the offsets of acknowledged records: what the feed names
        // is then re-emitted from the API whatever the restored state says (see NamedByFeed).
        FeedEvidence evidence = new FeedEvidence();
        NamedByFeed named = new NamedByFeed(delivery == Delivery.AT_LEAST_ONCE);
        this.gate = new DurabilityGate(delivery != Delivery.AT_LEAST_ONCE,
                delivery == Delivery.CONNECTOR_TRANSACTIONS
                        ? TransactionBoundaries.connectorDefined(settings.transactionMaxRecords(),
                                settings.transactionMaxDuration(), clock)
                        : TransactionBoundaries.none(), evidence::apiTime);
        this.settings = settings;
        this.state = state;
        this.clock = clock;
        ChangeRecords records = settings.changeRecords();
        this.progress = new SweepProgress(settings, records, state, cursor, clock);
        SweepCoverage coverage = new SweepCoverage();
        this.share = new RequestShare(settings.refreshShare());
        Runnable sweepCounter = share.counter(RequestShare.Side.SWEEP);
        Runnable feedCounter = share.counter(RequestShare.Side.FEED);
        this.groupSync = new GroupSync(new SyncContext(state, records, gate, progress, coverage, evidence, named),
                new SweepRequests(client, settings, progress, sweepCounter),
                new SweepRequests(client, settings, progress, feedCounter));
        GroupObservations observations = new GroupObservations();
        this.refresher = new FeedRefresher(settings, state, feed, clock, gate, progress, coverage, groupSync,
                observations, new SweepRequests(client, settings, progress, feedCounter), evidence, named);
        this.pass = new SweepPass(settings, state, gate, progress, coverage, groupSync, observations,
                new SweepRequests(client, settings, progress, sweepCounter), refresher::sweepCompleted);
    }

    public SweepCursor cursor() {
        return progress.cursor();
    }

    /** What it was configured with (the metrics publish the interval and the feed mode). */
    public SweepSettings settings() {
        return settings;
    }

    public SweepStats currentSweep() {
        return progress.stats();
    }

    /** The counts of the last completed sweep, or null before the first completes. */
    public SweepStats lastCompletedSweep() {
        return progress.lastCompleted();
    }

    public DirectoryState state() {
        return state;
    }

    /** Whether the activity feed is being followed right now. */
    public boolean followingFeed() {
        return refresher.following();
    }

    /**
     * Groups whose last member listing served rows without a usable user id: rows not replicated, and
     * membership deletions of the group then rest on the feed or on two agreeing listings.
     */
    public int groupsWithUnusableMemberRows() {
        return groupSync.groupsWithUnusableMemberRows();
    }

    /** Groups re-read because the activity feed named them, since the task started. */
    public long refreshes() {
        return refresher.refreshes();
    }

    /**
     * Requests the activity feed made since the task started, its reads and its refreshes; the
     * rest of the client's requests are the sweep's.
     */
    public long refreshRequests() {
        return share.feedRequests();
    }

    /** Called from {@code SourceTask#commitRecord} on the producer's thread. */
    public void acknowledged(SourceRecord record) {
        gate.acknowledged(record);
    }

    /** Called from {@code SourceTask#commit}: an offset flush (or a transaction) succeeded. */
    public void committed() {
        gate.committed();
    }

    /**
     * One poll's steps: the next step, then more while they have records ready (at most {@link
     * #CONTINUATION_BLOCK} each), until about {@code recordLimit} records, a step that ends a
     * transaction, a step that could not go on (an answer or the request budget still to come, nothing
     * to do before the next sweep), or one that relies on records of this very poll being in
     * Kafka (they are sent only once the poll returns), within {@code maxBlock} in all. The worker
     * does its per-poll work (among it, copying every source partition's offset not committed yet)
     * once for many steps: one step a poll made that work, not the API, the end-to-end bound.
     */
    public Step nextSteps(Duration maxBlock, int recordLimit) throws InterruptedException {
        long deadline = System.nanoTime() + maxBlock.toNanos();
        Step step = nextStep(maxBlock);
        if (stalled || step.endsTransaction()) {
            return step;
        }
        List<SourceRecord> records = new ArrayList<>(step.records());
        while (records.size() < recordLimit && !gate.waiting()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                break;
            }
            step = stepOnce(Duration.ofNanos(Math.min(left, CONTINUATION_BLOCK.toNanos())));
            records.addAll(step.records());
            if (stalled || step.endsTransaction()) {
                return new Step(records, step.endsTransaction());
            }
        }
        return new Step(records, false);
    }

    /** Does the next step of the sweep (the only one of its poll): its records, and whether a transaction ends after them. */
    public Step nextStep(Duration maxBlock) throws InterruptedException {
        gate.pollStarted();
        return stepOnce(maxBlock);
    }

    private Step stepOnce(Duration maxBlock) throws InterruptedException {
        stalled = false;
        if (!gate.open(maxBlock)) {
            stalled = true;
            return new Step(List.of(), gate.transactionEndsAfterStep());
        }
        try {
            return new Step(step(maxBlock), gate.transactionEndsAfterStep());
        } catch (RetryLaterException e) {
            stalled = true;
            // Nothing was sent, or the answer is still on its way (ResponsePendingException, whose
            // notBefore is now): the same call is continued on a later poll. Returning meanwhile keeps
            // poll() short, so that a stop or rebalance never waits on a slow response.
            sleepUntil(e.notBefore(), maxBlock);
            return new Step(List.of(), gate.transactionEndsAfterStep());
        }
    }

    private List<SourceRecord> step(Duration maxBlock) throws InterruptedException {
        if (groupSync.busy()) {
            return groupSync.continueSync(maxBlock);
        }
        // What the feed named comes before the sweep's next group (it is what is recent), within
        // its share of the requests while a sweep wants them.
        share.sweepWanted(progress.sweepWanted());
        // The feed's first read of a task's life goes first: it gives the API's time that every later
        // batch is stamped with, without which the feed position could not move on (DurabilityGate).
        if (refresher.hasWork() && (share.feedMayGo() || refresher.firstReadDue())) {
            return refresher.step(maxBlock);
        }
        if (pass.waitingForNextSweep()) {
            Instant feedPoll = refresher.nextPollAt();
            Instant sweep = progress.nextSweepAt();
            sleepUntil(feedPoll.isBefore(sweep) ? feedPoll : sweep, maxBlock);
            stalled = true;
            return List.of();
        }
        return pass.step(maxBlock);
    }

    private void sleepUntil(Instant when, Duration maxBlock) throws InterruptedException {
        long ms = Math.min(Duration.between(clock.instant(), when).toMillis(), maxBlock.toMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
