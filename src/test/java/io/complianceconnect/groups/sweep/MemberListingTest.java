package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StateBatch;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Which members a group's sync may delete: the rule that keeps a shifting listing from inventing deletions. */
class MemberListingTest {

    private final GroupState known = groupWithMembers("u1", "u2", "u3", "u4");
    private final MemberListing listing = new MemberListing(
            new Group("g", "G", null, null, null, null, null, null), known, SyncCompletion.NONE,
            RequestShare.Side.SWEEP, null, java.util.Set.of());

    private static GroupState groupWithMembers(String... userIds) {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("g");
        for (String userId : userIds) {
            batch.putMember(state.get("g"), userId, 1);
        }
        return state.get("g");
    }

    private void list(String nextPage, String... userIds) {
        List<GroupMember> members = Arrays.stream(userIds)
                .map(id -> new GroupMember("g", id, null, null, null, null)).toList();
        listing.accept(new Page<>(members, nextPage));
        members.forEach(m -> listing.listed(m.userId(), 0));
        listing.nextPage(nextPage);
    }

    @Test
    void aSinglePageListingProvesWhoIsAbsent() {
        list(null, "u1", "u3");

        assertThat(listing.absentMembers()).containsExactly("u2", "u4");
        assertThat(listing.provesAbsence()).isTrue();
    }

    @Test
    void aMultiPageListingProvesAbsenceOnlyOnceRepeatedAndDeletesOnlyWhoMissedBoth() {
        list("p2", "u1");
        list(null, "u3");
        assertThat(listing.provesAbsence()).isFalse();

        listing.relist();
        list("p2", "u2");
        list(null, "u3");

        assertThat(listing.provesAbsence()).isTrue();
        assertThat(listing.absentMembers()).as("u2 was skipped the first time, not gone").containsExactly("u4");
    }

    /**
     * A row the parser skipped (no usable user id) could be any absent member: one listing proves no
     * absence, not even a single page; two complete listings that skipped as many rows as the listing
     * before them do, and two that skipped a different number (the rows shifted between them) do not.
     */
    @Test
    void aListingWithASkippedRowProvesAbsenceOnlyWhenRepeatedWithAsManySkippedRows() {
        listing.skippedBefore(1);
        listWithSkipped(1, "u1");
        assertThat(listing.absentMembers()).as("still reported, for the feed's removals").containsExactly("u2", "u3",
                "u4");
        assertThat(listing.provesAbsence()).isFalse();
        assertThat(listing.mayRelist()).isTrue();

        listing.relist();
        listWithSkipped(1, "u1", "u3");
        assertThat(listing.provesAbsence()).isTrue();
        assertThat(listing.absentMembers()).containsExactly("u2", "u4");
        assertThat(listing.mayRelist()).isFalse();
    }

    /** A member's own row that lost its id since the listing before looks like a removal: not taken for one. */
    @Test
    void rowsWithoutIdThatTheListingBeforeDidNotHaveProveNothingAndAreNotListedAgainForIt() {
        listing.skippedBefore(0);
        listWithSkipped(1, "u1", "u2", "u3");

        assertThat(listing.absentMembers()).containsExactly("u4");
        assertThat(listing.provesAbsence()).isFalse();
        assertThat(listing.mayRelist()).as("a second listing could not prove it either").isFalse();
    }

    @Test
    void twoListingsThatSkippedADifferentNumberOfRowsProveNothing() {
        listing.skippedBefore(1);
        listWithSkipped(1, "u1");
        listing.relist();
        listWithSkipped(2, "u1");

        assertThat(listing.provesAbsence()).isFalse();
    }

    private void listWithSkipped(int skipped, String... userIds) {
        List<GroupMember> members = Arrays.stream(userIds)
                .map(id -> new GroupMember("g", id, null, null, null, null)).toList();
        listing.accept(new Page<>(members, null, skipped));
        members.forEach(m -> listing.listed(m.userId(), 0));
    }

    @Test
    void aRestartedListingKeepsWhatWasListedBefore() {
        list("p2", "u1", "u2");

        listing.restartListing();
        assertThat(listing.pageToken()).isNull();
        list(null, "u3");

        assertThat(listing.absentMembers()).containsExactly("u4");
        assertThat(listing.provesAbsence()).as("one page since the restart").isTrue();
    }
}
