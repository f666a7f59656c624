package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Activity;
import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Follows the activity feed and turns it into the set of groups to refresh.
 *
 * <p>The feed's activities become visible up to about a minute after they happen, carrying their
 * original {@code created_at}; so an id cursor could step over an activity that shows up late. The
 * follower instead re-reads a trailing window ({@code lag}) behind its watermark on every poll and
 * skips the activity ids it already handled. Handling an activity twice is harmless anyway: a refresh
 * that finds nothing changed emits nothing.
 *
 * <p>Every instant here is the API's: the watermark is when the API answered a poll's first page
 * (its {@code Date} header, or failing that the newest {@code created_at} seen), never the worker's
 * clock, which may be minutes off; a worker ahead of the API by more than the window would otherwise
 * ask for activities "since" a moment the API has not reached.
 */
final class ActivityFollower {

    private static final Logger log = LoggerFactory.getLogger(ActivityFollower.class);

    /** The types that can change a group or its member rows; everything else is ignored. */
    static final List<String> TYPES = List.of("group_created", "group_updated", "group_deleted",
            "group_member_added", "group_member_removed", "scim_user_created", "scim_user_updated",
            "scim_user_deleted", "org_directory_resync_completed", "org_directory_sync_activated",
            "rbac_role_assigned", "rbac_role_unassigned", "rbac_role_deleted", "group_member_addition_failed",
            "group_member_removal_failed", "group_visibility_updated", "org_user_deleted", "org_user_left");

    /**
     * How far back a stored position is replayed: activities older than this (by the API's clock)
     * are left to the next full sweep, which is cheaper than refreshing group after group for them.
     */
    static final Duration MAX_REPLAY = Duration.ofHours(6);

    private final Duration pollInterval;
    private final Duration lag;
    /** The API's time up to which the feed was read (less the window); null before the first complete read. */
    private Instant watermark;
    private Instant nextPollAt;
    /** The API's time of the running poll's first page; null between polls or when it is not known. */
    private Instant pollServerTime;
    /** Activities older than this are not handled in the running poll (see {@link #floor}). */
    private Instant pollFloor;
    private String afterId;
    private final Map<String, Instant> handled = new HashMap<>();
    /** Whether a poll replayed less than the stored position asked for, since {@link #takeClamped} was last asked. */
    private boolean clamped;

    /**
     * @param storedWatermark where a previous task read the feed up to, or null: then only what
     *                        happens from the first poll on (less the window) is followed, the
     *                        snapshot sweep covering the rest
     * @param now             the worker's clock, for scheduling only
     */
    ActivityFollower(Duration pollInterval, Duration lag, Instant storedWatermark, Instant now) {
        this.pollInterval = pollInterval;
        this.lag = lag;
        this.watermark = storedWatermark;
        nextPollAt = now;
    }

    boolean due(Instant now) {
        return afterId != null || !now.isBefore(nextPollAt);
    }

    Instant nextPollAt() {
        return afterId != null ? Instant.MIN : nextPollAt;
    }

    /**
     * Where the next request starts: the lag window behind the watermark; null (no lower bound)
     * before the first complete read without a stored position, the first page then telling
     * where to stop.
     */
    Instant since() {
        return watermark == null ? null : watermark.minus(lag);
    }

    String afterId() {
        return afterId;
    }

    /** Called before each request; a poll's first request starts it. */
    void pollStarting() {
        if (afterId == null) {
            pollServerTime = null;
            pollFloor = null;
        }
    }

    /** The watermark to persist (the API's time), or null before the first complete read. */
    Instant watermark() {
        return watermark;
    }

