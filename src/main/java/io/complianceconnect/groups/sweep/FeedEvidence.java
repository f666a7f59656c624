package io.complianceconnect.groups.sweep;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the activity feed has told about groups' memberships, for deciding what a member listing
 * covers and what its absences prove. Times are the API's: the feed's watermark (the {@code Date} of
 * a completed read, to the second, so never later than the true time) is the latest moment known
 * to have passed on the API's clock.
 *
 * <p>Two facts follow from it. A listing whose first page was requested after the API's clock read
 * {@code t} saw every membership change made before {@code t}: so an activity older than the start
 * of a listing of its group is covered by that listing (running or done). And a member the feed
 * reported removed before a listing started, and not re-added since as far as the feed has shown,
 * is gone for good when that listing, complete, does not return it: its absence is not an offset
 * page skipping an entry while the list shifted, which is why other absences are confirmed by a
 * second listing. The one case the feed cannot exclude is a re-add whose activity is not visible
 * yet, of a member a shifting page also skipped: that member is emitted as deleted, and the re-add's
 * activity, once visible, has the group refreshed and the member emitted again.
 *
 * <p>Kept in memory only: after a restart nothing is known, and every absence is confirmed by a
 * second listing, as without the feed.
 */
final class FeedEvidence {

    /** The latest API time known to have passed; null before the first complete read of the feed. */
    private Instant apiTime;
    /** Per group, the API time at or before which its latest listing started (running or done). */
    private final Map<String, Instant> listingStarts = new HashMap<>();
    /**
     * Per group, members a refresh's complete listing did not return, without the feed reporting
     * their removal: the group's next complete listing (a refresh queued for it, or the sweep's)
     * confirms or clears them, in place of a second listing at once.
     */
    private final Map<String, Set<String>> unconfirmedAbsences = new HashMap<>();
    /** Groups with unconfirmed absences whose confirming refresh is not queued yet. */
    private final Set<String> confirmationsToQueue = new LinkedHashSet<>();

    /** Per group, per user id, the latest removal and re-add the feed reported since the group's last listing. */
    private final Map<String, Map<String, MemberActivity>> memberActivity = new HashMap<>();

    /** The latest removal and add of one membership; null when none was reported. */
    private record MemberActivity(Instant removed, Instant added) {
        MemberActivity merge(MemberActivity other) {
            return new MemberActivity(later(removed, other.removed), later(added, other.added));
        }
    }

    /** The API's clock read at least this (a completed feed read); null when nothing is known. */
    Instant apiTime() {
        return apiTime;
    }

    void apiTimePassed(Instant time) {
        if (time != null && (apiTime == null || time.isAfter(apiTime))) {
            apiTime = time;
        }
    }

    /** A listing of the group starts now: it will see every change made before {@link #apiTime}. */
    void listingStarted(String groupId) {
        if (apiTime != null) {
            listingStarts.put(groupId, apiTime);
        }
    }

    /** Whether a listing of the group (running or done) started after a change made at {@code changedAt}. */
    boolean listingCovers(String groupId, Instant changedAt) {
        Instant start = listingStarts.get(groupId);
        return start != null && changedAt != null && changedAt.isBefore(start);
    }

    /** The API time a listing starting now is known to start after, or null when unknown. */
    Instant listingStart() {
        return apiTime;
    }

    void memberRemoved(String groupId, String userId, Instant at) {
        if (at != null) {   // without a time, it cannot be placed before a listing: confirmed the usual way
            record(groupId, userId, new MemberActivity(at, null));
        }
    }

    /** An add cancels the removals before it; one without a time could be the latest, so it cancels all. */
    void memberAdded(String groupId, String userId, Instant at) {
        record(groupId, userId, new MemberActivity(null, at == null ? Instant.MAX : at));
    }

    private void record(String groupId, String userId, MemberActivity activity) {
        memberActivity.computeIfAbsent(groupId, g -> new HashMap<>()).merge(userId, activity, MemberActivity::merge);
    }

    /**
     * Whether the feed reported the member's removal before a listing that started at {@code
     * listingStart}, and no re-add after it: then that listing's not returning it proves it gone.
     */
    boolean removalConfirmed(String groupId, String userId, Instant listingStart) {
        Map<String, MemberActivity> group = memberActivity.get(groupId);
        MemberActivity activity = group == null ? null : group.get(userId);
        return activity != null && activity.removed() != null && listingStart != null
                && activity.removed().isBefore(listingStart)
                && (activity.added() == null || activity.added().isBefore(activity.removed()));
    }

    /**
     * A complete listing that started at {@code listingStart} settled what was reported before it;
     * reports after it may still be about changes it did not see.
     */
    void listingCompleted(String groupId, Instant listingStart) {
        unconfirmedAbsences.remove(groupId);   // deleted, or listed: either way decided
        Map<String, MemberActivity> group = memberActivity.get(groupId);
        if (group != null && listingStart != null) {
            // An add without a time goes too: dropping a report only ever costs a confirming listing.
            group.values().removeIf(a -> Instant.MAX.equals(a.added())
                    || (before(a.removed(), listingStart) && before(a.added(), listingStart)));
            if (group.isEmpty()) {
                memberActivity.remove(groupId);
            }
        }
    }

    /**
     * Whether a listing not returning the member proves it gone because an earlier complete
     * listing of the group did not return it either (the same proof as a second listing at once).
     */
    boolean absentBefore(String groupId, String userId) {
        Set<String> absent = unconfirmedAbsences.get(groupId);
        return absent != null && absent.contains(userId);
    }

    /** A refresh's listing did not return these members, the feed silent on them: the next listing decides. */
    void absentUnconfirmed(String groupId, List<String> userIds) {
        unconfirmedAbsences.computeIfAbsent(groupId, g -> new HashSet<>()).addAll(userIds);
        confirmationsToQueue.add(groupId);
    }

    /** The groups that need a listing to confirm absences, each once. */
    List<String> takeConfirmationsToQueue() {
        List<String> groups = new ArrayList<>(confirmationsToQueue);
        confirmationsToQueue.clear();
        return groups;
    }

    /**
     * Listing starts older than the feed's re-read floor can cover no activity the feed still
     * returns: dropped, so that a sweep over every group does not leave an entry per group behind.
     */
    void forgetListingsBefore(Instant floor) {
        listingStarts.values().removeIf(start -> start.isBefore(floor));
    }

    /** The group was deleted: nothing about it matters any more. */
    void forget(String groupId) {
        listingStarts.remove(groupId);
        memberActivity.remove(groupId);
        unconfirmedAbsences.remove(groupId);
        confirmationsToQueue.remove(groupId);
    }

    private static boolean before(Instant time, Instant bound) {
        return time == null || time.isBefore(bound);
    }

    private static Instant later(Instant a, Instant b) {
        return a == null ? b : b == null || a.isAfter(b) ? a : b;
    }
}
