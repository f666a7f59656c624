package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Activity;
import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.GroupState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
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
 */
final class ActivityFollower {

    private static final Logger log = LoggerFactory.getLogger(ActivityFollower.class);

    /** The types that can change a group or its member rows; everything else is ignored. */
    static final List<String> TYPES = List.of("group_created", "group_updated", "group_deleted",
            "group_member_added", "group_member_removed", "scim_user_created", "scim_user_updated",
            "scim_user_deleted", "org_directory_resync_completed", "org_directory_sync_activated");

    /** A watermark older than this is not replayed: the next full sweep reconciles instead. */
    static final Duration MAX_REPLAY = Duration.ofHours(6);

    private final Duration pollInterval;
    private final Duration lag;
    private Instant watermark;
    private Instant nextPollAt;
    private Instant pollStartedAt;
    private String afterId;
    private final Map<String, Instant> handled = new HashMap<>();

    ActivityFollower(Duration pollInterval, Duration lag, Instant storedWatermark, Instant now) {
        this.pollInterval = pollInterval;
        this.lag = lag;
        if (storedWatermark == null) {
            // Nothing before now matters: the first (snapshot) sweep covers it.
            watermark = now;
        } else if (storedWatermark.isBefore(now.minus(MAX_REPLAY))) {
            log.info("The stored activity feed position ({}) is older than {}; not replaying it. The next full "
                    + "sweep reconciles what happened meanwhile.", storedWatermark, MAX_REPLAY);
            watermark = now;
        } else {
            watermark = storedWatermark;
        }
        nextPollAt = now;
    }

    boolean due(Instant now) {
        return afterId != null || !now.isBefore(nextPollAt);
    }

    Instant nextPollAt() {
        return afterId != null ? Instant.MIN : nextPollAt;
    }

    /** Where the next request starts: re-read the lag window behind the watermark. */
    Instant since() {
        return watermark.minus(lag);
    }

    String afterId() {
        return afterId;
    }

    void pollStarting(Instant now) {
        if (afterId == null) {
            pollStartedAt = now;
        }
    }

    /** The watermark to persist. */
    Instant watermark() {
        return watermark;
    }

    /**
     * Reads one page; returns the groups to refresh (ids, in feed order) and sets
     * {@code fullSweepRequested} when the whole directory was re-synced by the identity provider.
     */
    Targets accept(ActivityPage page, DirectoryState state, Instant now) {
        Set<String> groups = new LinkedHashSet<>();
        boolean fullSweep = false;
        int fresh = 0;
        for (Activity a : page.items()) {
            if (handled.putIfAbsent(a.id(), a.createdAt() == null ? now : a.createdAt()) != null) {
                continue;
            }
            fresh++;
            switch (a.type()) {
                case "group_created", "group_updated", "group_deleted", "group_member_added",
                     "group_member_removed" -> {
                    if (a.groupId() != null) {
                        groups.add(a.groupId());
                    }
                }
                case "scim_user_created", "scim_user_updated", "scim_user_deleted" -> {
                    if (a.userId() != null) {
                        // A user's email lives in every membership row of the user.
                        for (GroupState g : state.groups()) {
                            if (g.bucketOf(a.userId()) >= 0) {
                                groups.add(g.id());
                            }
                        }
                    }
                }
                case "org_directory_resync_completed", "org_directory_sync_activated" -> fullSweep = true;
                default -> {
                    // Another type the filter let through: nothing to do.
                }
            }
        }
        if (page.hasMore() && page.lastId() != null) {
            afterId = page.lastId();
        } else {
            afterId = null;
            watermark = pollStartedAt;
            nextPollAt = now.plus(pollInterval);
            forgetBefore(since());
        }
        if (fresh > 0) {
            log.debug("Activity feed: {} new activities, {} groups to refresh", fresh, groups.size());
        }
        return new Targets(groups, fullSweep);
    }

    /** After a failed poll: try again at the next interval, from the same watermark. */
    void pollFailed(Instant now) {
        afterId = null;
        nextPollAt = now.plus(pollInterval);
    }

    private void forgetBefore(Instant instant) {
        handled.values().removeIf(createdAt -> createdAt.isBefore(instant));
    }

    record Targets(Set<String> groupIds, boolean fullSweepRequested) {
    }
}
