package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A re-snapshot requested through the connector's configuration, on a real Connect worker: the REST
 * API's config change restarts the task, whose next sweep re-emits every live group and membership as
 * SNAPSHOT and still emits a deletion made meanwhile; a restart of the connector afterwards, before the
 * worker's next periodic offset flush (20 s, {@link RealisticRatios}), does not repeat it.
 */
class SnapshotRequestIT {

    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final String REQUEST = "2026-12-08 replica check";

    private ConnectHarness harness;
    private Directory directory;

    @BeforeEach
    void start() {
        harness = new ConnectHarness(1, false, RealisticRatios.workerProps(), simulator -> { });
        directory = harness.simulator.directory();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aNewSnapshotRequestReEmitsEverythingOnceAndKeepsDeletionTracking() throws Exception {
        directory.populate(5, 3);
        Map<String, String> config = harness.connectorConfig();
        config.put("page.size", String.valueOf(RealisticRatios.PAGE_SIZE));
        harness.startConnector(config);
        TopicReplica replica = harness.replica();
        long before = replica.awaitSweepCompletedAfter(0, TIMEOUT);

        SimGroup shrinking = directory.groups().get(2);
        SimMember leaving = directory.members(shrinking.id()).get(0);
        directory.removeMember(shrinking.id(), leaving.userId());
        config.put("snapshot.request", REQUEST);
        harness.connect.configureConnector(ConnectHarness.CONNECTOR, config);   // Connect restarts the task

        long reSnapshot = awaitCompletedCarrying(replica, REQUEST);
        assertThat(reSnapshot).isGreaterThan(before);
        List<Change> groups = replica.changes(TopicReplica.GROUPS);
        List<Change> members = replica.changes(TopicReplica.MEMBERS);
        assertThat(keysOf(groups, "SNAPSHOT", reSnapshot)).as("every live group re-emitted as SNAPSHOT, once")
                .containsExactlyInAnyOrderElementsOf(directory.groups().stream().map(SimGroup::id).toList());
        List<String> liveMembers = new ArrayList<>();
        directory.groups().forEach(g -> directory.members(g.id()).forEach(m -> liveMembers.add(g.id() + "/" + m.userId())));
        assertThat(keysOf(members, "SNAPSHOT", reSnapshot)).as("every live membership re-emitted as SNAPSHOT, once")
                .containsExactlyInAnyOrderElementsOf(liveMembers);
        assertThat(members).as("the membership removed meanwhile is a deletion, not lost")
                .anyMatch(c -> "DELETED".equals(c.changeType()) && c.key().equals(shrinking.id() + "/" + leaving.userId())
                        && c.sweep() > before);
        assertThat(replica.members()).doesNotContainKey(shrinking.id() + "/" + leaving.userId());
        assertThat(startedCarrying(replica, REQUEST)).as("SWEEP_STARTED names the request").containsExactly(reSnapshot);

        // Restarted a few seconds after the re-snapshot completed, long before the next periodic flush:
        // the graceful stop's flush stores the handled request, so it is not repeated.
        harness.connect.restartConnectorAndTasks(ConnectHarness.CONNECTOR, false, true, false);
        long later = replica.awaitSweepCompletedAfter(replica.lastCompletedSweep() + 1, TIMEOUT);
        assertThat(later).isGreaterThan(reSnapshot + 1);
        assertThat(replica.changes(TopicReplica.GROUPS).stream().filter(c -> c.sweep() > reSnapshot))
                .as("no second re-snapshot after the restart").isEmpty();
        assertThat(replica.changes(TopicReplica.MEMBERS).stream().filter(c -> c.sweep() > reSnapshot)).isEmpty();
        assertThat(startedCarrying(replica, REQUEST)).containsExactly(reSnapshot);
    }

    /** Waits for the SWEEP_COMPLETED of the sweep that carries {@code request}; returns its number. */
    private static long awaitCompletedCarrying(TopicReplica replica, String request) throws InterruptedException {
        long[] sweep = {-1};
        Eventually.until(() -> {
            for (Struct e : replica.sweepEvents()) {
                if ("SWEEP_COMPLETED".equals(e.getString("event")) && request.equals(e.getString("snapshot_request"))) {
                    sweep[0] = e.getInt64("sweep");
                    return true;
                }
            }
            return false;
        }, TIMEOUT.toMillis(), "no sweep carrying '" + request + "' completed");
        return sweep[0];
    }

    private static Set<Long> startedCarrying(TopicReplica replica, String request) {
        return replica.sweepEvents().stream().filter(e -> "SWEEP_STARTED".equals(e.getString("event"))
                        && request.equals(e.getString("snapshot_request")))
                .map(e -> e.getInt64("sweep")).collect(Collectors.toCollection(TreeSet::new));
    }

    private static List<String> keysOf(List<Change> changes, String type, long sweep) {
        return changes.stream().filter(c -> type.equals(c.changeType()) && c.sweep() == sweep).map(Change::key).toList();
    }
}
