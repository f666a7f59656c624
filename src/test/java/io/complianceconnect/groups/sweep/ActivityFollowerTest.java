package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Activity;
import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.StateBatch;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ActivityFollowerTest {

    private static final Instant T0 = Instant.parse("2026-11-28T12:00:00Z");
    private static final Duration LAG = Duration.ofMinutes(2);
    private final DirectoryState state = new DirectoryState();

    private static Activity activity(String id, Instant createdAt, String type, String groupId) {
        return new Activity(id, createdAt, type, groupId, List.of(), null);
    }

    /** The last page of a poll, answered at {@code serverTime} by the API's clock. */
    private static ActivityPage page(Instant serverTime, Activity... items) {
        return new ActivityPage(List.of(items), false, null, null, serverTime);
    }

    private static ActivityPage pageWithMore(Instant serverTime, Activity... items) {
        String last = items[items.length - 1].id();
        return new ActivityPage(List.of(items), true, items[0].id(), last, serverTime);
    }

    private ActivityFollower.Targets poll(ActivityFollower follower, Instant workerNow, ActivityPage page) {
        follower.pollStarting();
        return follower.accept(page, state, workerNow);
    }

    @Test
    void anActivityThatBecomesVisibleLateIsStillHandledAndNoneTwice() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), LAG, T0, T0);
        assertThat(follower.since()).isEqualTo(T0.minus(LAG));

        Activity early = activity("a2", T0.plusSeconds(30), "group_updated", "g2");
        assertThat(poll(follower, T0.plusSeconds(31), page(T0.plusSeconds(31), early)).groupIds())
                .containsExactly("g2");

        // Next poll: an activity created BEFORE the one already seen shows up now (the feed's lag).
        Instant second = T0.plusSeconds(41);
        assertThat(follower.due(second)).isTrue();
        Activity late = activity("a1", T0.plusSeconds(20), "group_member_added", "g1");
        assertThat(poll(follower, second, page(second, early, late)).groupIds()).containsExactly("g1");
        assertThat(follower.since()).as("the window trails the last poll").isEqualTo(second.minus(LAG));
    }

    @Test
    void theWindowFollowsTheApisClockNotTheWorkers() {
        // The worker's clock runs ten minutes ahead of the API's.
        Duration skew = Duration.ofMinutes(10);
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), LAG, T0, T0.plus(skew));
        Instant server = T0.plusSeconds(30);
        poll(follower, server.plus(skew), page(server));
        assertThat(follower.since()).isEqualTo(server.minus(LAG));
        assertThat(follower.watermark()).as("what is stored is the API's time").isEqualTo(server);

        Activity justBefore = activity("a", server.minusSeconds(5), "group_updated", "g");
        assertThat(poll(follower, server.plus(skew).plusSeconds(10), page(server.plusSeconds(10), justBefore))
                .groupIds()).containsExactly("g");
    }

    @Test
    void aStoredPositionOlderThanTheHorizonIsClampedToItNotDropped() {
        Instant server = T0.plus(Duration.ofDays(3));
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), LAG, T0, server);
        assertThat(follower.since()).as("the first request asks from the stored position").isEqualTo(T0.minus(LAG));
        Activity recent = activity("a3", server.minus(Duration.ofHours(1)), "group_updated", "g-recent");
        Activity withinHorizon = activity("a2", server.minus(Duration.ofHours(5)), "group_deleted", "g-five-hours");
        Activity beyond = activity("a1", server.minus(Duration.ofHours(7)), "group_updated", "g-old");
        ActivityFollower.Targets targets = poll(follower, server, pageWithMore(server, recent, withinHorizon, beyond));
        assertThat(targets.groupIds()).containsExactly("g-recent", "g-five-hours");
        assertThat(follower.afterId()).as("nothing older than the horizon is paged through").isNull();
        assertThat(follower.watermark()).isEqualTo(server);
    }

    @Test
    void withoutAStoredPositionOnlyTheWindowBeforeTheFirstReadIsFollowed() {
        Instant server = T0.plusSeconds(5);
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), LAG, null, T0.plus(Duration.ofHours(1)));
        assertThat(follower.since()).as("the API's time is not known yet").isNull();
        Activity recent = activity("a2", server.minusSeconds(30), "group_updated", "g-recent");
        Activity old = activity("a1", server.minus(Duration.ofHours(1)), "group_updated", "g-old");
        assertThat(poll(follower, T0, pageWithMore(server, recent, old)).groupIds()).containsExactly("g-recent");
        assertThat(follower.afterId()).isNull();
        assertThat(follower.since()).isEqualTo(server.minus(LAG));
    }

    @Test
    void withoutADateHeaderTheNewestActivityTellsTheApisTime() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), LAG, T0, T0.plus(Duration.ofHours(1)));
        Activity newest = activity("a", T0.plusSeconds(90), "group_updated", "g");
        poll(follower, T0.plus(Duration.ofHours(1)), page(null, newest));
        assertThat(follower.watermark()).isEqualTo(T0.plusSeconds(90));
        poll(follower, T0.plus(Duration.ofHours(2)), page(null));
        assertThat(follower.watermark()).as("nothing seen: the position stays").isEqualTo(T0.plusSeconds(90));
    }

    @Test
    void aUsersEmailChangeRefreshesEveryGroupTheUserIsIn() {
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("g1");
        batch.announceGroup("g2");
        batch.announceGroup("g3");
        batch.putMember(state.get("g1"), "user_1", 1L);
        batch.putMember(state.get("g3"), "user_1", 1L);
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, null, T0);
        ActivityFollower.Targets targets = poll(follower, T0, page(T0,
                new Activity("a", T0, "scim_user_updated", null, List.of(), "user_1")));
        assertThat(targets.groupIds()).containsExactlyInAnyOrder("g1", "g3");
    }

    /** As the parser gives them: a role's group in groupId, a leaving user in userId. */
    private static Activity about(String id, String type, String groupId, List<String> memberIds, String userId) {
        return new Activity(id, T0, type, groupId, memberIds, userId);
    }

    @Test
    void everyTypeThatChangesWhatIsReplicatedIsAskedOfTheFeed() {
        assertThat(ActivityFollower.TYPES).contains("rbac_role_assigned", "rbac_role_unassigned", "rbac_role_deleted",
                "group_member_addition_failed", "group_member_removal_failed", "group_visibility_updated",
                "org_user_deleted", "org_user_left");
    }

    @Test
    void aRoleAssignedToOrUnassignedFromAGroupRefreshesThatGroupAndARoleOfAUserNothing() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, null, T0);
        ActivityFollower.Targets targets = poll(follower, T0, page(T0,
                about("a1", "rbac_role_assigned", "g1", List.of(), null),
                about("a2", "rbac_role_unassigned", "g2", List.of(), null),
                about("a3", "rbac_role_assigned", null, List.of(), null)));
        assertThat(targets.groupIds()).containsExactly("g1", "g2");
        assertThat(targets.mentions()).allSatisfy(m -> assertThat(m.aboutMembers()).as("roles are the group's own")
                .isFalse());
        assertThat(targets.fullSweepRequested()).isFalse();
    }

    /** A deleted role may be gone from the roles of any number of groups, which the state does not record. */
    @Test
    void aDeletedRoleStartsAFullSweep() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, null, T0);
        ActivityFollower.Targets targets = poll(follower, T0, page(T0,
                about("a1", "rbac_role_deleted", null, List.of(), null)));
        assertThat(targets.fullSweepRequested()).isTrue();
    }

    @Test
    void aFailedBulkChangeOrAVisibilityChangeRefreshesTheGroupWithoutTakingAnyMemberForAddedOrRemoved() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, null, T0);
        ActivityFollower.Targets targets = poll(follower, T0, page(T0,
                about("a1", "group_member_addition_failed", "g1", List.of("u1", "u2"), null),
                about("a2", "group_member_removal_failed", "g2", List.of("u3"), null),
                about("a3", "group_visibility_updated", "g3", List.of(), null)));
        assertThat(targets.groupIds()).containsExactly("g1", "g2", "g3");
        assertThat(targets.mentions()).allSatisfy(m -> {
            assertThat(m.memberIds()).as("some may not have been changed: no evidence").isEmpty();
            assertThat(m.kind()).isEqualTo(ActivityFollower.Mention.Kind.GROUP);
        });
    }

    @Test
    void aUserDeletedFromOrLeavingTheOrganisationRefreshesEveryGroupTheUserIsIn() {
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("g1");
        batch.announceGroup("g2");
        batch.putMember(state.get("g1"), "user_1", 1L);
        batch.putMember(state.get("g2"), "user_2", 1L);
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, null, T0);
        ActivityFollower.Targets targets = poll(follower, T0, page(T0,
                about("a1", "org_user_deleted", null, List.of(), "user_1"),
                about("a2", "org_user_left", null, List.of(), "user_2")));
        assertThat(targets.groupIds()).containsExactly("g1", "g2");
    }

    @Test
    void pagingContinuesAtOnceAndTheWatermarkMovesOnlyWhenThePollIsComplete() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, T0, T0);
        Instant start = T0.plusSeconds(5);
        poll(follower, start, pageWithMore(start, activity("x", T0, "group_deleted", "g")));
        assertThat(follower.afterId()).isEqualTo("x");
        assertThat(follower.pollComplete()).isFalse();
        assertThat(follower.due(start)).isTrue();
        assertThat(follower.watermark()).isEqualTo(T0);
        poll(follower, start.plusSeconds(1), page(start.plusSeconds(1)));
        assertThat(follower.pollComplete()).isTrue();
        assertThat(follower.watermark()).as("the API's time of the poll's first page").isEqualTo(start);
        assertThat(follower.due(start.plusSeconds(2))).isFalse();
    }
}
