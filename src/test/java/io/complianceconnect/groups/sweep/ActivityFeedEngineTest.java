package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The engine following the activity feed of the simulator, with Connect's offset commits emulated
 * in memory ({@link EngineDriver}): what the feed does to sweeps, and where the feed is read from
 * after a restart.
 */
@Timeout(120)
class ActivityFeedEngineTest {

    private static final String KEY = "feed-engine-test-key";
    private static final Duration POLL_INTERVAL = Duration.ofMillis(200);
    private static final Duration LAG = Duration.ofSeconds(2);

    private ComplianceApiSimulator simulator;
    private Directory directory;
    private EngineDriver driver;

    @BeforeEach
    void start() {
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).seed(11).start();
        directory = simulator.directory();
    }

    @AfterEach
    void stop() {
        if (driver != null) {
            driver.close();
        }
        simulator.close();
    }

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
}
