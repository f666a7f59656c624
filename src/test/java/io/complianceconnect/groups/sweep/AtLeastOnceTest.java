package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once delivery as the worker runs it: offsets reach the store only at an offset flush
 * ({@code offset.flush.interval.ms}, 60 s by default, which the connector cannot bring forward), so
 * an engine step that waited for one would wait a minute. What a user sees: a snapshot and its
 * {@code SWEEP_COMPLETED} need no flush; a task restarted more often than the worker flushes still
 * completes sweeps and moves the feed position on; and a crash that loses acknowledged records'
 * offsets leaves no phantom membership behind when the member is removed meanwhile.
 */
@Timeout(120)
class AtLeastOnceTest extends SimulatedEngineTest {

    private static final String KEY = "at-least-once-key";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(100);
    private static final Duration LAG = Duration.ofSeconds(2);

    AtLeastOnceTest() {
        super(KEY, 23);
    }

    private EngineDriver atLeastOnce(SweepSettings settings) {
        return EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording().atLeastOnce()
                .maxBlock(Duration.ofMillis(5))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)))
                .build();
    }

    private static SweepSettings feedSettings(Duration sweepInterval) {
        return new SweepSettings("test", "groups", "members", "sweeps", "", 2, true, sweepInterval, Duration.ZERO,
                SweepSettings.FeedMode.ENABLED, POLL_INTERVAL, LAG);
    }

    @Test
    void aSnapshotOfManySmallNewGroupsCompletesWithoutAnyOffsetFlush() throws Exception {
        directory.populate(30, 2);
        driver = atLeastOnce(EngineDriver.settings(3));
        for (int step = 0; step < 3_000 && driver.completedSweeps() < 1; step++) {
            driver.step();
        }
        assertThat(driver.completedSweeps()).as("snapshots completed with no offset flush").isEqualTo(1);
        assertThat(compactedMembers()).isEqualTo(expectedMembers());
    }

    @Test
    void aTaskRestartedMoreOftenThanTheWorkerFlushesCompletesSweepsAndMovesTheFeedPositionOn() throws Exception {
        directory.populate(12, 3);
        driver = atLeastOnce(feedSettings(Duration.ZERO));
        Set<Object> feedPositions = new HashSet<>();
        String deleted = directory.groups().get(5).id();
        // The API's clock is read to the second: the lives span a few seconds, so that the position can move.
        Instant until = Instant.now().plusSeconds(4);
        for (int life = 0; life < 400 && (driver.completedSweeps() < 3 || Instant.now().isBefore(until)); life++) {
            for (int step = 0; step < 25; step++) {
                driver.step();
            }
            if (driver.completedSweeps() >= 1 && directory.group(deleted).isPresent()) {
                directory.deleteGroup(deleted);
            }
            // A REST restart: the worker's last flush stores what was acknowledged; no commit() reaches the task.
            driver.restartAfterFinalFlush();
            Thread.sleep(20);
            Map<String, Object> feed = driver.offsets.get(StatePartitions.feed());
            if (feed != null) {
                feedPositions.add(feed);
            }
        }
        assertThat(driver.completedSweeps()).as("sweeps completed across restarts faster than any flush")
                .isGreaterThanOrEqualTo(3);
        assertThat(driver.compacted("groups")).as("the deleted group").doesNotContainKey(deleted);
        assertThat(feedPositions.size()).as("distinct feed positions stored across the lives").isGreaterThan(1);
    }

    /**
     * Lives too short for the whole refresh queue a re-read names (restarts every 3 s against a
     * 20 s flush, 30 changed groups): each life must move the stored position past the refreshes it
     * completed, oldest activity first, or every life re-reads and re-refreshes the same window and
     * the position never moves (what RestartsFasterThanFlushIT's feed case saw in the full suite).
     */
    @Test
    void livesTooShortForTheWholeRefreshQueueStillMoveTheFeedPositionOnEveryFewLives() throws Exception {
        directory.populate(30, 1);
        driver = atLeastOnce(feedSettings(Duration.ofHours(1)));
        driver.runUntil(flushingEachStep(() -> driver.completedSweeps() >= 1));
        // Past the snapshot's reads and the lag behind them: only the renames below are of the lives that follow.
        Thread.sleep(LAG.toMillis() + 1_100);
        Instant settled = Instant.now().plusMillis(1_500);
        driver.runUntil(flushingEachStep(() -> Instant.now().isAfter(settled)));
        Instant firstRename = Instant.now();
        for (var group : directory.groups()) {
            directory.renameGroup(group.id(), "Renamed " + group.name());
            Thread.sleep(3);
        }
        Instant renamed = Instant.now();
        Object before = driver.offsets.get(StatePartitions.feed());

        Set<Object> positions = new HashSet<>();
        // Each life: a read, a stored position and a few refreshes (two requests each), 2.4 s long, so
        // that the position (stored at most once a second) may move within it; never all 30 refreshes.
        for (int life = 0; life < 12; life++) {
            for (int step = 0; step < 16; step++) {
                driver.step();
                Thread.sleep(150);
            }
            driver.restartAfterFinalFlush();
            positions.add(driver.offsets.get(StatePartitions.feed()));
        }
        Instant stored = FeedPosition.fromOffset(driver.offsets.get(StatePartitions.feed())).watermark();
        assertThat(firstRename).isBefore(renamed);
        assertThat(stored).as("the stored feed position after 12 short lives (before them: %s; positions seen: %s); "
                + "the renames ran from %s to %s", before, positions, firstRename, renamed).isAfter(renamed);
    }

    @Test
    void aMemberRemovedAfterACrashLostItsOffsetIsDeletedNotLeftAPhantom() throws Exception {
        directory.populate(4, 2);
        driver = atLeastOnce(feedSettings(Duration.ofHours(1)));
        driver.runUntil(flushingEachStep(() -> driver.completedSweeps() >= 1));
        String group = directory.groups().get(1).id();
        String joiner = directory.addMember(group, "joiner@example.com");
        int mark = driver.delivered.size();
        // The feed brings the new membership; it reaches Kafka, but the worker dies before the flush.
        driver.runUntil(() -> driver.changesSince(mark).contains("CREATED " + group + "/" + joiner),
                Duration.ofSeconds(20));
        driver.restart();
        directory.removeMember(group, joiner);
        Instant deadline = Instant.now().plusSeconds(20);
        driver.runUntil(flushingEachStep(() -> Instant.now().isAfter(deadline)
                || compactedMembers().equals(expectedMembers())));
        assertThat(compactedMembers()).as("the replica once the feed was followed again").isEqualTo(expectedMembers());
    }

    private java.util.function.BooleanSupplier flushingEachStep(java.util.function.BooleanSupplier done) {
        return () -> {
            driver.flush();
            return done.getAsBoolean();
        };
    }
}
