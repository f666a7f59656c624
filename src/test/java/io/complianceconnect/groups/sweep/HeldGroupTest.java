package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group the running sweep holds waiting (read from a groups page, its sync not started) while the
 * activity feed refreshes it: what the feed reports afterwards is not lost, and the sweep's older
 * copy of the group does not overwrite the refresh's newer one. Exactly-once (the driver's default),
 * where a listing's coverage of an activity is trusted.
 */
@Timeout(120)
class HeldGroupTest extends SimulatedEngineTest {

    private static final String KEY = "held-group-key";
    private static final int PAGE_SIZE = 3;
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.running();

    HeldGroupTest() {
        super(KEY, 31);
    }

    /**
     * The snapshot done, then the next sweep started and its groups page read, so that its groups
     * wait; member pages are slow (20 ms), so the sweep takes a while to reach the later ones.
     */
    private void sweepHoldingTheGroupsOfItsFirstPage() throws InterruptedException {
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", PAGE_SIZE, true,
                SWEEP_INTERVAL, Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, Duration.ofMillis(20),
                Duration.ofSeconds(2)).withRefreshes(Duration.ofMinutes(10), SweepSettings.DEFAULT_REFRESH_SHARE);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording().clock(clock)
                .maxBlock(Duration.ofMillis(50)).client(b -> b.requestsPerMinute(0)).build();
        driver.runSweeps(1);
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS, Fault.latency(Duration.ofMillis(20)));
        long groupsPages = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        clock.advance(SWEEP_INTERVAL);
        driver.runUntil(() -> simulator.requestLog().count(Endpoint.LIST_GROUPS) > groupsPages, Duration.ofSeconds(30));
        // The sweep's pace is known once a second of it has passed (by the engine's clock).
        clock.advance(Duration.ofSeconds(5));
    }

    @Test
    void aMemberAddedAfterTheFeedRefreshedAGroupTheSweepHoldsIsEmittedWithoutWaitingForTheNextSweep()
            throws Exception {
        // Two groups of twenty member pages, then the small one: all three on the first groups page.
        directory.populate(3, i -> i < 2 ? 60 : 2);
        String held = directory.groups().get(2).id();
        sweepHoldingTheGroupsOfItsFirstPage();

        directory.renameGroup(held, "Renamed while held");
        long pages = memberPages(held);
        // The feed's refresh: its GET and its member listing (one page) done.
        driver.runUntil(() -> driver.changesSince(0).contains("UPDATED " + held) && memberPages(held) > pages,
                Duration.ofSeconds(30));
        String joiner = directory.addMember(held, "joiner@example.com");
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        driver.runFor(Duration.ofSeconds(1));

        assertThat(driver.changesSince(mark)).as("the member added after the refresh, before the next sweep")
                .contains("CREATED " + held + "/" + joiner);
    }

    @Test
    void theSweepsOlderCopyOfAGroupDoesNotRevertTheRefreshsNewerOne() throws Exception {
        // A group of twenty member pages, then one of four pages, then a small one.
        directory.populate(3, i -> i == 0 ? 60 : i == 1 ? 10 : 2);
        String held = directory.groups().get(1).id();
        sweepHoldingTheGroupsOfItsFirstPage();
        // A member leaves without the feed showing it (its activity reads as a type the connector
        // ignores), so the refresh cannot decide the absence and leaves the group to the sweep.
        simulator.faults().injectAlways(Endpoint.LIST_ACTIVITIES,
                Fault.rewrittenBody("\"group_member_removed\"", "\"group_member_removal_hidden\""));
        String leaver = directory.members(held).get(4).userId();
        directory.removeMember(held, leaver);
        directory.renameGroup(held, "Renamed while held");
        driver.runUntil(() -> driver.changesSince(0).contains("UPDATED " + held), Duration.ofSeconds(30));   // the feed's refresh

        driver.runSweeps(1);

        assertThat(driver.changesSince(0)).contains("DELETED " + held + "/" + leaver);
        assertThat(driver.compacted("groups").get(held).getString("name")).as("the newer observation wins")
                .isEqualTo("Renamed while held");
    }

    private long memberPages(String groupId) {
        return simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == Endpoint.LIST_MEMBERS && e.path().contains(groupId)).count();
    }
}
