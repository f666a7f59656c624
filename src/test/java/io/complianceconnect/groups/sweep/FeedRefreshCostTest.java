package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.MutableClock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the feed's refreshes cost, counted in the simulator's request log: activities that name one
 * group are coalesced into one refresh per window, a listing that started after a change absorbs
 * its activity, a removal the feed reported needs no confirming second listing (and one it did not
 * report still does), and while a sweep runs the feed keeps to its share of the requests.
 */
@Timeout(120)
class FeedRefreshCostTest extends SimulatedEngineTest {

    private static final String KEY = "refresh-cost-key";
    private static final int PAGE_SIZE = 3;
    /** Ten members at three a page: a listing is four member pages. */
    private static final int MEMBERS = 10;
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration LAG = Duration.ofSeconds(2);
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.running();
    private String group;

    FeedRefreshCostTest() {
        super(KEY, 23);
    }

    private void startDriver(Duration coalesce, double share) throws InterruptedException {
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", PAGE_SIZE, true,
                SWEEP_INTERVAL, Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, POLL_INTERVAL, LAG)
                .withRefreshes(coalesce, share);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording().clock(clock)
                .maxBlock(Duration.ofMillis(50)).client(b -> b.requestsPerMinute(0)).build();
        driver.runSweeps(1);
    }

    /** A directory of three groups, the first with {@link #MEMBERS} members; its snapshot done. */
    private void snapshotOfThreeGroups(Duration coalesce) throws InterruptedException {
        directory.populate(3, i -> i == 0 ? MEMBERS : 2);
        group = directory.groups().stream().filter(g -> directory.members(g.id()).size() == MEMBERS)
                .findFirst().orElseThrow().id();
        startDriver(coalesce, SweepSettings.DEFAULT_REFRESH_SHARE);
    }

    @Test
    void activitiesNamingAGroupWithinTheWindowCauseOneMoreRefreshAfterIt() throws Exception {
        snapshotOfThreeGroups(Duration.ofMinutes(10));
        long pagesBefore = memberPages(group);
        String first = directory.addMember(group, "first@example.com");
        driver.runUntil(() -> driver.changesSince(0).contains("CREATED " + group + "/" + first),
                Duration.ofSeconds(30));
        assertThat(groupGets(group)).as("a group named for the first time in a window is refreshed at once")
                .isEqualTo(1);
        assertThat(memberPages(group) - pagesBefore).isEqualTo(pagesOf(MEMBERS + 1));

        // Three more changes, read by many feed reads over a second and a half: all wait for the window.
        int mark = driver.delivered.size();
        String second = directory.addMember(group, "second@example.com");
        String third = directory.addMember(group, "third@example.com");
        String fourth = directory.addMember(group, "fourth@example.com");
        long readsBefore = simulator.requestLog().count(Endpoint.LIST_ACTIVITIES);
        driver.runFor(Duration.ofMillis(1_500));
        assertThat(simulator.requestLog().count(Endpoint.LIST_ACTIVITIES) - readsBefore).as("feed reads meanwhile")
                .isGreaterThan(3);
        assertThat(groupGets(group)).as("no refresh inside the window").isEqualTo(1);
        assertThat(driver.changesSince(mark)).isEmpty();

        clock.advance(Duration.ofMinutes(10));
        List<String> expected = List.of("CREATED " + group + "/" + second, "CREATED " + group + "/" + third,
                "CREATED " + group + "/" + fourth);
        driver.runUntil(() -> driver.changesSince(mark).containsAll(expected), Duration.ofSeconds(30));
        driver.runFor(Duration.ofMillis(500));
        assertThat(groupGets(group)).as("one refresh for the three activities").isEqualTo(2);
        assertThat(memberPages(group) - pagesBefore).as("member pages: the two listings")
                .isEqualTo(pagesOf(MEMBERS + 1) + pagesOf(MEMBERS + 4));
    }

    @Test
    void anActivityOlderThanAListingOfItsGroupCausesNoRefresh() throws Exception {
        restartSimulatorWithVisibilityDelay(Duration.ofSeconds(5));
        snapshotOfThreeGroups(Duration.ZERO);
        long pagesBefore = memberPages(group);
        String joiner = directory.addMember(group, "joiner@example.com");
        // The feed is read past the second of the change (the API's time has a second's precision),
        // the activity still invisible; then a sweep starts and lists the group.
        driver.runFor(Duration.ofMillis(1_200));
        int mark = driver.delivered.size();
        clock.advance(SWEEP_INTERVAL);
        driver.runUntil(() -> driver.changesSince(mark).contains("CREATED " + group + "/" + joiner),
                Duration.ofSeconds(30));
        assertThat(memberPages(group) - pagesBefore).as("the sweep's listing").isEqualTo(pagesOf(MEMBERS + 1));
        // The activity turns up and is read: the sweep's listing already saw its change.
        long readsBefore = simulator.requestLog().count(Endpoint.LIST_ACTIVITIES);
        Instant visible = Instant.now().plusSeconds(5);
        driver.runUntil(() -> Instant.now().isAfter(visible.plusSeconds(1)), Duration.ofSeconds(30));
        assertThat(simulator.requestLog().count(Endpoint.LIST_ACTIVITIES) - readsBefore).isGreaterThan(3);
        assertThat(groupGets(group)).as("refreshes of the group").isZero();
        assertThat(memberPages(group) - pagesBefore).isEqualTo(pagesOf(MEMBERS + 1));
    }

    @Test
    void aRemovalTheFeedReportedIsEmittedAfterOneListing() throws Exception {
        snapshotOfThreeGroups(Duration.ZERO);
        long pagesBefore = memberPages(group);
        String leaver = directory.members(group).get(4).userId();
        directory.removeMember(group, leaver);
        // The read that reports it is answered in a later second than the removal: the refresh's
        // listing is then known to start after it.
        Thread.sleep(1_100);
        driver.runUntil(() -> driver.changesSince(0).contains("DELETED " + group + "/" + leaver),
                Duration.ofSeconds(30));
        driver.runFor(Duration.ofMillis(300));
        assertThat(memberPages(group) - pagesBefore).as("one listing, no confirming second one")
                .isEqualTo(pagesOf(MEMBERS - 1));
        assertThat(groupGets(group)).isEqualTo(1);
    }

    @Test
    void aMemberMissingWithoutARemovalReportIsListedTwiceBeforeItsDeletion() throws Exception {
        // The feed is followed, but what happens now shows up only in an hour.
        restartSimulatorWithVisibilityDelay(Duration.ofHours(1));
        snapshotOfThreeGroups(Duration.ZERO);
        long pagesBefore = memberPages(group);
        String leaver = directory.members(group).get(4).userId();
        directory.removeMember(group, leaver);
        int mark = driver.delivered.size();
        clock.advance(SWEEP_INTERVAL);
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).contains("DELETED " + group + "/" + leaver);
        assertThat(memberPages(group) - pagesBefore).as("the sweep's listing and the confirming one")
                .isEqualTo(2 * pagesOf(MEMBERS - 1));
    }

    @Test
    void whileASweepRunsTheFeedKeepsToItsShareOfTheRequestsHoweverBusyItIs() throws Exception {
        // Twenty small groups and one of thirty members (ten pages), which changes before every poll.
        directory.populate(21, i -> i == 0 ? 30 : 2);
        String busy = directory.groups().stream().filter(g -> directory.members(g.id()).size() == 30)
                .findFirst().orElseThrow().id();
        startDriver(Duration.ZERO, 0.5);
        long feedBefore = driver.engine().refreshRequests();
        long totalBefore = simulator.requestLog().count();
        long sweep = driver.completedSweeps() + 1;
        clock.advance(SWEEP_INTERVAL);
        int changes = 0;
        while (driver.completedSweeps() < sweep) {
            assertThat(changes).as("the sweep completes under the churn").isLessThan(5_000);
            directory.addMember(busy, "churn" + changes++ + "@example.com");
            driver.step();
        }
        long feed = driver.engine().refreshRequests() - feedBefore;
        long total = simulator.requestLog().count() - totalBefore;
        // A refresh under way runs to its end: the feed may overdraw by one refresh (a feed read, the
        // group's GET and its member pages), which the sweep's next requests pay back.
        long oneRefresh = 2 + pagesOf(directory.members(busy).size());
        assertThat(feed).as("the feed's requests during the sweep").isGreaterThan(oneRefresh)
                .isLessThanOrEqualTo(total / 2 + oneRefresh);
        assertThat(total - feed).as("the sweep's requests").isGreaterThanOrEqualTo(total / 2 - oneRefresh);
    }

    @Test
    void aRenameWhileTheSweepHasTheGroupWaitingIsStillEmitted() throws Exception {
        // Two groups of ten pages, then the one renamed: all three on one groups page.
        directory.populate(3, i -> i < 2 ? 30 : 2);
        String renamed = directory.groups().get(2).id();
        startDriver(Duration.ofMinutes(10), SweepSettings.DEFAULT_REFRESH_SHARE);
        long groupsPages = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        clock.advance(SWEEP_INTERVAL);
        driver.runUntil(() -> simulator.requestLog().count(Endpoint.LIST_GROUPS) > groupsPages,
                Duration.ofSeconds(30));
        // The sweep holds the group as the groups page showed it, and reaches it within the window.
        Thread.sleep(1_100);
        int mark = driver.delivered.size();
        directory.renameGroup(renamed, "Renamed while waiting");
        driver.runSweeps(1);
        driver.runUntil(() -> driver.changesSince(mark).contains("UPDATED " + renamed), Duration.ofSeconds(30));
    }

    private void restartSimulatorWithVisibilityDelay(Duration delay) {
        simulator.close();
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).seed(23).activityVisibilityDelay(delay).start();
        directory = simulator.directory();
    }

    /** The member pages of one listing of a group of this many members. */
    private static long pagesOf(int members) {
        return (members + PAGE_SIZE - 1) / PAGE_SIZE;
    }

    private long memberPages(String groupId) {
        return requestsFor(Endpoint.LIST_MEMBERS, groupId);
    }

    private long groupGets(String groupId) {
        return requestsFor(Endpoint.GET_GROUP, groupId);
    }

    private long requestsFor(Endpoint endpoint, String groupId) {
        return simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == endpoint && e.path().contains(groupId)).count();
    }
}
