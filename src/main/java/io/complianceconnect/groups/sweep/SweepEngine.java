package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.InvalidRequestException;
import io.complianceconnect.groups.client.ListingGuard;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.client.PendingCalls;
import io.complianceconnect.groups.client.RequestKey;
import io.complianceconnect.groups.client.RetryLaterException;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StateBatch;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * Runs sweeps over the directory one small step at a time: each call of {@link #next} makes at
 * most one API request (or none) and returns the change records it produced, so the task's
 * {@code poll()} stays short.
 *
 * <p>A sweep lists the groups page by page; for each group it emits the group's change, then lists
 * its members and emits each membership change; after the last page it confirms every known group
 * that was not listed with a direct GET, and only a 404 (or a name outside the configured prefix)
 * makes it a deletion. Member deletions come from a complete listing: a single-page listing is
 * atomic, a multi-page one is repeated once and only members absent from both are deleted, because
 * offset paging can skip an entry when the list shifts under it.
 */
public final class SweepEngine {

    private static final Logger log = LoggerFactory.getLogger(SweepEngine.class);

    private final SweepSettings settings;
    private final ComplianceApiClient client;
    private final DirectoryState state;
    private final Clock clock;
    private final DurabilityGate gate = new DurabilityGate();
    private final SweepProgress progress;
    private final SweepCoverage coverage = new SweepCoverage();
    private final GroupSync groupSync;

    private ListingGuard groupsGuard = new ListingGuard();
    private boolean pageFetched;
    private String nextGroupsPage;
    private final Deque<String> deletionCandidates = new ArrayDeque<>();

    private final FeedRefresher refresher;
    /** Calls that had to wait, by request, so a retry keeps its attempts and budget. */
    private final PendingCalls sweepCalls;

    public SweepEngine(SweepSettings settings, ComplianceApiClient client, DirectoryState state, SweepCursor cursor,
                       Clock clock) {
        this(settings, client, state, cursor, null, clock);
    }

    /**
     * @param feed where the activity feed was read up to, or null when nothing is stored
     */
    public SweepEngine(SweepSettings settings, ComplianceApiClient client, DirectoryState state, SweepCursor cursor,
                       FeedPosition feed, Clock clock) {
        this.settings = settings;
        this.client = client;
        this.state = state;
        this.clock = clock;
        this.progress = new SweepProgress(settings, settings.changeRecords(), state, cursor, clock);
        this.groupSync = new GroupSync(settings, client, state, settings.changeRecords(), gate, progress, coverage);
        this.refresher = new FeedRefresher(settings, client, state, feed, clock, gate, progress, coverage, groupSync);
        this.sweepCalls = new PendingCalls(progress::requestCompleted);
        if (cursor.phase() == SweepCursor.Phase.DELETES) {
            // Stopped while confirming deletions: the groups listing is over, the deletion phase
            // starts again (and, the sweep being resumed, confirms nothing).
            progress.advance(cursor.atPage(null));
            pageFetched = true;
            nextGroupsPage = null;
        }
    }

    public SweepCursor cursor() {
        return progress.cursor();
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

    /** Groups re-read because the activity feed named them, since the task started. */
    public long refreshes() {
        return refresher.refreshes();
    }

    /** Called from {@code SourceTask#commitRecord} on the producer's thread. */
    public void acknowledged(SourceRecord record) {
        gate.acknowledged(record);
    }

    /**
     * Does the next step of the sweep.
     *
     * @param maxBlock the longest this call may wait (for pacing, a retry or acknowledgements)
     * @return the records to emit; empty when the step produced none or had to wait
     */
    public List<SourceRecord> next(Duration maxBlock) throws InterruptedException {
        if (!gate.open(maxBlock)) {
            return List.of();
        }
        try {
            return step(maxBlock);
        } catch (RetryLaterException e) {
            // Nothing was sent; the same call is repeated on a later poll.
            sleepUntil(e.notBefore(), maxBlock);
            return List.of();
        }
    }

    private List<SourceRecord> step(Duration maxBlock) throws InterruptedException {
        if (groupSync.busy()) {
            return groupSync.continueSync(maxBlock);
        }
        // Refreshes named by the feed come before the sweep's next group: they are what is recent.
        if (refresher.hasWork()) {
            return refresher.step(maxBlock);
        }
        if (coverage.anyWaiting()) {
            return syncNextWaiting();
        }
        return switch (progress.cursor().phase()) {
            case IDLE -> maybeStartSweep(maxBlock);
            case GROUPS -> pageFetched && nextGroupsPage == null ? startDeletionPhase() : fetchGroupsPage(maxBlock);
            case DELETES -> deletionCandidates.isEmpty() ? completeSweep() : confirmCandidate(maxBlock);
        };
    }

    // ---- sweep boundaries ------------------------------------------------------------------

    private List<SourceRecord> maybeStartSweep(Duration maxBlock) throws InterruptedException {
        Instant due = Instant.ofEpochMilli(progress.cursor().nextSweepAtMs());
        if (clock.instant().isBefore(due)) {
            Instant wake = refresher.nextPollAt().isBefore(due) ? refresher.nextPollAt() : due;
            sleepUntil(wake, maxBlock);
            return List.of();
        }
        progress.startSweep();
        coverage.clear();
        groupsGuard = new ListingGuard();
        pageFetched = false;
        nextGroupsPage = null;
        RecordBatch batch = progress.newBatch();
        progress.addSweepEvent(batch, SweepEventType.SWEEP_STARTED);
        return gate.emit(batch);
    }

    private List<SourceRecord> startDeletionPhase() {
        deletionCandidates.clear();
        if (!progress.resumed()) {
            deletionCandidates.addAll(coverage.unseen(state.groups()));
        } else {
            log.info("Sweep {} was resumed after a restart: deletions are confirmed by the next full sweep, "
                    + "which starts at once", progress.cursor().sweep());
        }
        progress.advance(progress.cursor().deleting());
        RecordBatch batch = progress.newBatch();
        progress.addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return gate.emit(batch);
    }

    private List<SourceRecord> completeSweep() {
        progress.completeSweep();
        RecordBatch batch = progress.newBatch();
        progress.addSweepEvent(batch, SweepEventType.SWEEP_COMPLETED);
        refresher.sweepCompleted();
        return gate.emit(batch);
    }

    // ---- groups listing --------------------------------------------------------------------

    private List<SourceRecord> fetchGroupsPage(Duration maxBlock) throws InterruptedException {
        SweepCursor cursor = progress.cursor();
        String token = pageFetched ? nextGroupsPage : cursor.groupsPageToken();
        Page<Group> page;
        try {
            page = sweepCalls.execute(RequestKey.groupsPage(token),
                    () -> client.listGroups(settings.groupNamePrefix(), token, settings.pageSize()), maxBlock);
        } catch (InvalidRequestException e) {
            if (!e.pageTokenRejected()) {
                throw e;
            }
            log.warn("Groups page token was rejected (expired?); restarting the groups listing from its first "
                    + "page. Groups already synced in this sweep are not requested again.");
            restartGroupsListing();
            return List.of();
        }
        groupsGuard.check(token, page);
        String resumeAfter = pageFetched ? null : cursor.afterGroupId();
        pageFetched = true;
        nextGroupsPage = page.nextPage();
        progress.advance(cursor.atPage(token));

        RecordBatch batch = progress.newBatch();
        StateBatch changes = batch.state();
        boolean skipping = resumeAfter != null && page.items().stream().anyMatch(g -> g.id().equals(resumeAfter));
        for (Group group : page.items()) {
            coverage.markSeen(group.id());
            progress.stats().groupSeen();
            if (skipping) {
                skipping = !group.id().equals(resumeAfter);
                coverage.markSynced(group.id());
                continue;
            }
            if (coverage.isSynced(group.id())) {
                continue;
            }
            if (state.get(group.id()) == null) {
                // Announce before anything about the group can be stored (see DurabilityGate).
                changes.announceGroup(group.id());
            }
            coverage.await(group);
        }
        if (resumeAfter != null) {
            progress.advance(progress.cursor().afterGroup(resumeAfter));
        }
        progress.carryStateChanges(batch);
        progress.addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return gate.emitDurably(batch);
    }

    private void restartGroupsListing() {
        progress.advance(progress.cursor().atPage(null));
        groupsGuard = new ListingGuard();
        pageFetched = false;
        nextGroupsPage = null;
        coverage.forgetWaiting();
    }

    /** The next group of the page (or confirmed in the deletion phase), unless already synced. */
    private List<SourceRecord> syncNextWaiting() {
        Group group = coverage.nextWaiting();
        if (coverage.isSynced(group.id())) {
            coverage.started();   // listed twice (pages shifted, or confirmed again): already done in this sweep
            return List.of();
        }
        GroupSync.Start start = groupSync.start(group, this::groupSynced);
        if (start.started()) {
            coverage.started();
        }
        return start.records();
    }

    /** The sweep moves past a group only once its memberships are emitted. */
    private void groupSynced(String groupId, RecordBatch lastBatch) {
        progress.advance(progress.cursor().afterGroup(groupId));
        progress.maybeCheckpoint(lastBatch);
    }

    // ---- deletions ----------------------------------------------------------------------------

    private List<SourceRecord> confirmCandidate(Duration maxBlock) throws InterruptedException {
        String groupId = deletionCandidates.peek();
        Optional<Group> group = sweepCalls.execute(RequestKey.group(groupId), () -> client.getGroup(groupId),
                maxBlock);
        deletionCandidates.poll();
        if (group.isPresent() && settings.covers(group.get())) {
            // Still there: the listing skipped it (pages shifted). Sync it like a listed group.
            coverage.markSeen(groupId);
            progress.stats().groupSeen();
            coverage.await(group.get());
            return List.of();
        }
        if (group.isPresent()) {
            log.info("Group {} was renamed out of the prefix '{}': emitting it as deleted", groupId,
                    settings.groupNamePrefix());
        } else {
            log.info("Group {} is gone (404): emitting its deletion", groupId);
        }
        GroupState groupState = state.get(groupId);
        return groupState == null ? List.of() : groupSync.deleteGroup(groupState);
    }

    private void sleepUntil(Instant when, Duration maxBlock) throws InterruptedException {
        long ms = Math.min(Duration.between(clock.instant(), when).toMillis(), maxBlock.toMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }
}
