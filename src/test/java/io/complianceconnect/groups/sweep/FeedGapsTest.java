package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.Actor;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.data.Struct;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.function.BooleanSupplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What the activity feed cannot vouch for brings a full sweep forward, and the log says so: a stored
 * position older than the six hours the feed is replayed, a 403 on the feed (retried later rather
 * than given up for the task's life), a directory re-sync seen while a sweep runs, and the sync marks
 * of a sweep resumed after a stop longer than that horizon. The sweep interval is an hour throughout,
 * and the engine's clock never reaches it unless a test says so.
 */
@Timeout(120)
class FeedGapsTest extends SimulatedEngineTest {

    private static final String KEY = "feed-gaps-key";
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(1);

    private final MutableClock clock = MutableClock.running();
    private EngineLog log;

    FeedGapsTest() {
        super(KEY, 41);
    }

    @BeforeEach
    void captureLog() {
        log = EngineLog.capture();
    }

    @AfterEach
    void releaseLog() {
        log.close();
    }

    private void snapshot(int pageSize, SweepSettings.FeedMode mode) throws InterruptedException {
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", pageSize, true,
                SWEEP_INTERVAL, Duration.ofMinutes(1), mode, Duration.ofMillis(100), Duration.ofSeconds(2));
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording().clock(clock)
                .maxBlock(Duration.ofMillis(50)).client(b -> b.requestsPerMinute(0)).build();
        driver.runSweeps(1);
    }

    @Test
    void aStoredFeedPositionClampedToTheHorizonStartsAFullSweep() throws Exception {
        directory.populate(3, i -> 2);
        snapshot(10, SweepSettings.FeedMode.ENABLED);
        long started = sweepsStarted();
        driver.offsets.put(StatePartitions.feed(), new FeedPosition(Instant.now().minus(Duration.ofHours(7))).toOffset());

        driver.restart();
        stepUntil(() -> sweepsStarted() > started);

        assertThat(log.containing(Level.INFO, "full sweep")).anyMatch(line -> line.contains("six hours"));
    }

    @Test
    void aForbiddenFeedStartsAFullSweepAndIsTriedAgainLaterNotGivenUpForTheTasksLife() throws Exception {
        directory.populate(3, i -> 2);
        String group = directory.groups().get(0).id();
        snapshot(10, SweepSettings.FeedMode.ENABLED);
        long started = sweepsStarted();

        simulator.faults().inject(Endpoint.LIST_ACTIVITIES, Fault.status(403, "permission_error"), 1);
        stepUntil(() -> sweepsStarted() > started);
        assertThat(driver.engine().followingFeed()).isFalse();
        assertThat(log.containing(Level.INFO, "full sweep")).anyMatch(line -> line.contains("403"));
        driver.runSweeps(1);

        clock.advance(Duration.ofMinutes(15));
        String joiner = directory.addMember(group, "joiner@example.com");
        stepUntil(() -> driver.changesSince(0).contains("CREATED " + group + "/" + joiner));
        assertThat(driver.engine().followingFeed()).as("followed again").isTrue();
        assertThat(driver.completedSweeps()).as("through the feed, not a sweep").isEqualTo(2);
    }

    @Test
    void aDirectoryResyncSeenWhileASweepRunsStartsTheNextSweepAsSoonAsItCompletes() throws Exception {
        directory.populate(6, i -> 2);
        snapshot(2, SweepSettings.FeedMode.ENABLED);
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS, Fault.latency(Duration.ofMillis(50)));
        simulator.faults().injectAlways(Endpoint.LIST_GROUPS, Fault.latency(Duration.ofMillis(50)));
        long groupsPages = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        clock.advance(SWEEP_INTERVAL);
        stepUntil(() -> simulator.requestLog().count(Endpoint.LIST_GROUPS) > groupsPages);

        simulator.recordActivity("org_directory_resync_completed", Actor.scimDirectorySync("directory-1"), Map.of());
        long reads = simulator.requestLog().count(Endpoint.LIST_ACTIVITIES);
        stepUntil(() -> simulator.requestLog().count(Endpoint.LIST_ACTIVITIES) >= reads + 2);
        assertThat(driver.completedSweeps()).as("the re-sync was read while sweep 2 ran").isEqualTo(1);
        driver.runSweeps(1);

        stepUntil(() -> sweepsStarted() >= 3);
        assertThat(log.containing(Level.INFO, "full sweep")).anyMatch(line -> line.contains("re-synced"));
    }

    /**
     * A sweep stopped after two of its three groups pages and resumed: after a stop beyond the six-hour
     * horizon its marks are not trusted (its groups are listed again); after a minute they are.
     */
    @ParameterizedTest(name = "stopped {0} min")
    @CsvSource({"420, true", "1, false"})
    void aResumedSweepTrustsItsSyncMarksOnlyWithinTheHorizon(int stopMinutes, boolean listedAgain) throws Exception {
        directory.populate(6, i -> 2);
        String first = directory.groups().get(0).id();
        snapshot(2, SweepSettings.FeedMode.DISABLED);
        long groupsPages = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        clock.advance(SWEEP_INTERVAL);
        stepUntil(() -> simulator.requestLog().count(Endpoint.LIST_GROUPS) >= groupsPages + 3);
        long pages = memberPages(first);
        assertThat(pages).as("listed in the snapshot and in sweep 2 before the stop").isEqualTo(2);

        clock.advance(Duration.ofMinutes(stopMinutes));
        driver.restart();
        driver.runSweeps(1);

        assertThat(memberPages(first) > pages).as("listed again by the resumed sweep").isEqualTo(listedAgain);
        assertThat(log.containing(Level.INFO, "synced again")).hasSize(listedAgain ? 1 : 0);
    }

    private long sweepsStarted() {
        return driver.delivered.stream().filter(r -> "sweeps".equals(r.topic()))
                .filter(r -> "SWEEP_STARTED".equals(((Struct) r.value()).getString("event"))).count();
    }

    private long memberPages(String groupId) {
        return simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == Endpoint.LIST_MEMBERS && e.path().contains(groupId)).count();
    }

    private void stepUntil(BooleanSupplier done) throws InterruptedException {
        Instant deadline = Instant.now().plusSeconds(15);
        driver.runUntil(() -> {
            if (Instant.now().isAfter(deadline)) {
                throw new AssertionError("not done within 15 s; emitted: " + driver.changesSince(0));
            }
            return done.getAsBoolean();
        });
    }
}
