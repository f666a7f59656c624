package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.InvalidRequestException;
import io.complianceconnect.groups.client.ListingGuard;
import io.complianceconnect.groups.client.ListingRestarts;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;

/**
 * One full pass over the directory, phase by phase of the {@link SweepCursor}: it starts when due,
 * lists the groups page by page and has each listed group synced ({@link GroupSync}); after the
 * last page it confirms every known group it did not sync with a direct GET, and only a 404 (or a
 * name outside the configured prefix) makes that group a deletion; then it completes.
 *
 * <p>Coverage is durable: once Kafka has a group's sync, its index entry is marked with the
 * sweep's number (with the next groups page, or at the next checkpoint), so a sweep resumed after
 * any number of restarts neither syncs a marked group again nor misses a deletion: every known
 * group it has not synced, in this life or a former one, is confirmed at the end. The cursor's page
 * is only where the listing resumes; it may run ahead of what is committed, because a group whose
 * sync was lost is unmarked and so confirmed (and synced) at the end.
 */
final class SweepPass {

    private static final Logger log = LoggerFactory.getLogger(SweepPass.class);

    private final SweepSettings settings;
    private final DirectoryState state;
    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final SweepCoverage coverage;
    private final GroupSync groupSync;
    private final SweepRequests requests;
    private final Runnable sweepCompleted;
    private final GroupObservations observations;

    private ListingGuard groupsGuard = new ListingGuard();
    /** Restarts of this sweep's groups listing from rejected tokens (bounded when they get no further). */
    private ListingRestarts groupsRestarts = new ListingRestarts("the groups listing");
    /** Whether a groups page was fetched since the listing (re)started; then its next token is known. */
    private boolean pageFetched;
    private String nextGroupsPage;
    private final Deque<String> deletionCandidates = new ArrayDeque<>();

    /** @param sweepCompleted told when a sweep completes */
    SweepPass(SweepSettings settings, DirectoryState state, DurabilityGate gate, SweepProgress progress,
              SweepCoverage coverage, GroupSync groupSync, GroupObservations observations, SweepRequests requests,
              Runnable sweepCompleted) {
        this.observations = observations;
        this.settings = settings;
        this.state = state;
        this.gate = gate;
        this.progress = progress;
        this.coverage = coverage;
        this.groupSync = groupSync;
        this.requests = requests;
        this.sweepCompleted = sweepCompleted;
        SweepCursor cursor = progress.cursor();
        if (cursor.phase() != SweepCursor.Phase.IDLE && !marksTrusted(progress)) {
            log.info("Sweep {} resumed after a stop of {} min, longer than the six hours the activity feed is "
                    + "replayed: the changes made meanwhile to the groups it synced before the stop may be unknown, "
                    + "so its sync marks are not trusted and every group is synced again (a full sweep)",
                    cursor.sweep(), progress.stoppedFor().toMinutes());
            progress.advance(cursor.atPage(null));   // from the first groups page: a sweep in all but its number
        } else if (cursor.phase() != SweepCursor.Phase.IDLE) {
            // A restart inside a sweep: what former lives synced (and committed) is covered.
            // A group without its stored checksum part (changed after its mark, or marked by a version
            // before the checksum) is synced again, so that the sweep's checksum covers it.
            for (GroupState g : state.groups()) {
                if (g.syncedSweep() == cursor.sweep() && g.storedDigest() != null) {
                    coverage.markSynced(g.id());
                }
            }
        }
        if (progress.cursor().phase() == SweepCursor.Phase.DELETES) {
            // Stopped while confirming deletions: the groups listing is over, the deletion phase
            // starts again over the groups still not synced.
            progress.advance(cursor.atPage(null));
            pageFetched = true;
            nextGroupsPage = null;
        }
    }

