package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.StateBatch;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SweepCoverageTest {

    private final SweepCoverage coverage = new SweepCoverage();

    private static Group group(String id) {
        return new Group(id, id, null, null, null, null, null, null);
    }

    @Test
    void theDeletionCandidatesAreTheKnownGroupsNotSyncedInIdOrder() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        for (String id : new String[] {"g3", "g1", "g2", "g4"}) {
            batch.announceGroup(id);
        }
        coverage.markSynced("g2");
        coverage.await(group("g3"), 0);   // listed, not synced yet: still a candidate once the listing ends

        assertThat(coverage.unsynced(state.groups())).containsExactly("g1", "g3", "g4");
    }

    @Test
    void aGroupBeingDeletedWaitsNoLongerAndCountsAsSynced() {
        coverage.await(group("g1"), 0);
        coverage.await(group("g2"), 0);

        coverage.markDeleted("g1");

        assertThat(coverage.nextWaiting().id()).isEqualTo("g2");
        assertThat(coverage.isSynced("g1")).isTrue();
        assertThat(coverage.isSynced("g2")).isFalse();
    }

    @Test
    void aNewSweepHasCoveredNothing() {
        coverage.await(group("g1"), 0);
        coverage.markSynced("g1");
        DirectoryState state = new DirectoryState();
        new StateBatch(state).announceGroup("g1");

        coverage.clear();

        assertThat(coverage.anyWaiting()).isFalse();
        assertThat(coverage.isSynced("g1")).isFalse();
        assertThat(coverage.unsynced(state.groups())).containsExactly("g1");
    }

    @Test
    void theRequestsAheadOfAWaitingGroupAreTheMemberPagesOfTheGroupsBeforeIt() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        for (String id : new String[] {"big", "empty", "target"}) {
            batch.announceGroup(id);
        }
        batch.addBuckets(state.get("big"), 1);
        for (int i = 0; i < 7; i++) {
            batch.putMember(state.get("big"), "u" + i, i + 1);
        }
        coverage.await(group("big"), 0);
        coverage.await(group("empty"), 0);
        coverage.await(group("target"), 0);

        // Seven members at three a page, then an empty group's one page.
        assertThat(coverage.requestsAhead("target", state, 3)).isEqualTo(3 + 1);
        assertThat(coverage.requestsAhead("big", state, 3)).isZero();
        assertThat(coverage.requestsAhead("elsewhere", state, 3)).as("not waiting: the sweep does not reach it soon")
                .isEqualTo(-1);

        // A refresh synced two of them while they wait: the sweep skips both.
        coverage.markSynced("big");
        coverage.markSynced("empty");
        assertThat(coverage.requestsAhead("target", state, 3)).as("synced groups ahead cost nothing").isZero();
        assertThat(coverage.requestsAhead("big", state, 3)).as("synced: the sweep will not sync it").isEqualTo(-1);
    }
}
