package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.complianceconnect.groups.integration.RequestHooks.aboutGroup;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.integration.RequestHooks.withPageToken;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The fault matrix ({@link FaultMatrix}) on paging: listings that change under the sweep (a group
 * deleted between its listing and its member listing, a deletion or a member's removal shifting the
 * pages after it, during the snapshot too), and page tokens that expire, or break the paging contract
 * (has_more without a token, a token already used, a token leading back to the first page).
 */
class PagingFaultsIT extends FaultMatrix {

    // ---- listings that change under the sweep ----------------------------------------------------

    @Test
    void groupDeletedBetweenListAndMemberFetchIsEmittedAsDeletedInTheSameSweep() throws Exception {
        List<String> ids = standardDirectory();
        String doomed = ids.get(ids.size() - 1);   // on the last page, so deleting it shifts nothing
        DirectoryView initial = run.view();
        // Once the last groups page (3 of 3) is served, the group goes before its members are asked for.
        hooks.onNth(taskRequest(LIST_GROUPS).and(run::owns).and(withPageToken()), 2,
                e -> directory.deleteGroup(doomed));
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        run.assertReplicaEqualsDirectory();
        // Its memberships were never emitted, so there is nothing to delete but the group itself.
        List<String> expected = new ArrayList<>(initial.snapshot());
        expected.removeIf(c -> c.startsWith("SNAPSHOT " + doomed + "/"));
        expected.addAll(List.of("DELETED " + doomed, "tombstone " + doomed));
        assertThat(run.changesUpTo(first)).isEqualTo(DirectoryView.sorted(expected));
        assertThat(run.ownRequests()).filteredOn(aboutGroup(doomed)::test)
                .extracting(RequestLog.Entry::endpoint, RequestLog.Entry::status)
                .contains(tuple(LIST_MEMBERS, 404));
    }

