package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.PermissionException;
import io.complianceconnect.groups.client.ResponsePendingException;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.GroupState;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * Between (and during) sweeps, re-reads the groups the activity feed names, so changes arrive
 * within about a minute instead of at the next sweep: reads the feed through {@link
 * ActivityFollower}, queues the groups it names, refreshes each (gone: a deletion; there: the same
 * sync a sweep does) and then stores how far the feed was read.
 *
 * <p>A refresh lists the whole group, so what the feed names is coalesced before anything is
 * listed. An activity is left alone when a listing of its group that started after it happened
 * (the refresh's own, or the sweep's) has seen its change, or when a refresh of the group is
 * queued already; a group the running sweep reaches within the coalescing window is left to the
 * sweep; and a group is refreshed again no sooner than the window after its last refresh started,
 * what the feed names meanwhile waiting for that one refresh. A refresh running when its group is
 * named again is so "dirty": the activity, newer than the listing's start, queues one more refresh
 * after the window. The removals the feed reports make a second, confirming listing unnecessary
 * ({@link FeedEvidence}).
 *
 * <p>The feed position stored is where a restarted task must read the feed again from, and nothing
 * waits for it: the watermark of the newest read whose refreshes Kafka has, but never later than
 * the API's time at which the oldest batch whose offsets are not committed yet read its data
 * ({@link DurabilityGate#replayBound}). So a crash that loses offsets (under at-least-once, those of
 * up to a flush interval) loses no activity: the restarted task reads again every activity about
 * what it may have lost, and decides what they name whatever its state says ({@link NamedByFeed}).
 */
final class FeedRefresher {

    private static final Logger log = LoggerFactory.getLogger(FeedRefresher.class);

    private final SweepSettings settings;
    private final DirectoryState state;
    private final Clock clock;
    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final GroupSync groupSync;
    private final SweepRequests requests;
    private final FeedEvidence evidence;
    private final NamedByFeed named;
    private final GroupObservations observations;

    /** Null when the feed is not followed (disabled, or unavailable to this key). */
    private ActivityFollower follower;
    /** Whether a listing other than a refresh sees what an activity changed. */
    private final CoveringListings listings;
    /** Groups the feed named, to re-read before the sweep goes on. */
    private final RefreshQueue queue;
    private long refreshesDone;
    /**
     * Activities before this (the API's clock) were read by an earlier life, or precede the snapshot
     * (a new connector's first read): they are handled as ever, but neither decided whatever the
     * state says nor holding the stored position back, which concern only what this life may lose.
     * Null until known.
     */
    private Instant readBefore;
    /** Where a restarted task is to read the feed from, and when to store it. */
    private final FeedPositions positions;
    /** Whether the feed may be read, after a 403. */
    private final FeedAccess access = new FeedAccess();

    /** @param feed where the activity feed was read up to, or null when nothing is stored */
    FeedRefresher(SweepSettings settings, DirectoryState state, FeedPosition feed, Clock clock, DurabilityGate gate,
                  SweepProgress progress, SweepCoverage coverage, GroupSync groupSync, GroupObservations observations,
                  SweepRequests requests, FeedEvidence evidence, NamedByFeed named) {
        this.observations = observations;
        this.settings = settings;
        this.state = state;
        this.clock = clock;
        this.gate = gate;
        this.progress = progress;
        this.listings = new CoveringListings(settings, state, progress, coverage, groupSync, evidence, named);
        this.groupSync = groupSync;
        this.requests = requests;
        this.evidence = evidence;
        this.named = named;
        this.positions = new FeedPositions(gate, progress, clock);
        this.queue = new RefreshQueue(settings.refreshCoalesce(), clock);
        if (settings.feedMode() != SweepSettings.FeedMode.DISABLED) {
            follower = new ActivityFollower(settings.activityPollInterval(), settings.activityLag(),
                    feed == null ? null : feed.watermark(), clock.instant());
            readBefore = feed == null ? null : feed.watermark();
        }
    }

    /** Whether the activity feed is being followed right now. */
    boolean following() {
        return follower != null && !access.forbidden();
    }

    /** Whether the feed is to be read now. */
    private boolean readDue(Instant now) {
        return follower != null && access.mayTry(now) && follower.due(now);
    }

    /** Groups re-read because the activity feed named them, since the task started. */
    long refreshes() {
        return refreshesDone;
    }

    /** When the feed has its next step (a read or a refresh); {@link Instant#MAX} when it is not followed. */
    Instant nextPollAt() {
        Instant poll = follower == null ? Instant.MAX : follower.nextPollAt();
        if (access.nextTry().isAfter(poll)) {
            poll = access.nextTry();
        }
        Instant refresh = queue.nextDue();
        return refresh.isBefore(poll) ? refresh : poll;
    }

    /** A sweep completed: it covered what the feed reported so far, so the feed position is stored. */
    void sweepCompleted() {
        if (follower != null && follower.watermark() != null) {
            positions.readCompleted(follower.watermark());
        }
    }

    /** Whether the feed has a step to do now: a refresh, storing its position, or a read. */
    boolean hasWork() {
        for (String groupId : evidence.takeConfirmationsToQueue()) {
            // A confirming listing, for removals the feed reported: no later than the API's time now.
            Instant at = evidence.apiTime();
            queue.add(groupId, at == null ? Instant.MIN : at, false, coalesced(groupId));
        }
        // Called only between group syncs, so a refresh that started has emitted its records.
        positions.betweenSyncs();
        return queue.due() != null || positions.storable() || readDue(clock.instant());
    }

    /** Whether the feed's first read of this task's life is due: before it, the API's time is unknown. */
    boolean firstReadDue() {
        return follower != null && evidence.apiTime() == null && readDue(clock.instant());
    }

    List<SourceRecord> step(Duration maxBlock) throws InterruptedException {
        // Before the refreshes: a queue that outlasts a task's life (restarts faster than the flush
        // interval, a re-read window full of activities) must not keep the position from moving on.
        if (positions.storable()) {
            return positions.store();
        }
        String due = queue.due();
        if (due != null) {
            return refreshNext(due, maxBlock);
        }
        return readDue(clock.instant()) ? poll(maxBlock) : List.of();
    }

    private List<SourceRecord> poll(Duration maxBlock) throws InterruptedException {
        Instant now = clock.instant();
        follower.pollStarting();
        ActivityPage page;
        try {
            page = requests.activitiesPage(follower.since(), follower.afterId(), maxBlock);
        } catch (PermissionException e) {
            forbidden(e, now);
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
        if (access.readable()) {
            progress.feedAvailable();
        }
        ActivityFollower.Targets targets = follower.accept(page, state, clock.instant());
        if (follower.takeClamped()) {
            progress.requestSweepNow("The activity feed was replayed for the last six hours only (its stored "
                    + "position is older), so changes before them are not known");
        }
        for (ActivityFollower.Mention mention : targets.mentions()) {
            noteMembers(mention);
            boolean ofThisLife = readBefore == null ? follower.watermark() != null && follower.pollComplete()
                    && !before(mention.createdAt(), follower.watermark())
                    : !before(mention.createdAt(), readBefore);
            if (ofThisLife && mention.aboutMembers()) {
                named.members(mention.groupId(), mention.memberIds());
            } else if (ofThisLife) {
                named.group(mention.groupId());
            }
            boolean covered = coveredAlready(mention);
            Instant at = mention.createdAt() != null ? mention.createdAt()
                    : readBefore != null ? readBefore : follower.watermark();
            boolean holds = ofThisLife && (!covered || queue.contains(mention.groupId())) && at != null;
            if (holds) {
                // Until a refresh covering it is in Kafka, the stored position stays before the activity.
                positions.queued(mention.groupId(), at);
            }
            if (!covered || holds) {
                queue.add(mention.groupId(), at == null ? Instant.MIN : at, holds, coalesced(mention.groupId()));
            }
        }
        if (targets.fullSweepRequested()) {
            progress.requestSweepNow("The identity provider re-synced the directory, or a role was deleted");
        }
        // Stored after every complete read, once the refreshes it asked for are done: a restart then
        // re-reads only the window behind the last read, however long the feed was quiet.
        if (follower.pollComplete() && follower.watermark() != null) {
            positions.readCompleted(follower.watermark());
            if (readBefore == null) {
                readBefore = follower.watermark();   // a new connector: what came before, the snapshot covers
            }
            evidence.apiTimePassed(follower.watermark());
            if (follower.since() != null) {
                evidence.forgetListingsBefore(follower.since());
            }
        }
        return List.of();
    }

    /** A 403 on the feed: when it had been read, what changes meanwhile reaches only a sweep: one starts now. */
    private void forbidden(PermissionException e, Instant now) {
        follower.pollFailed(now);
        boolean first = access.forbidden(e, now, named.enabled());
        if (first) {
            progress.feedUnavailable();
        }
        if (first && follower.watermark() != null) {
            progress.requestSweepNow("The activity feed answered 403 after it had been read, so what changes "
                    + "meanwhile reaches no refresh");
        }
    }

    /** What the feed says of the group's members, for the listings that follow. */
    private void noteMembers(ActivityFollower.Mention mention) {
        for (String userId : mention.memberIds()) {
            if (mention.kind() == ActivityFollower.Mention.Kind.MEMBERS_REMOVED) {
                evidence.memberRemoved(mention.groupId(), userId, mention.createdAt());
            } else if (mention.kind() == ActivityFollower.Mention.Kind.MEMBERS_ADDED) {
                evidence.memberAdded(mention.groupId(), userId, mention.createdAt());
            }
        }
    }

    /**
     * Whether what the activity changed is seen without a refresh of its own: a refresh of the group
     * is queued (it reads the group after the activity was visible, so after it happened), or, for a
     * change of members only, another listing sees it ({@link CoveringListings}).
     */
    private boolean coveredAlready(ActivityFollower.Mention mention) {
        return queue.contains(mention.groupId())
                || mention.aboutMembers() && listings.coverMembersChange(mention.groupId(), mention.createdAt());
    }

    /** Whether the group's refreshes are coalesced: its known members take more than one page. */
    private boolean coalesced(String groupId) {
        GroupState known = state.get(groupId);
        return known != null && known.memberCount() > settings.pageSize();
    }

    /** Re-reads one group the feed named: gone → deletion; there → the same sync a sweep does. */
    private List<SourceRecord> refreshNext(String groupId, Duration maxBlock) throws InterruptedException {
        Optional<Group> group = requests.group(groupId, maxBlock);
        queue.started(groupId);
        positions.refreshStarted(groupId);
        GroupState known = state.get(groupId);
        if (group.isPresent() && settings.covers(group.get())) {
            refreshesDone++;
            observations.refreshed(group.get(), observations.observe());
            return groupSync.start(group.get(), SyncCompletion.NONE, RequestShare.Side.FEED);
        }
        refreshesDone++;
        return known == null ? groupSync.deleteGroupNotInState(groupId, group.isEmpty()) : groupSync.deleteGroup(known);
    }

    /** Whether {@code time} is known and before {@code bound}. */
    private static boolean before(Instant time, Instant bound) {
        return time != null && time.isBefore(bound);
    }
}