    /**
     * Reads one page; returns the groups to refresh (ids, in feed order) and sets
     * {@code fullSweepRequested} when the whole directory was re-synced by the identity provider.
     *
     * @param now the worker's clock, for scheduling the next poll only
     */
    Targets accept(ActivityPage page, DirectoryState state, Instant now) {
        if (pollFloor == null) {
            startPoll(page);
        }
        List<Mention> mentions = new ArrayList<>();
        boolean fullSweep = false;
        boolean reachedFloor = false;
        int fresh = 0;
        for (Activity a : page.items()) {
            Instant createdAt = a.createdAt() == null ? pollServerTime : a.createdAt();
            if (createdAt != null && createdAt.isBefore(pollFloor)) {
                reachedFloor = true;   // newest first: the rest of the feed is older still
                continue;
            }
            // Without any time to go by, it is forgotten at the end of the poll (handled twice at worst).
            if (handled.putIfAbsent(a.id(), createdAt == null ? Instant.MIN : createdAt) != null) {
                continue;
            }
            fresh++;
            switch (a.type()) {
                // A role's group is its principal (the parser's groupId; null for a user's role). A failed
                // bulk change may have applied part of its members: re-read, but no member is evidence.
                case "group_created", "group_updated", "group_deleted", "group_visibility_updated",
                     "rbac_role_assigned", "rbac_role_unassigned", "group_member_addition_failed",
                     "group_member_removal_failed" -> {
                    if (a.groupId() != null) {
                        mentions.add(new Mention(a.groupId(), a.createdAt(), Mention.Kind.GROUP, List.of()));
                    }
                }
                case "group_member_added", "group_member_removed" -> {
                    if (a.groupId() != null) {
                        mentions.add(new Mention(a.groupId(), a.createdAt(), a.type().equals("group_member_added")
                                ? Mention.Kind.MEMBERS_ADDED : Mention.Kind.MEMBERS_REMOVED, a.memberIds()));
                    }
                }
                // Whether leaving the organisation ends memberships is undocumented: re-read the user's groups.
                case "scim_user_created", "scim_user_updated", "scim_user_deleted", "org_user_deleted",
                     "org_user_left" -> {
                    if (a.userId() != null) {
                        // A user's email lives in every membership row of the user.
                        for (GroupState g : state.groups()) {
                            if (g.bucketOf(a.userId()) >= 0) {
                                mentions.add(new Mention(g.id(), a.createdAt(), Mention.Kind.MEMBER_ROWS,
                                        List.of(a.userId())));
                            }
                        }
                    }
                }
                // A deleted role may leave the roles of any number of groups, which the state does not keep.
                case "org_directory_resync_completed", "org_directory_sync_activated", "rbac_role_deleted" ->
                        fullSweep = true;
                default -> {
                    // Another type the filter let through: nothing to do.
                }
            }
        }
        if (page.hasMore() && page.lastId() != null && !reachedFloor) {
            afterId = page.lastId();
        } else {
            afterId = null;
            if (pollServerTime != null) {
                watermark = pollServerTime;
            }
            nextPollAt = now.plus(pollInterval);
            if (since() != null) {
                forgetBefore(since());
            }
        }
        Targets targets = new Targets(mentions, fullSweep);
        if (fresh > 0) {
            log.debug("Activity feed: {} new activities naming {} groups", fresh, targets.groupIds().size());
        }
        return targets;
    }

    /** Whether a poll was clamped to the horizon (a gap in what the feed replayed) since last asked. */
    boolean takeClamped() {
        boolean was = clamped;
        clamped = false;
        return was;
    }

    /** Whether the last page completed a poll, so the watermark is worth storing. */
    boolean pollComplete() {
        return afterId == null;
    }

    /** After a failed poll: try again at the next interval, from the same watermark. */
    void pollFailed(Instant now) {
        afterId = null;
        nextPollAt = now.plus(pollInterval);
    }

    /** The poll's first page: the API's time now, and the oldest activity this poll handles. */
    private void startPoll(ActivityPage page) {
        pollServerTime = page.serverTime();
        if (pollServerTime == null) {
            // No readable Date header: the newest activity is the best sign of the API's time.
            pollServerTime = page.items().stream().map(Activity::createdAt).filter(t -> t != null)
                    .max(Instant::compareTo).orElse(watermark);
        }
        pollFloor = floor();
    }

    /**
     * The oldest activity this poll handles: the window behind the watermark, but never more than
     * {@link #MAX_REPLAY} back (an older stored position is clamped, not dropped); without a
     * watermark, the window behind the API's time (what came before, the snapshot covers).
     */
    private Instant floor() {
        if (pollServerTime == null) {
            return Instant.MIN;
        }
        if (watermark == null) {
            return pollServerTime.minus(lag);
        }
        Instant horizon = pollServerTime.minus(MAX_REPLAY);
        if (since().isBefore(horizon)) {
            log.info("The stored activity feed position ({}) is older than {}: replaying the feed from {} only. "
                    + "The next full sweep reconciles what happened before.", watermark, MAX_REPLAY, horizon);
            clamped = true;
            return horizon;
        }
        return since();
    }

    private void forgetBefore(Instant instant) {
        handled.values().removeIf(createdAt -> createdAt.isBefore(instant));
    }

    /**
     * What one page asks for: the groups its activities name, in feed order, and whether the whole
     * directory was re-synced by the identity provider.
     */
    record Targets(List<Mention> mentions, boolean fullSweepRequested) {
        /** The groups named, each once, in feed order. */
        Set<String> groupIds() {
            Set<String> ids = new LinkedHashSet<>();
            mentions.forEach(m -> ids.add(m.groupId()));
            return ids;
        }
    }

    /**
     * One activity's naming of a group.
     *
     * @param createdAt when it happened (the API's clock), null when the API did not say
     * @param memberIds the members added or removed, or the user whose rows changed
     */
    record Mention(String groupId, Instant createdAt, Kind kind, List<String> memberIds) {
        enum Kind {
            /** The group itself was created, changed or deleted. */
            GROUP,
            MEMBERS_ADDED,
            MEMBERS_REMOVED,
            /** A member's user changed (its email is in the group's member rows). */
            MEMBER_ROWS
        }

        /** Whether only the group's member rows can have changed, not the group's own fields. */
        boolean aboutMembers() {
            return kind != Kind.GROUP;
        }
    }
}