    @Test
    void deletionShiftingLaterPagesNeitherLosesNorDeletesTheSkippedGroup() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        // In a later sweep: once group 0 is synced and group 1's members are being listed, group 0 is
        // deleted. Page 2 (offset 4) then starts at group 5, so group 4 is not listed in that sweep.
        String deleted = ids.get(0);
        String skipped = ids.get(4);
        Instant armed = Instant.now();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))), e -> directory.deleteGroup(deleted));
        long shifted = run.awaitSweepStartedAfter(armed);
        assertThat(run.ownRequests()).filteredOn(aboutGroup(skipped)::test).extracting(RequestLog.Entry::endpoint)
                .as("the unlisted group was confirmed with a GET, not taken for deleted").contains(GET_GROUP);
        assertThat(run.changesAfter(first)).as("nothing emitted about the unlisted group")
                .noneMatch(c -> c.contains(skipped));

        // The deletion itself is seen by a sweep that no longer lists group 0.
        run.awaitSweepCompletedAfter(shifted);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesAfter(first)).isEqualTo(initial.changesTo(run.view()));
    }

    @Test
    void memberRemovedMidListingIsListedAgainAndOnlyAMemberAbsentFromBothListingsIsDeleted() throws Exception {
        List<String> ids = standardDirectory();
        String group = ids.get(0);   // nine members: three pages of four
        List<SimMember> members = directory.members(group);
        SimMember leaving = members.get(0);
        SimMember skipped = members.get(4);
        DirectoryView initial = run.view();
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        // Once the group's first member page is served, its first member leaves: the rest shift left by
        // one, so the second page (offset 4) starts at member 5 and member 4 is in no page of that listing.
        AtomicReference<RequestLog.Entry> shiftedAt = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(group)).and(firstPage()), e -> {
            directory.removeMember(group, leaving.userId());
            shiftedAt.set(e);
        });
        run.await("the member list shifted mid-listing", () -> shiftedAt.get() != null, true);
        run.awaitSweepStartedAfter(shiftedAt.get().at());   // the sweep after: it deletes the member who left
        run.assertReplicaEqualsDirectory();

        List<RequestLog.Entry> own = run.ownRequests();
        List<RequestLog.Entry> restOfThatSweep = own.subList(own.indexOf(shiftedAt.get()) + 1, own.size()).stream()
                .takeWhile(e -> !(taskRequest(LIST_GROUPS).test(e) && firstPage().test(e))).toList();
        assertThat(restOfThatSweep).as("the shifted listing was listed a second time from its first page")
                .anyMatch(taskRequest(LIST_MEMBERS).and(aboutGroup(group)).and(firstPage()));
        assertThat(run.changesAfter(first)).as("no DELETED for the member the shift hid")
                .noneMatch(c -> c.contains(skipped.userId()))
                .isEqualTo(List.of("DELETED " + group + "/" + leaving.userId(), "tombstone " + group + "/"
                        + leaving.userId()))
                .isEqualTo(initial.changesTo(run.view()));
    }

    @Test
    void deletionShiftingPagesDuringTheSnapshotIsCaughtUpByTheNextSweep() throws Exception {
        List<String> ids = standardDirectory();
        // During the snapshot group 4 is not known yet, so nothing can tell that the listing skipped
        // it: the next sweep lists it.
        AtomicReference<RequestLog.Entry> deletedAt = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))), e -> {
            directory.deleteGroup(ids.get(0));
            deletedAt.set(e);
        });
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        Instant snapshotDone = StoredCursor.completionOf(first, run.sweepEvents());
        run.awaitSweepCompletedAfter(first);
        run.assertReplicaEqualsDirectory();

        // The listing did shift: group 0 went after the first page was served and before the second was
        // asked for, and nothing in the snapshot sweep asked about group 4 (not its members, no GET).
        List<RequestLog.Entry> snapshot = run.ownRequests().stream().filter(e -> !e.at().isAfter(snapshotDone)).toList();
        List<RequestLog.Entry> groupPages = snapshot.stream().filter(taskRequest(LIST_GROUPS)).toList();
        assertThat(groupPages).as("the snapshot listed three groups pages (offsets 0, 4 and 8)").hasSize(3);
        assertThat(snapshot.indexOf(deletedAt.get())).as("deleted between the first and second groups page")
                .isGreaterThan(snapshot.indexOf(groupPages.get(0))).isLessThan(snapshot.indexOf(groupPages.get(1)));
        assertThat(snapshot).as("the snapshot sweep never reached group 4").noneMatch(aboutGroup(ids.get(4)));
        assertThat(run.changesUpTo(first)).as("the listing shifted: the snapshot sweep skipped group 4")
                .noneMatch(c -> c.endsWith(" " + ids.get(4)) || c.contains(" " + ids.get(4) + "/"));
        assertThat(run.allChanges()).as("group 4 emitted once, by the next sweep")
                .filteredOn(c -> c.endsWith(" " + ids.get(4))).containsExactly("CREATED " + ids.get(4));
        assertThat(run.allChanges()).as("group 0 emitted, then deleted")
                .filteredOn(c -> c.endsWith(" " + ids.get(0))).containsExactlyInAnyOrder(
                        "SNAPSHOT " + ids.get(0), "DELETED " + ids.get(0), "tombstone " + ids.get(0));
    }

    // ---- page tokens that expire or break the paging contract -------------------------------------

    @Test
    void expiredPageTokenMidListingRestartsThatListingFromItsFirstPage() throws Exception {
        // Armed once a listing's first page is served, so the next request carries a page token.
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.expiredToken(), 1);
            // Group 0 has three member pages.
            hooks.onFirst(taskRequest(LIST_MEMBERS).and(firstPage()).and(aboutGroup(groupNamed("group-0"))),
                    e -> faults.inject(LIST_MEMBERS, Fault.expiredToken(), 1));
        }, () -> faults.inject(LIST_GROUPS, Fault.expiredToken(), 1));
        List<RequestLog.Entry> expired = withStatus(400);
        assertThat(expired).hasSize(3).allSatisfy(e -> assertThat(e.query()).containsKey("page"));
        for (RequestLog.Entry e : expired) {
            RequestLog.Entry next = nextRequestTo(e.endpoint(), RequestHooks.groupIdOf(e), e);
            assertThat(next.query()).as("the listing restarted from its first page").doesNotContainKey("page");
        }
    }

    @Test
    void hasMoreWithoutTokenFailsTheTaskAndARestartResumes() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // On the second groups page of the snapshot...
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.inject(LIST_GROUPS, Fault.hasMoreWithoutToken(), 1));
        run.startExpectingFailure();
        assertThat(run.awaitTaskFailed()).contains("list groups", "has_more is true but next_page is null",
                "Restart the connector");
        long first = restartAndAwaitSnapshot(initial);

        // ...and on a member page after the changes.
        String trace = changesThenAssert(ids, initial, first,
                () -> faults.inject(LIST_MEMBERS, Fault.hasMoreWithoutToken(), 1), true);
        assertThat(trace).contains("list the members of group", "has_more is true but next_page is null");
    }

    @Test
    void repeatedTokenFailsTheTaskAndARestartResumes() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // The second groups page names its own token as the next page: following it would loop forever.
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()),
                e -> faults.inject(LIST_GROUPS, Fault.repeatedToken(), 1));
        run.startExpectingFailure();
        // (The message names neither the listing nor a request-id: the guard sees only tokens.)
        assertThat(run.awaitTaskFailed()).contains("already used in this listing", "loop forever");
        long first = restartAndAwaitSnapshot(initial);

        // The same on the second page of a member listing.
        String big = ids.get(0);
        String trace = changesThenAssert(ids, initial, first, () -> hooks.onFirst(
                taskRequest(LIST_MEMBERS).and(firstPage()).and(aboutGroup(big)),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1)), true);
        assertThat(trace).contains("already used in this listing");
    }

    @Test
    void firstPageTokenLeadingBackToTheFirstPageCausesNoDuplicates() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // A first page whose next_page leads to the first page again: a different token, so no loop
        // can be seen; the page is listed twice and must be emitted once. Armed at validate()'s probe
        // so that the task's very first groups page gets it, and at that page for the first member page.
        hooks.onFirst(e -> e.endpoint() == LIST_GROUPS && run.owns(e) && !taskRequest(LIST_GROUPS).test(e),
                e -> faults.inject(LIST_GROUPS, Fault.repeatedToken(), 1));
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1));
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesUpTo(first)).isEqualTo(initial.snapshot());
        // Evidence that both listings went round: four requests for three pages.
        assertThat(run.ownRequests()).filteredOn(taskRequest(LIST_GROUPS)::test).extracting(e -> e.query().containsKey("page"))
                .startsWith(false, true, true, true);
        assertThat(run.ownRequests()).filteredOn(aboutGroup(ids.get(0))::test).filteredOn(taskRequest(LIST_MEMBERS)::test)
                .extracting(e -> e.query().containsKey("page")).startsWith(false, true, true, true);

        // After the changes, on a single-page member listing (group 2, after group 1's only page).
        changesThenAssert(ids, initial, first, () -> hooks.onFirst(
                taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1)), false);
    }

    private String groupNamed(String suffix) {
        return directory.groups().stream().filter(g -> g.name().equals(run.prefix + suffix)).findFirst()
                .orElseThrow().id();
    }

    /** The next request to the same endpoint (and group) as {@code entry}. */
    private RequestLog.Entry nextRequestTo(Endpoint endpoint, String groupId, RequestLog.Entry entry) {
        return after(entry, e -> e.endpoint() == endpoint && Objects.equals(RequestHooks.groupIdOf(e), groupId));
    }

    private RequestLog.Entry after(RequestLog.Entry entry, Predicate<RequestLog.Entry> matching) {
        List<RequestLog.Entry> own = run.ownRequests();
        int index = own.indexOf(entry);
        return own.subList(index + 1, own.size()).stream().filter(matching).findFirst()
                .orElseThrow(() -> new AssertionError("no request after " + entry));
    }
}