    /**
     * Whether a resumed sweep may skip the groups it marked synced before the stop: only when the
     * stop was shorter than the six hours the activity feed is replayed ({@link ActivityFollower#MAX_REPLAY}),
     * or its length is unknown (a cursor stored by an earlier version). Within them, a change made
     * meanwhile to a marked group is an activity the restarted task reads (with the feed followed), or,
     * without the feed, waits for the next sweep as any change made after a group's sync does. Beyond
     * them nothing names those changes, and a SWEEP_COMPLETED would vouch for copies hours old. Not the
     * sweep interval: restarts are routine, and a long sweep interval says nothing about the stop.
     */
    private static boolean marksTrusted(SweepProgress progress) {
        Duration stopped = progress.stoppedFor();
        return stopped == null || stopped.compareTo(ActivityFollower.MAX_REPLAY) <= 0;
    }

    /** Whether the pass has nothing to do before the next sweep is due. */
    boolean waitingForNextSweep() {
        return !coverage.anyWaiting() && progress.betweenSweeps();
    }

    List<SourceRecord> step(Duration maxBlock) throws InterruptedException {
        if (gate.hasAcknowledgedSyncs() && progress.checkpointDue()) {
            return checkpoint();
        }
        if (coverage.anyWaiting()) {
            return syncNextWaiting();
        }
        return switch (progress.cursor().phase()) {
            case IDLE -> startSweep();
            case GROUPS -> pageFetched && nextGroupsPage == null ? startDeletionPhase() : fetchGroupsPage(maxBlock);
            case DELETES -> deletionCandidates.isEmpty() ? completeSweep() : confirmCandidate(maxBlock);
        };
    }

    private List<SourceRecord> startSweep() {
        progress.startSweep();
        coverage.clear();
        observations.forget();
        restartListing();
        groupsRestarts = new ListingRestarts("the groups listing");
        return emitSweepEvent(SweepEventType.SWEEP_STARTED);
    }

    private List<SourceRecord> startDeletionPhase() {
        deletionCandidates.clear();
        deletionCandidates.addAll(coverage.unsynced(state.groups()));
        progress.advance(progress.cursor().deleting());
        return checkpoint();
    }

    private List<SourceRecord> completeSweep() {
        // SWEEP_COMPLETED claims every change of the sweep is in the replica: so it is, first (Kafka's
        // acknowledgement; the offsets need not be flushed, see DurabilityGate).
        if (!gate.everythingAcknowledged()) {
            return List.of();
        }
        gate.acknowledgedSyncs();   // marks of this sweep are of no use once it is complete
        progress.completeSweep();
        RecordBatch batch = progress.newCompletionBatch();
        progress.addSweepEvent(batch, SweepEventType.SWEEP_COMPLETED);
        List<SourceRecord> records = gate.emit(batch);
        sweepCompleted.run();
        return records;
    }

    private List<SourceRecord> emitSweepEvent(SweepEventType type) {
        RecordBatch batch = progress.newBatch();
        progress.addSweepEvent(batch, type);
        return gate.emit(batch);
    }

    /**
     * Fetches the next groups page and queues its groups for their syncs. The page's token is
     * stored in the cursor, so a restarted task lists from this page again.
     */
    private List<SourceRecord> fetchGroupsPage(Duration maxBlock) throws InterruptedException {
        SweepCursor cursor = progress.cursor();
        String token = pageFetched ? nextGroupsPage : cursor.groupsPageToken();
        Page<Group> page;
        try {
            page = requests.groupsPage(token, maxBlock);
        } catch (InvalidRequestException e) {
            if (!e.pageTokenRejected()) {
                throw e;
            }
            groupsRestarts.restarting(groupsGuard.pages(), e);
            log.warn("Groups page token was rejected (expired?); restarting the groups listing from its first "
                    + "page. Groups already synced in this sweep are not requested again.");
            progress.advance(cursor.atPage(null));
            restartListing();
            coverage.forgetWaiting();
            return List.of();
        }
        groupsGuard.check(token, page);
        pageFetched = true;
        nextGroupsPage = page.nextPage();
        progress.advance(cursor.atPage(token));

        RecordBatch batch = progress.newBatch();
        queueListed(page, observations.observe(), batch);
        addAcknowledgedSyncMarks(batch);
        progress.addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return gate.emit(batch);
    }

