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
    private final DirectoryState state = new DirectoryState();

    private static Activity activity(String id, Instant createdAt, String type, String groupId) {
        return new Activity(id, createdAt, type, groupId, List.of(), null);
    }

    private static ActivityPage page(Activity... items) {
        return new ActivityPage(List.of(items), false, null, null);
    }

    @Test
    void anActivityThatBecomesVisibleLateIsStillHandledAndNoneTwice() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ofMinutes(2), T0, T0);
        assertThat(follower.since()).isEqualTo(T0.minus(Duration.ofMinutes(2)));

        follower.pollStarting(T0);
        Activity early = activity("a2", T0.plusSeconds(30), "group_updated", "g2");
        assertThat(follower.accept(page(early), state, T0.plusSeconds(31)).groupIds()).containsExactly("g2");

        // Next poll: an activity created BEFORE the one already seen shows up now (the feed's lag).
        Instant second = T0.plusSeconds(41);
        assertThat(follower.due(second)).isTrue();
        follower.pollStarting(second);
        Activity late = activity("a1", T0.plusSeconds(20), "group_member_added", "g1");
        assertThat(follower.accept(page(early, late), state, second).groupIds()).containsExactly("g1");
        assertThat(follower.since()).as("the window trails the last poll").isEqualTo(second.minus(Duration.ofMinutes(2)));
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
        follower.pollStarting(T0);
        ActivityFollower.Targets targets = follower.accept(page(
                new Activity("a", T0, "scim_user_updated", null, List.of(), "user_1")), state, T0);
        assertThat(targets.groupIds()).containsExactlyInAnyOrder("g1", "g3");
    }

    @Test
    void aStoredPositionTooOldIsNotReplayed() {
        Instant now = T0.plus(Duration.ofDays(3));
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ofMinutes(2), T0, now);
        assertThat(follower.since()).isEqualTo(now.minus(Duration.ofMinutes(2)));
    }

    @Test
    void pagingContinuesAtOnceAndTheWatermarkMovesOnlyWhenThePollIsComplete() {
        ActivityFollower follower = new ActivityFollower(Duration.ofSeconds(10), Duration.ZERO, T0, T0);
        Instant start = T0.plusSeconds(5);
        follower.pollStarting(start);
        follower.accept(new ActivityPage(List.of(activity("x", T0, "group_deleted", "g")), true, "x", "x"), state, start);
        assertThat(follower.afterId()).isEqualTo("x");
        assertThat(follower.due(start)).isTrue();
        assertThat(follower.watermark()).isEqualTo(T0);
        follower.pollStarting(start.plusSeconds(1));
        follower.accept(page(), state, start.plusSeconds(1));
        assertThat(follower.watermark()).isEqualTo(start);
        assertThat(follower.due(start.plusSeconds(2))).isFalse();
    }
}
