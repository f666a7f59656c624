package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.PermissionException;
import io.complianceconnect.groups.client.ResponsePendingException;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StatePartitions;
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
 * Between (and during) sweeps, re-reads the groups the activity feed names, so changes arrive
 * within about a minute instead of at the next sweep: reads the feed through {@link
 * ActivityFollower}, queues the groups it names, refreshes each (gone: a deletion; there: the same
 * sync a sweep does) and then stores how far the feed was read.
 *
 * <p>The feed position is stored only once the records of the refreshes it covers are committed:
 * stored ahead of them, a crash that lost them would leave their activities behind the stored
 * position, never read again, and the changes missing until the next full sweep.
 */
final class FeedRefresher {

    /** The engine's logger: its lines keep the name operators know. */
    private static final Logger log = LoggerFactory.getLogger(SweepEngine.class);

    private final SweepSettings settings;
    private final DirectoryState state;
    private final Clock clock;
    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final SweepCoverage coverage;
    private final GroupSync groupSync;
    private final SweepRequests requests;

    /** Null when the feed is not followed (disabled, or unavailable to this key). */
    private ActivityFollower follower;
    /** Groups the feed named, to re-read before the sweep goes on. */
    private final Deque<String> queue = new ArrayDeque<>();
    /** A refreshed group whose sync could not start yet. */
    private Group refreshing;
    /** A read of the feed completed (or a sweep did): its position is to be stored once its refreshes are. */
    private boolean checkpointDue;
    /** Positions whose refreshes are emitted, each with the last record they wait for, oldest first. */
    private final Deque<PendingPosition> pendingPositions = new ArrayDeque<>();
    private long refreshesDone;

    /** @param feed where the activity feed was read up to, or null when nothing is stored */
    FeedRefresher(SweepSettings settings, DirectoryState state, FeedPosition feed, Clock clock, DurabilityGate gate,
                  SweepProgress progress, SweepCoverage coverage, GroupSync groupSync, SweepRequests requests) {
        this.settings = settings;
        this.state = state;
        this.clock = clock;
        this.gate = gate;
        this.progress = progress;
        this.coverage = coverage;
        this.groupSync = groupSync;
        this.requests = requests;
        if (settings.feedMode() != SweepSettings.FeedMode.DISABLED) {
            follower = new ActivityFollower(settings.activityPollInterval(), settings.activityLag(),
                    feed == null ? null : feed.watermark(), clock.instant());
        }
    }

    /** Whether the activity feed is being followed right now. */
    boolean following() {
        return follower != null;
    }

    /** Groups re-read because the activity feed named them, since the task started. */
    long refreshes() {
        return refreshesDone;
    }

    /** When the feed is read next; {@link Instant#MAX} when it is not followed. */
    Instant nextPollAt() {
        return follower == null ? Instant.MAX : follower.nextPollAt();
    }

    /** A sweep completed: it covered what the feed reported so far, so the feed position is stored. */
    void sweepCompleted() {
        if (follower != null && follower.watermark() != null) {
            checkpointDue = true;
        }
    }

    /** Whether the feed has a step to do now: a refresh, storing its position, or a read. */
    boolean hasWork() {
        return refreshing != null || !queue.isEmpty() || checkpointDue || positionCommittable()
                || (follower != null && follower.due(clock.instant()));
    }

    List<SourceRecord> step(Duration maxBlock) throws InterruptedException {
        if (refreshing != null) {
            return syncRefreshed();
        }
        if (!queue.isEmpty()) {
            return refreshNext(maxBlock);
        }
        if (checkpointDue) {
            holdPosition();
        }
        if (positionCommittable()) {
            return checkpoint();
        }
        return follower != null && follower.due(clock.instant()) ? poll(maxBlock) : List.of();
    }

    private List<SourceRecord> poll(Duration maxBlock) throws InterruptedException {
        Instant now = clock.instant();
        follower.pollStarting();
        ActivityPage page;
        try {
            page = requests.activitiesPage(follower.since(), follower.afterId(), maxBlock);
        } catch (PermissionException e) {
            log.info("The activity feed is not available to this key ({}): running on full sweeps only. Grant "
                    + "read:compliance_activities to see changes within about a minute.", e.getMessage());
            follower = null;
            return List.of();
        } catch (ResponsePendingException e) {
            throw e;   // the answer is on its way: the engine's next step goes on waiting for it
        } catch (ComplianceApiException e) {   // RetryLaterException included
            // An outage of the feed must not hold up the sweeps, which reconcile whatever it missed.
            log.warn("The activity feed could not be read ({}); sweeps go on, the feed is tried again in {} s",
                    e.getMessage(), settings.activityPollInterval().toSeconds());
            follower.pollFailed(now);
            return List.of();
        }
        ActivityFollower.Targets targets = follower.accept(page, state, clock.instant());
        for (String groupId : targets.groupIds()) {
            if (!queue.contains(groupId)) {
                queue.add(groupId);
            }
        }
        if (targets.fullSweepRequested()) {
            progress.requestSweepNow();
        }
        // Stored after every complete read, once the refreshes it asked for are done: a restart then
        // re-reads only the window behind the last read, however long the feed was quiet.
        if (follower.pollComplete() && follower.watermark() != null) {
            checkpointDue = true;
        }
        return List.of();
    }

    /** Re-reads one group the feed named: gone → deletion; there → the same sync a sweep does. */
    private List<SourceRecord> refreshNext(Duration maxBlock) throws InterruptedException {
        String groupId = queue.peek();
        Optional<Group> group = requests.group(groupId, maxBlock);
        queue.poll();
        GroupState known = state.get(groupId);
        if (group.isPresent() && settings.covers(group.get())) {
            refreshing = group.get();
            return syncRefreshed();
        }
        if (known == null) {
            return List.of();
        }
        refreshesDone++;
        return groupSync.deleteGroup(known);
    }

    private List<SourceRecord> syncRefreshed() {
        GroupSync.Start start = groupSync.start(refreshing, GroupSync.Completion.NONE);
        if (start.started()) {
            refreshing = null;
            refreshesDone++;
        }
        return start.records();
    }

    /**
     * The refreshes the read asked for are emitted: its position waits for their records (and all
     * before them) to be committed, without holding up anything else meanwhile.
     */
    private void holdPosition() {
        checkpointDue = false;
        if (follower != null && follower.watermark() != null) {
            pendingPositions.add(new PendingPosition(follower.watermark(), gate.lastEmitted()));
        }
    }

    private boolean positionCommittable() {
        return !pendingPositions.isEmpty() && gate.committedThrough(pendingPositions.peek().dependsOn());
    }

    /** Stores the newest position (the API's clock) whose refreshes are committed. */
    private List<SourceRecord> checkpoint() {
        Instant watermark = null;
        while (positionCommittable()) {
            watermark = pendingPositions.poll().watermark();
        }
        RecordBatch batch = progress.newBatch();
        batch.addWithOffset(progress.event(SweepEventType.CHECKPOINT), StatePartitions.feed(),
                new FeedPosition(watermark).toOffset());
        return gate.emit(batch);
    }

    private record PendingPosition(Instant watermark, long dependsOn) {
    }
}