    /**
     * Queues the page's groups not synced yet in this sweep, announcing new ones in the index (with
     * one read of the offset store for the buckets a crash may have left of them).
     */
    private void queueListed(Page<Group> page, long observed, RecordBatch batch) {
        List<String> announced = new ArrayList<>();
        for (Group group : page.items()) {
            progress.stats().groupSeen();
            if (coverage.isSynced(group.id())) {
                continue;
            }
            if (state.get(group.id()) == null) {
                announced.add(group.id());
            }
            coverage.await(group, observed);
        }
        if (!announced.isEmpty()) {
            batch.state().announceGroups(announced);
        }
    }

    private void restartListing() {
        groupsGuard = new ListingGuard();
        pageFetched = false;
        nextGroupsPage = null;
    }

    /** The next group of the page (or confirmed in the deletion phase), unless already synced. */
    private List<SourceRecord> syncNextWaiting() {
        Group group = coverage.nextWaiting();
        long observed = coverage.nextWaitingObserved();
        if (coverage.isSynced(group.id())) {
            coverage.started();   // listed twice (pages shifted, or confirmed again): already done in this sweep
            return List.of();
        }
        coverage.started();
        // A refresh may have synced a newer copy since the page was read: the newer one wins.
        return groupSync.start(observations.newest(group, observed), this::groupSynced, RequestShare.Side.SWEEP);
    }

    /** The group is marked synced once Kafka has its last batch, at a later checkpoint. */
    private void groupSynced(String groupId, RecordBatch lastBatch) {
        lastBatch.state().sweepSyncCompleted(state.get(groupId));
        lastBatch.syncCompleted(groupId);
    }

    /** Stores the sync marks acknowledged since the last checkpoint, and the sweep's counts. */
    private List<SourceRecord> checkpoint() {
        RecordBatch batch = progress.newBatch();
        addAcknowledgedSyncMarks(batch);
        progress.addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return gate.emit(batch);
    }

    /**
     * Marks the groups whose sync Kafka has by now as synced in this sweep: many per batch, so an
     * index shard is rewritten once for all its groups rather than once per group. The mark's record
     * comes after the sync's in Kafka, so a flush that stores the mark stores the sync's offsets too
     * (Connect commits each partition's acknowledged prefix); a crash in the middle of a flush can
     * break that, and the feed's replay repairs it (see NamedByFeed).
     */
    private void addAcknowledgedSyncMarks(RecordBatch batch) {
        long sweep = progress.cursor().sweep();
        for (String groupId : gate.acknowledgedSyncs()) {
            GroupState g = state.get(groupId);
            if (g != null && g.syncedSweep() != sweep) {
                batch.state().markSynced(g, sweep);
            }
        }
    }

    private List<SourceRecord> confirmCandidate(Duration maxBlock) throws InterruptedException {
        String groupId = deletionCandidates.peek();
        if (coverage.isSynced(groupId)) {
            deletionCandidates.poll();   // the feed had it refreshed meanwhile
            return List.of();
        }
        Optional<Group> group = requests.group(groupId, maxBlock);
        long observed = observations.observe();
        deletionCandidates.poll();
        if (group.isPresent() && settings.covers(group.get())) {
            // Still there: the listing skipped it (pages shifted), or a restart lost its sync.
            progress.stats().groupSeen();
            coverage.await(group.get(), observed);
            return List.of();
        }
        if (group.isPresent()) {
            log.info("Group {} was renamed out of the prefix '{}': emitting it as deleted", groupId,
                    settings.groupNamePrefix());
        } else {
            log.info("Group {} is gone (404): emitting its deletion", groupId);
        }
        GroupState known = state.get(groupId);
        return known == null ? List.of() : groupSync.deleteGroup(known);
    }
}
