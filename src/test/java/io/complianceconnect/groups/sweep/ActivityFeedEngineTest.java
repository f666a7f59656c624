package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine following the activity feed of the simulator, with Connect's offset commits emulated
 * in memory ({@link EngineDriver}): what the feed does to sweeps, and where the feed is read from
 * after a restart.
 */
@Timeout(120)
class ActivityFeedEngineTest extends SimulatedEngineTest {

    private static final String KEY = "feed-engine-test-key";

    ActivityFeedEngineTest() {
        super(KEY, 11);
    }
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration LAG = Duration.ofSeconds(2);

    /** Following the feed, with sweeps a long way apart unless something asks for one. */
    private static SweepSettings feedSettings() {
        return new SweepSettings("test", "groups", "members", "sweeps", "", 3, true, Duration.ofHours(1),
                Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, POLL_INTERVAL, LAG);
    }

    @Test
    void aDirectoryResyncBeforeTheFirstSweepCompletesLeavesTheSnapshotASnapshot() throws Exception {
        directory.populate(5, 2);
        // The identity provider re-synced just before the connector started (as after a re-snapshot
        // procedure's offset reset): the first feed read sees it before the snapshot is done.
        driver = new EngineDriver(simulator, KEY, feedSettings());
        simulator.recordActivity("org_directory_resync_completed", simulator.activityFeed().directorySync(),
                Map.of());
        driver.runSweeps(1);
        assertThat(driver.changesSince(0)).isNotEmpty()
                .allSatisfy(change -> assertThat(change).as("a record of the first sweep").startsWith("SNAPSHOT "));
    }

