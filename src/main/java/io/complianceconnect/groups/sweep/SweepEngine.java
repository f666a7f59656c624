package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.client.ApiCall;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.PermissionException;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.GroupNotFoundException;
import io.complianceconnect.groups.client.InvalidRequestException;
import io.complianceconnect.groups.client.ListingGuard;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.client.RetryLaterException;
import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.mapping.ComplianceSchemas;
import io.complianceconnect.groups.mapping.RecordValues;
import io.complianceconnect.groups.mapping.SweepEventData;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.Fingerprints;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StateBatch;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;

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
    private final AckTracker acks = new AckTracker();

    private SweepCursor cursor;
    private boolean resumed;
    private SweepStats stats = new SweepStats();
    private Instant sweepStartedAt;
    private Instant lastCheckpointAt;
    private SweepStats lastCompleted;

    /** Groups listed in this sweep (or confirmed by GET), so not deletion candidates. */
    private final Set<String> seen = new HashSet<>();
    /** Groups whose memberships were fully synced in this sweep: shifting pages can list one twice. */
    private final Set<String> synced = new HashSet<>();
    /** Groups of the current page (or confirmed in the deletion phase) waiting to be synced. */
    private final Deque<Group> queue = new ArrayDeque<>();
    private ListingGuard groupsGuard = new ListingGuard();
    private boolean pageFetched;
    private String nextGroupsPage;
    private final Deque<String> deletionCandidates = new ArrayDeque<>();

    private MemberSync sync;
    private GroupState deleting;
    private long waitForSequence;
    /** Calls that had to wait (RetryLaterException), by request, so a retry keeps its attempts and budget. */
    private final Map<String, ApiCall<?>> waitingCalls = new HashMap<>();

    /** Null when the feed is not followed (disabled, or unavailable to this key). */
    private ActivityFollower follower;
    /** Groups the feed named, to re-read before the sweep goes on. */
    private final Deque<String> refreshQueue = new ArrayDeque<>();
    private Group refreshing;
    private boolean feedCheckpointDue;
    private long refreshesDone;

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
        this.cursor = cursor;
        this.clock = clock;
        this.lastCheckpointAt = clock.instant();
        if (settings.feedMode() != SweepSettings.FeedMode.DISABLED) {
            follower = new ActivityFollower(settings.activityPollInterval(), settings.activityLag(),
                    feed == null ? null : feed.watermark(), clock.instant());
        }
        if (cursor.phase() != SweepCursor.Phase.IDLE) {
            // A restart inside a sweep: carry on from the stored page; the groups listed before it
            // are unknown, so this sweep cannot tell deletions apart and skips its deletion phase.
            resumed = true;
            sweepStartedAt = clock.instant();
            stats.started(sweepStartedAt.toEpochMilli());
            lastCheckpointAt = sweepStartedAt;
            if (cursor.phase() == SweepCursor.Phase.DELETES) {
                this.cursor = cursor.atPage(null);
                pageFetched = true;
                nextGroupsPage = null;
            }
        }
    }

    public SweepCursor cursor() {
        return cursor;
    }

    public SweepStats currentSweep() {
        return stats;
    }

    /** The counts of the last completed sweep, or null before the first completes. */
    public SweepStats lastCompletedSweep() {
        return lastCompleted;
    }

    public DirectoryState state() {
        return state;
    }

    /** Whether the activity feed is being followed right now. */
    public boolean followingFeed() {
        return follower != null;
    }

    /** Groups re-read because the activity feed named them, since the task started. */
    public long refreshes() {
        return refreshesDone;
    }

    /** Called from {@code SourceTask#commitRecord} on the producer's thread. */
    public void acknowledged(SourceRecord record) {
        if (record instanceof RecordBatch.SequencedRecord sequenced) {
            acks.acknowledge(sequenced.sequence());
        }
    }

    /**
     * Does the next step of the sweep.
     *
     * @param maxBlock the longest this call may wait (for pacing, a retry or acknowledgements)
     * @return the records to emit; empty when the step produced none or had to wait
     */
    public List<SourceRecord> next(Duration maxBlock) throws InterruptedException {
        if (waitForSequence > 0) {
            if (!acks.awaitThrough(waitForSequence, maxBlock.toMillis())) {
                return List.of();
            }
            waitForSequence = 0;
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
        if (deleting != null) {
            return finishGroupDeletion();
        }
        if (sync != null) {
            return continueMemberSync(maxBlock);
        }
        // Refreshes named by the feed come before the sweep's next group: they are what is recent.
        if (refreshing != null) {
            return startGroupSync(refreshing, false);
        }
        if (!refreshQueue.isEmpty()) {
            return refreshNext(maxBlock);
        }
        if (feedCheckpointDue) {
            return feedCheckpoint();
        }
        if (follower != null && follower.due(clock.instant())) {
            return pollFeed(maxBlock);
        }
        if (!queue.isEmpty()) {
            return startGroupSync(queue.peek(), true);
        }
        return switch (cursor.phase()) {
            case IDLE -> maybeStartSweep(maxBlock);
            case GROUPS -> pageFetched && nextGroupsPage == null ? startDeletionPhase() : fetchGroupsPage(maxBlock);
            case DELETES -> deletionCandidates.isEmpty() ? completeSweep() : confirmCandidate(maxBlock);
        };
    }

    // ---- sweep boundaries ------------------------------------------------------------------

    private List<SourceRecord> maybeStartSweep(Duration maxBlock) throws InterruptedException {
        Instant due = Instant.ofEpochMilli(cursor.nextSweepAtMs());
        if (clock.instant().isBefore(due)) {
            Instant wake = follower != null && follower.nextPollAt().isBefore(due) ? follower.nextPollAt() : due;
            sleepUntil(wake, maxBlock);
            return List.of();
        }
        cursor = cursor.startSweep();
        resumed = false;
        stats = new SweepStats();
        sweepStartedAt = clock.instant();
        stats.started(sweepStartedAt.toEpochMilli());
        lastCheckpointAt = sweepStartedAt;
        seen.clear();
        synced.clear();
        groupsGuard = new ListingGuard();
        pageFetched = false;
        nextGroupsPage = null;
        log.info("Sweep {} started ({} groups and {} memberships known)", cursor.sweep(), state.groupCount(),
                state.membershipCount());
        RecordBatch batch = newBatch();
        addSweepEvent(batch, SweepEventType.SWEEP_STARTED);
        return batch.build(acks);
    }

    private List<SourceRecord> startDeletionPhase() {
        deletionCandidates.clear();
        if (!resumed) {
            state.groups().stream().map(GroupState::id).filter(id -> !seen.contains(id)).sorted()
                    .forEach(deletionCandidates::add);
        } else {
            log.info("Sweep {} was resumed after a restart: deletions are confirmed by the next full sweep, "
                    + "which starts at once", cursor.sweep());
        }
        cursor = cursor.deleting();
        RecordBatch batch = newBatch();
        addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return batch.build(acks);
    }

    private List<SourceRecord> completeSweep() {
        Instant now = clock.instant();
        // A resumed sweep did not look for deletions; the next full one must follow without delay.
        Instant next = resumed ? now : sweepStartedAt.plus(settings.sweepInterval());
        boolean wasSnapshot = !cursor.snapshotDone();
        cursor = cursor.completed(next.toEpochMilli());
        stats.completed(now.toEpochMilli());
        lastCompleted = stats;
        log.info("Sweep {} completed in {} ms{}: {}", cursor.sweep(), Duration.between(sweepStartedAt, now).toMillis(),
                wasSnapshot ? " (snapshot)" : "", stats);
        RecordBatch batch = newBatch();
        addSweepEvent(batch, SweepEventType.SWEEP_COMPLETED);
        if (follower != null) {
            feedCheckpointDue = true;
        }
        return batch.build(acks);
    }

    // ---- groups listing --------------------------------------------------------------------

    private List<SourceRecord> fetchGroupsPage(Duration maxBlock) throws InterruptedException {
        String token = pageFetched ? nextGroupsPage : cursor.groupsPageToken();
        Page<Group> page;
        try {
            page = execute("groups:" + token,
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
        cursor = cursor.atPage(token);

        RecordBatch batch = newBatch();
        StateBatch changes = batch.state();
        boolean skipping = resumeAfter != null && page.items().stream().anyMatch(g -> g.id().equals(resumeAfter));
        for (Group group : page.items()) {
            seen.add(group.id());
            stats.groupSeen();
            if (skipping) {
                skipping = !group.id().equals(resumeAfter);
                synced.add(group.id());
                continue;
            }
            if (synced.contains(group.id())) {
                continue;
            }
            if (state.get(group.id()) == null) {
                // Announce before anything about the group can be stored (see AckTracker).
                changes.announceGroup(group.id());
            }
            queue.add(group);
        }
        if (resumeAfter != null) {
            cursor = cursor.afterGroup(resumeAfter);
        }
        addStateCarriers(batch);
        addSweepEvent(batch, SweepEventType.CHECKPOINT);
        return emitAndWaitForDurability(batch);
    }

    private void restartGroupsListing() {
        cursor = cursor.atPage(null);
        groupsGuard = new ListingGuard();
        pageFetched = false;
        nextGroupsPage = null;
        queue.clear();
    }

    // ---- one group ----------------------------------------------------------------------------

    /**
     * @param fromSweep whether the group comes from the sweep's queue (else it is a refresh the feed asked
     *                  for); the group leaves its queue once its sync has started
     */
    private List<SourceRecord> startGroupSync(Group group, boolean fromSweep) {
        if (fromSweep && synced.contains(group.id())) {
            queue.poll();   // listed twice (pages shifted, or confirmed again): already done in this sweep
            return List.of();
        }
        GroupState groupState = state.get(group.id());
        if (groupState == null) {
            // A group the feed reported as created: announce it before anything about it is stored.
            RecordBatch batch = newBatch();
            batch.state().announceGroup(group.id());
            addStateCarriers(batch);
            return emitAndWaitForDurability(batch);
        }
        if (!acks.isAcknowledgedThrough(groupState.layoutSequence())) {
            waitForSequence = groupState.layoutSequence();
            return List.of();
        }
        if (fromSweep) {
            queue.poll();
        } else {
            refreshing = null;
            refreshesDone++;
        }
        RecordBatch batch = newBatch();
        long fingerprint = Fingerprints.of(group);
        if (fingerprint != groupState.fingerprint()) {
            ChangeType type = groupState.contentEmitted() ? ChangeType.UPDATED : creationType();
            Map<String, Object> partition = batch.state().groupContent(groupState, fingerprint);
            batch.add(settings.groupsTopic(), ComplianceSchemas.GROUP_KEY, RecordValues.groupKey(group.id()),
                    ComplianceSchemas.GROUP_VALUE, RecordValues.groupValue(group, metadata(type)), partition);
            stats.change(type);
        }
        sync = new MemberSync(group, groupState, fromSweep);
        return batch.build(acks);
    }

    private List<SourceRecord> continueMemberSync(Duration maxBlock) throws InterruptedException {
        MemberSync s = sync;
        Page<GroupMember> page = s.heldPage;
        if (page == null) {
            try {
                String token = s.pageToken;
                page = execute("members:" + s.group.id() + ":" + token,
                        () -> client.listMembers(s.group.id(), token, settings.pageSize()), maxBlock);
            } catch (GroupNotFoundException e) {
                log.info("Group {} answered 404 while its members were listed: it was deleted", s.group.id());
                sync = null;
                return startGroupDeletion(s.groupState);
            } catch (InvalidRequestException e) {
                if (!e.pageTokenRejected()) {
                    throw e;
                }
                log.warn("Member page token of group {} was rejected (expired?); listing its members again from "
                        + "the first page", s.group.id());
                s.restartListing();
                return List.of();
            }
            s.guard.check(s.pageToken, page);
            s.pages++;
            s.skippedRows += page.skippedRows();
            stats.membersSeen(page.items().size());
        }

        RecordBatch batch = newBatch();
        StateBatch changes = batch.state();
        GroupState g = s.groupState;
        int newMembers = 0;
        for (GroupMember m : page.items()) {
            if (g.bucketOf(m.userId()) < 0) {
                newMembers++;
            }
        }
        if (newMembers > g.freeCapacity()) {
            // More buckets first, durably, then the page (held until then).
            int more = (newMembers - g.freeCapacity() + GroupState.BUCKET_CAPACITY - 1) / GroupState.BUCKET_CAPACITY;
            changes.addBuckets(g, more);
            s.heldPage = page;
            addStateCarriers(batch);
            return emitAndWaitForDurability(batch);
        }
        s.heldPage = null;

        for (GroupMember m : page.items()) {
            s.listed.add(m.userId());
            long fingerprint = Fingerprints.of(m);
            long previous = g.memberFingerprint(m.userId());
            if (previous == fingerprint) {
                continue;
            }
            ChangeType type = previous == Fingerprints.UNKNOWN ? creationType() : ChangeType.UPDATED;
            Map<String, Object> partition = changes.putMember(g, m.userId(), fingerprint);
            batch.add(settings.membersTopic(), ComplianceSchemas.MEMBER_KEY,
                    RecordValues.memberKey(m.groupId(), m.userId()), ComplianceSchemas.MEMBER_VALUE,
                    RecordValues.memberValue(m, metadata(type)), partition);
            stats.change(type);
        }

        if (!page.isLast()) {
            s.pageToken = page.nextPage();
            return batch.build(acks);
        }
        List<String> absent = new ArrayList<>();
        for (String userId : g.sortedMemberIds()) {
            if (!s.listed.contains(userId)) {
                absent.add(userId);
            }
        }
        if (s.skippedRows > 0) {
            // A row without a usable id could be any absent member: none is taken for removed this time.
            absent.clear();
        }
        if (!absent.isEmpty() && s.pages > 1 && !s.relisted) {
            // Offset paging may have skipped them because the list shifted: list once more and delete
            // only those missing from both listings.
            log.debug("Group {}: {} members missing from a {}-page listing; listing again to confirm",
                    s.group.id(), absent.size(), s.pages);
            s.relist();
            return batch.build(acks);
        }
        ChangeMetadata deleted = metadata(ChangeType.DELETED);
        for (String userId : absent) {
            emitMemberDeletion(batch, g, userId, deleted);
        }
        sync = null;
        synced.add(s.group.id());
        if (s.fromSweep) {
            cursor = cursor.afterGroup(s.group.id());
            maybeCheckpoint(batch);
        }
        return batch.build(acks);
    }

    // ---- deletions ----------------------------------------------------------------------------

    private List<SourceRecord> confirmCandidate(Duration maxBlock) throws InterruptedException {
        String groupId = deletionCandidates.peek();
        Optional<Group> group = execute("group:" + groupId, () -> client.getGroup(groupId), maxBlock);
        deletionCandidates.poll();
        String prefix = settings.groupNamePrefix();
        if (group.isPresent() && group.get().nameStartsWith(prefix)) {
            // Still there: the listing skipped it (pages shifted). Sync it like a listed group.
            seen.add(groupId);
            stats.groupSeen();
            queue.add(group.get());
            return List.of();
        }
        if (group.isPresent()) {
            log.info("Group {} was renamed out of the prefix '{}': emitting it as deleted", groupId, prefix);
        } else {
            log.info("Group {} is gone (404): emitting its deletion", groupId);
        }
        GroupState groupState = state.get(groupId);
        return groupState == null ? List.of() : startGroupDeletion(groupState);
    }

    /** Deletes the memberships first; the group itself follows once they are durable. */
    private List<SourceRecord> startGroupDeletion(GroupState groupState) {
        RecordBatch batch = newBatch();
        ChangeMetadata deleted = metadata(ChangeType.DELETED);
        for (String userId : groupState.sortedMemberIds()) {
            emitMemberDeletion(batch, groupState, userId, deleted);
        }
        deleting = groupState;
        synced.add(groupState.id());
        queue.removeIf(g -> g.id().equals(groupState.id()));
        return emitAndWaitForDurability(batch);
    }

    private List<SourceRecord> finishGroupDeletion() {
        GroupState groupState = deleting;
        deleting = null;
        RecordBatch batch = newBatch();
        Map<String, Object> partition = batch.state().removeGroup(groupState);
        batch.add(settings.groupsTopic(), ComplianceSchemas.GROUP_KEY, RecordValues.groupKey(groupState.id()),
                ComplianceSchemas.GROUP_VALUE, RecordValues.groupDeleted(groupState.id(), metadata(ChangeType.DELETED)),
                partition);
        stats.change(ChangeType.DELETED);
        if (settings.tombstonesOnDelete()) {
            batch.add(settings.groupsTopic(), ComplianceSchemas.GROUP_KEY, RecordValues.groupKey(groupState.id()),
                    null, null, partition);
            stats.tombstone();
        }
        return batch.build(acks);
    }

    private void emitMemberDeletion(RecordBatch batch, GroupState group, String userId, ChangeMetadata deleted) {
        Map<String, Object> partition = batch.state().removeMember(group, userId);
        batch.add(settings.membersTopic(), ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey(group.id(), userId),
                ComplianceSchemas.MEMBER_VALUE, RecordValues.memberDeleted(group.id(), userId, deleted), partition);
        stats.change(ChangeType.DELETED);
        if (settings.tombstonesOnDelete()) {
            batch.add(settings.membersTopic(), ComplianceSchemas.MEMBER_KEY,
                    RecordValues.memberKey(group.id(), userId), null, null, partition);
            stats.tombstone();
        }
    }

    // ---- the activity feed -------------------------------------------------------------------

    private List<SourceRecord> pollFeed(Duration maxBlock) throws InterruptedException {
        Instant now = clock.instant();
        follower.pollStarting(now);
        String afterId = follower.afterId();
        ActivityPage page;
        try {
            page = execute("feed:" + afterId, () -> client.listActivities(follower.since(), afterId,
                    ActivityFollower.TYPES, 1000), maxBlock);
        } catch (PermissionException e) {
            log.info("The activity feed is not available to this key ({}): running on full sweeps only. Grant "
                    + "read:compliance_activities to see changes within about a minute.", e.getMessage());
            follower = null;
            return List.of();
        } catch (ComplianceApiException e) {   // RetryLaterException included
            // An outage of the feed must not hold up the sweeps, which reconcile whatever it missed.
            waitingCalls.remove("feed:" + afterId);
            log.warn("The activity feed could not be read ({}); sweeps go on, the feed is tried again in {} s",
                    e.getMessage(), settings.activityPollInterval().toSeconds());
            follower.pollFailed(now);
            return List.of();
        }
        ActivityFollower.Targets targets = follower.accept(page, state, clock.instant());
        for (String groupId : targets.groupIds()) {
            if (!refreshQueue.contains(groupId)) {
                refreshQueue.add(groupId);
            }
        }
        if (targets.fullSweepRequested() && cursor.phase() == SweepCursor.Phase.IDLE) {
            log.info("The identity provider re-synced the directory: starting a full sweep now");
            cursor = cursor.completed(clock.millis());
        }
        if (!targets.groupIds().isEmpty()) {
            feedCheckpointDue = true;
        }
        return List.of();
    }

    /** Re-reads one group the feed named: gone → deletion; there → the same diff a sweep does. */
    private List<SourceRecord> refreshNext(Duration maxBlock) throws InterruptedException {
        String groupId = refreshQueue.peek();
        Optional<Group> group = execute("refresh:" + groupId, () -> client.getGroup(groupId), maxBlock);
        refreshQueue.poll();
        GroupState known = state.get(groupId);
        if (group.isPresent() && group.get().nameStartsWith(settings.groupNamePrefix())) {
            seen.add(groupId);
            refreshing = group.get();
            return startGroupSync(refreshing, false);
        }
        if (known == null) {
            return List.of();
        }
        refreshesDone++;
        return startGroupDeletion(known);
    }

    /** Persists how far the feed was read, once the refreshes it asked for are done. */
    private List<SourceRecord> feedCheckpoint() {
        feedCheckpointDue = false;
        RecordBatch batch = newBatch();
        batch.addWithOffset(settings.sweepsTopic(), ComplianceSchemas.SWEEP_KEY,
                RecordValues.sweepKey(settings.connectorName()), ComplianceSchemas.SWEEP_VALUE,
                RecordValues.sweepEvent(eventData(SweepEventType.CHECKPOINT)), StatePartitions.feed(),
                new FeedPosition(follower != null ? follower.watermark() : clock.instant()).toOffset());
        return batch.build(acks);
    }

    // ---- helpers -----------------------------------------------------------------------------

    /**
     * Runs a request; one that had to wait (RetryLaterException) is continued as the same logical
     * request, with its attempt count and retry budget, when the same step runs again.
     */
    private <T> T execute(String requestKey, Supplier<ApiCall<T>> newCall, Duration maxBlock)
            throws InterruptedException {
        @SuppressWarnings("unchecked")
        ApiCall<T> call = (ApiCall<T>) waitingCalls.remove(requestKey);
        if (call == null) {
            call = newCall.get();
        }
        try {
            T result = call.execute(maxBlock);
            stats.request();
            return result;
        } catch (RetryLaterException e) {
            waitingCalls.put(requestKey, call);
            throw e;
        }
    }

    private RecordBatch newBatch() {
        return new RecordBatch(new StateBatch(state), clock.millis());
    }

    private ChangeType creationType() {
        return cursor.snapshotDone() ? ChangeType.CREATED : ChangeType.SNAPSHOT;
    }

    private ChangeMetadata metadata(ChangeType type) {
        return new ChangeMetadata(type, cursor.sweep(), clock.instant());
    }

    /**
     * Emits the batch and makes the next step wait until it is acknowledged: used when the batch
     * changes the index (announcements, new buckets, a group's memberships all deleted), which later
     * records depend on.
     */
    private List<SourceRecord> emitAndWaitForDurability(RecordBatch batch) {
        List<SourceRecord> records = batch.build(acks);
        if (!records.isEmpty()) {
            long last = ((RecordBatch.SequencedRecord) records.get(records.size() - 1)).sequence();
            waitForSequence = last;
            for (GroupState g : batch.state().touchedGroups()) {
                g.layoutSequence(last);
            }
        }
        return records;
    }

    /** One CHECKPOINT event per index shard the batch changed without a change record to carry it. */
    private void addStateCarriers(RecordBatch batch) {
        for (Map<String, Object> partition : batch.state().indexPartitionsTouched()) {
            batch.add(settings.sweepsTopic(), ComplianceSchemas.SWEEP_KEY,
                    RecordValues.sweepKey(settings.connectorName()), ComplianceSchemas.SWEEP_VALUE,
                    RecordValues.sweepEvent(eventData(SweepEventType.CHECKPOINT)), partition);
        }
    }

    private void maybeCheckpoint(RecordBatch batch) {
        Instant now = clock.instant();
        if (Duration.between(lastCheckpointAt, now).compareTo(settings.checkpointInterval()) >= 0) {
            addSweepEvent(batch, SweepEventType.CHECKPOINT);
        }
    }

    private void addSweepEvent(RecordBatch batch, SweepEventType type) {
        lastCheckpointAt = clock.instant();
        batch.addWithOffset(settings.sweepsTopic(), ComplianceSchemas.SWEEP_KEY,
                RecordValues.sweepKey(settings.connectorName()), ComplianceSchemas.SWEEP_VALUE,
                RecordValues.sweepEvent(eventData(type)), StatePartitions.cursor(), cursor.toOffset());
    }

    private SweepEventData eventData(SweepEventType type) {
        return new SweepEventData(settings.connectorName(), type, cursor.sweep(), clock.instant(), stats.groupsSeen(),
                stats.membersSeen(), stats.totalChanges(), stats.requests(), resumed);
    }

    private void sleepUntil(Instant when, Duration maxBlock) throws InterruptedException {
        long ms = Math.min(Duration.between(clock.instant(), when).toMillis(), maxBlock.toMillis());
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    /** The member listing of one group in progress. */
    private static final class MemberSync {
        final Group group;
        final GroupState groupState;
        final boolean fromSweep;
        final Set<String> listed = new HashSet<>();
        ListingGuard guard = new ListingGuard();
        String pageToken;
        int pages;
        int skippedRows;
        boolean relisted;
        Page<GroupMember> heldPage;

        MemberSync(Group group, GroupState groupState, boolean fromSweep) {
            this.group = group;
            this.groupState = groupState;
            this.fromSweep = fromSweep;
        }

        void restartListing() {
            // Keeps "listed": deletions are decided on the union of every listing of this sync, so a
            // restart (an expired token) can only delay a deletion to the next sweep, never invent one.
            guard = new ListingGuard();
            pageToken = null;
            pages = 0;
            heldPage = null;
        }

        void relist() {
            // Keeps "listed": a member is deleted only when missing from both listings.
            guard = new ListingGuard();
            pageToken = null;
            relisted = true;
        }
    }
}
