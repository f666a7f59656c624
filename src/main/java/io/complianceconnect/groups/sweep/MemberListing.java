package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.ListingGuard;
import io.complianceconnect.groups.client.ListingRestarts;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.state.GroupState;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The member listing of one group's sync, in progress: the page it is at, and every member any
 * listing of this sync has returned. Deletions are decided on that union, so a restart of the
 * listing (an expired token) or a second listing can only delay a deletion, never invent one.
 */
final class MemberListing {

    private final Group group;
    private final GroupState known;
    private final SyncCompletion completion;
    private final RequestShare.Side side;
    /** An API time at or before the first page was requested (see {@link FeedEvidence}); null when unknown. */
    private final Instant startedAfter;
    /** Every member any listing of this sync returned, with the digest of its record as emitted last. */
    private final Map<String, Long> listed = new HashMap<>();
    private ListingGuard guard = new ListingGuard();
    private final ListingRestarts restarts;
    private String pageToken;
    private int pages;
    /** Rows without a usable user id in any listing of this sync (see {@link #provesAbsence}). */
    private int skippedRows;
    /** Rows without a usable user id in the listing under way. */
    private int skippedThisListing;
    /** Rows without a usable user id in the first complete listing, once it is repeated; -1 before. */
    private int skippedFirstListing = -1;
    /** Rows without a usable user id in the group's listing before this sync (0 when not known). */
    private int skippedBefore;
    private boolean relisted;
    /** Whether unchanged members are emitted again (a re-snapshot), once each in this sync. */
    private boolean reEmitUnchanged;
    private Page<GroupMember> heldPage;
    /** Members the feed named, which this listing decides whatever the state says ({@link NamedByFeed}). */
    private final Set<String> named;

    MemberListing(Group group, GroupState known, SyncCompletion completion, RequestShare.Side side,
                  Instant startedAfter, Set<String> named) {
        this.named = named;
        this.group = group;
        this.known = known;
        this.completion = completion;
        this.side = side;
        this.startedAfter = startedAfter;
        this.restarts = new ListingRestarts("the members of group " + group.id());
    }

    /** Whose requests its pages are: the sweep's or the feed's. */
    RequestShare.Side side() {
        return side;
    }

    /** An API time the listing is known to have started after; null when unknown. */
    Instant startedAfter() {
        return startedAfter;
    }

    String groupId() {
        return group.id();
    }

    /** What was emitted for the group so far. */
    GroupState known() {
        return known;
    }

    SyncCompletion completion() {
        return completion;
    }

    /** The token of the page to fetch next; null for the first page. */
    String pageToken() {
        return pageToken;
    }

    int pages() {
        return pages;
    }

    /** Restarts of this listing from rejected page tokens, bounded when they get no further. */
    ListingRestarts restarts() {
        return restarts;
    }

    /** Checks a page just fetched for {@link #pageToken} against the listing so far. */
    void accept(Page<GroupMember> page) {
        guard.check(pageToken, page);
        pages++;
        skippedRows += page.skippedRows();
        skippedThisListing += page.skippedRows();
    }

    /** Whether a listing of this sync had a row without a usable user id (which could be any member). */
    boolean hadUnusableRows() {
        return skippedRows > 0;
    }

    /** Rows without a usable user id in the last listing. */
    int unusableRows() {
        return skippedThisListing;
    }

    /** The rows without a usable user id that the group's previous listing skipped (0 when not known). */
    void skippedBefore(int rows) {
        skippedBefore = rows;
    }

    /**
     * Whether this sync may list the group once more to confirm absences: not after it did, nor when
     * rows without a usable id changed in number since the previous listing (no second listing proves it).
     */
    boolean mayRelist() {
        return !relisted && (skippedRows == 0 || skippedThisListing == skippedBefore);
    }

    void reEmitUnchanged(boolean reEmit) {
        reEmitUnchanged = reEmit;
    }

    /** Whether an unchanged member is emitted again: a re-snapshot, and no listing of this sync returned it yet. */
    boolean reEmits(String userId) {
        return reEmitUnchanged && !listed.containsKey(userId);
    }

    /** @param digest the content digest of the member's record as the topic now holds it */
    void listed(String userId, long digest) {
        listed.put(userId, digest);
    }

    /** The group as this sync read it. */
    Group group() {
        return group;
    }

    /**
     * The sum of the listed members' digests, when they are exactly the group's members now; null
     * when some member no listing returned is still in the group (a row without a usable id).
     */
    Long membersDigest() {
        if (listed.size() != known.memberCount()) {
            return null;
        }
        long[] sum = {0};
        listed.forEach((userId, digest) -> sum[0] += digest);
        return sum[0];
    }

    /** The page after the current one; kept in memory only (a restarted task lists the group again). */
    void nextPage(String token) {
        pageToken = token;
    }

    /** A page fetched but not yet emitted, because its members need more buckets first. */
    Page<GroupMember> heldPage() {
        return heldPage;
    }

    void hold(Page<GroupMember> page) {
        heldPage = page;
    }

    /** Whether the feed named the member: it is emitted when listed, and deleted when not, whatever the state says. */
    boolean named(String userId) {
        return named.contains(userId);
    }

    /**
     * Known members, and members the feed named, that no listing of this sync returned, in id order.
     * Whether their absence is proved is {@link #provesAbsence}'s question.
     */
    List<String> absentMembers() {
        List<String> absent = new ArrayList<>();
        // Sorted once found: sorting every member id of the group cost more than the rest of its check.
        for (String userId : known.memberIds()) {
            if (!listed.containsKey(userId)) {
                absent.add(userId);
            }
        }
        for (String userId : named) {
            if (!listed.containsKey(userId) && known.bucketOf(userId) < 0) {
                absent.add(userId);
            }
        }
        absent.sort(null);
        return absent;
    }

    /**
     * Whether absence from the listing proves a member is gone: a single-page listing is atomic; a
     * multi-page one is trusted only once repeated, because offset paging can skip an entry when
     * the list shifts under it. A row without a usable id could be any member: absence is then proved
     * only by two complete listings that skipped as many such rows as the group's last listing that
     * accounted for every known member (a shift between them, or a known member's row that lost its
     * id since, shows as another count). After a restart that earlier count is not known and taken as
     * 0, so a group with such rows decides its absences from a later sync on. Absences the feed confirmed
     * need no repetition ({@link FeedEvidence}).
     */
    boolean provesAbsence() {
        if (skippedRows > 0) {
            return relisted && skippedFirstListing == skippedThisListing && skippedThisListing == skippedBefore;
        }
        return pages <= 1 || relisted;
    }

    /** Starts over from the first page (the token was rejected); keeps what was listed. */
    void restartListing() {
        guard = new ListingGuard();
        pageToken = null;
        pages = 0;
        heldPage = null;
        skippedThisListing = 0;
    }

    /** Lists once more from the first page, to confirm absences; keeps what was listed. */
    void relist() {
        guard = new ListingGuard();
        pageToken = null;
        relisted = true;
        skippedFirstListing = skippedThisListing;
        skippedThisListing = 0;
    }
}