    @Test
    void aWorkerClockAheadOfTheServersByMoreThanTheLagWindowDropsNoActivity() throws Exception {
        directory.populate(3, 2);
        // The worker's clock runs ten minutes ahead of the API's; the re-read window is two seconds.
        Clock ahead = Clock.offset(Clock.systemUTC(), Duration.ofMinutes(10));
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, feedSettings()).recording()
                .maxBlock(Duration.ofMillis(200)).client(b -> b.requestsPerMinute(0)).clock(ahead).build();
        driver.runSweeps(1);
        String group = directory.groups().get(0).id();
        String joiner = directory.addMember(group, "joiner@example.com");
        int mark = driver.delivered.size();
        awaitChange(mark, "CREATED " + group + "/" + joiner, Duration.ofSeconds(10));
    }

    @Test
    void afterAQuietStretchARestartReadsTheFeedFromItsLastReadAndMissesNothing() throws Exception {
        directory.populate(3, 2);
        driver = new EngineDriver(simulator, KEY, feedSettings());
        driver.runSweeps(1);
        Instant snapshotDone = Instant.now();
        // Quiet: the feed is read every 200 ms and finds nothing, for three times the re-read window.
        Instant quietUntil = snapshotDone.plus(LAG.multipliedBy(3));
        driver.runUntil(() -> Instant.now().isAfter(quietUntil));
        driver.restart();
        String group = directory.groups().get(1).id();
        String joiner = directory.addMember(group, "while-restarting@example.com");
        int mark = driver.delivered.size();
        long readsBefore = simulator.requestLog().count(Endpoint.LIST_ACTIVITIES);
        awaitChange(mark, "CREATED " + group + "/" + joiner, Duration.ofSeconds(10));

        RequestLog.Entry firstRead = simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == Endpoint.LIST_ACTIVITIES).skip(readsBefore).findFirst().orElseThrow();
        Instant since = Instant.parse(firstRead.query().get("created_at.gte"));
        assertThat(since).as("the restarted task re-reads from the last read before the restart, not from the "
                + "snapshot's end").isAfter(snapshotDone.plus(LAG.dividedBy(2)));
    }

    @Test
    void theFeedPositionIsNotStoredAheadOfTheRefreshRecordsItCovers() throws Exception {
        directory.populate(3, 2);
        // At-least-once, no re-read window: what decides whether an activity is read again after a
        // restart is only the stored feed position.
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, new SweepSettings("test", "groups", "members",
                        "sweeps", "", 3, true, Duration.ofHours(1), Duration.ofMinutes(1),
                        SweepSettings.FeedMode.ENABLED, POLL_INTERVAL, Duration.ZERO))
                .recording().atLeastOnce().maxBlock(Duration.ofMillis(200)).client(b -> b.requestsPerMinute(0))
                .build();
        driver.runUntil(() -> {
            driver.flush();
            return driver.completedSweeps() >= 1;
        });
        driver.flush();
        String group = directory.groups().get(0).id();
        String joiner = directory.addMember(group, "joiner@example.com");
        String change = "CREATED " + group + "/" + joiner;
        // The refresh's member record leaves the task, but the producer has not acknowledged it yet.
        EngineDriver.Withheld refresh = null;
        for (int step = 0; refresh == null; step++) {
            assertThat(step).as("the feed's refresh emits the new membership").isLessThan(1_000);
            EngineDriver.Withheld polled = driver.stepWithholdingAcknowledgements();
            if (driver.changes(polled.records).contains(change)) {
                refresh = polled;
            } else {
                polled.release();
            }
        }
        // The task goes on polling (the feed read again and again, past the second of the change: the
        // API's time has a second's precision) and the worker flushes the offsets of what was
        // acknowledged; then the worker dies, and the refresh's record never reaches Kafka.
        Instant pastTheChange = Instant.now().plusSeconds(2);
        driver.runUntil(() -> {
            driver.flush();
            return Instant.now().isAfter(pastTheChange);
        });
        refresh.lose();
        driver.restart();
        awaitChange(driver.delivered.size(), change, Duration.ofSeconds(10));
    }

    /** A role granted to a group is the change an access review needs most: it must not wait for a sweep. */
    @Test
    void aRoleAssignedToAGroupReachesTheTopicWithoutAFullSweep() throws Exception {
        directory.populate(4, 2);
        driver = new EngineDriver(simulator, KEY, feedSettings());
        driver.runSweeps(1);
        long sweeps = driver.completedSweeps();
        long groupListings = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        String group = directory.groups().get(2).id();

        directory.assignRole(group, "role_admin_console");
        awaitChange(driver.delivered.size(), "UPDATED " + group, Duration.ofSeconds(10));

        assertThat(driver.completedSweeps()).as("no full sweep ran").isEqualTo(sweeps);
        assertThat(simulator.requestLog().count(Endpoint.LIST_GROUPS)).as("the directory was not listed again")
                .isEqualTo(groupListings);
    }

    /** A long interval is only for a followed feed: a key without the feed's scope sweeps on the other one. */
    @Test
    void aKeyThatCannotReadTheFeedSweepsOnTheIntervalWithoutTheFeed() throws Exception {
        try (ComplianceApiSimulator noFeed = ComplianceApiSimulator.builder().seed(12)
                .apiKey(KEY, Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA, ComplianceApiSimulator.SCOPE_USER_DATA))
                .start()) {
            noFeed.directory().populate(3, 2);
            SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", 3, true,
                    Duration.ofHours(24), Duration.ofMinutes(1), SweepSettings.FeedMode.AUTO, POLL_INTERVAL, LAG,
                    MemberEmails.plain(), SweepSettings.TRANSACTION_MAX_RECORDS_DEFAULT,
                    SweepSettings.DEFAULT_REFRESH_COALESCE, SweepSettings.DEFAULT_REFRESH_SHARE, Duration.ofMillis(300));
            driver = new EngineDriver(noFeed, KEY, settings);
            driver.runSweeps(1);
            assertThat(driver.engine().followingFeed()).isFalse();
            Instant deadline = Instant.now().plusSeconds(20);
            driver.runUntil(() -> driver.completedSweeps() >= 3 || Instant.now().isAfter(deadline));
            assertThat(driver.completedSweeps()).as("sweeps 300 ms apart, not 24 hours").isGreaterThanOrEqualTo(3);
            driver.close();
            driver = null;
        }
    }

    /** Polls until the change is delivered; fails after {@code within}. */
    private void awaitChange(int from, String change, Duration within) throws InterruptedException {
        Instant deadline = Instant.now().plus(within);
        while (!driver.changesSince(from).contains(change)) {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError(change + " was not emitted within " + within + "; emitted: "
                        + driver.changesSince(from));
            }
            driver.step();
        }
    }
}
