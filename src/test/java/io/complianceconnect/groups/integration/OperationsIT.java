package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** What an operator does to a running connector: read offsets and metrics, reset, alter offsets. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OperationsIT {

    private ConnectHarness harness;

    @BeforeAll
    void start() throws Exception {
        harness = new ConnectHarness(1, false);
        harness.simulator.directory().populate(4, 3);
        harness.startConnector(harness.connectorConfig());
        harness.replica().awaitSweepCompletedAfter(0, Duration.ofSeconds(60));
    }

    @AfterAll
    void stop() {
        harness.close();
    }

    @Test
    void offsetsAreVisibleThroughTheRestApiAsTypedPartitions() throws Exception {
        Eventually.until(() -> harness.connect.connectorOffsets(ConnectHarness.CONNECTOR).offsets().stream()
                .anyMatch(o -> StatePartitions.KIND_CURSOR.equals(o.partition().get("kind"))), 30_000, "no cursor offset");
        List<ConnectorOffset> offsets = harness.connect.connectorOffsets(ConnectHarness.CONNECTOR).offsets();
        assertThat(offsets).extracting(o -> (Object) o.partition().get("kind"))
                .contains((Object) "cursor", "group_index", "members");
    }

    /**
     * Kafka Connect 4.1 brought plugin metrics (KIP-877): there the task's metrics are the worker's own, under
     * {@code kafka.connect:type=plugins}. Older workers (3.9, 4.0) lack that API; the task then registers the same
     * metrics as its own MBean instead, so that only the MBean's name differs.
     */
    @Test
    void theTaskPublishesItsMetricsAsPluginMetricsOrOnOlderWorkersAsItsOwnMBean() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName pluginMetrics = TaskMetricsReader.pluginMetrics(ConnectHarness.CONNECTOR);
        ObjectName ownMBean = TaskMetricsReader.ownMBean(ConnectHarness.CONNECTOR);
        boolean workerHasPluginMetrics = WorkerVersion.atLeast(4, 1);
        ObjectName expected = TaskMetricsReader.nameFor(ConnectHarness.CONNECTOR);
        Eventually.until(() -> server.isRegistered(expected)
                        && ((Number) server.getAttribute(expected, "groups-known")).intValue() == 4
                        && ((Number) server.getAttribute(expected, "memberships-known")).intValue() == 12
                        && ((Number) server.getAttribute(expected, "sweep-number")).longValue() >= 1,
                30_000, () -> "no " + expected + " with the directory's counts on Kafka " + WorkerVersion.get()
                        + "; registered: " + server.queryNames(null, null).stream().map(ObjectName::toString)
                        .filter(n -> n.contains(ConnectHarness.CONNECTOR)).sorted().toList());
        assertThat(((Number) server.getAttribute(expected, "sweep-interval-ms")).longValue()).isEqualTo(1000);
        assertThat(server.isRegistered(workerHasPluginMetrics ? ownMBean : pluginMetrics))
                .as("the other way of publishing them, on Kafka " + WorkerVersion.get()).isFalse();
    }

    @Test
    void offsetsThisVersionCannotReadAreRefusedWithTheReason() throws Exception {
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "did not stop");
        try {
            Map<String, Object> cursor = new java.util.HashMap<>(
                    io.complianceconnect.groups.state.SweepCursor.initial().toOffset());
            cursor.put("sweep", "not-a-number");
            ConnectorOffsets bad = new ConnectorOffsets(List.of(new ConnectorOffset(StatePartitions.cursor(), cursor)));
            assertThatThrownBy(() -> harness.connect.alterConnectorOffsets(ConnectHarness.CONNECTOR, bad))
                    .isInstanceOf(ConnectRestException.class).hasMessageContaining("'sweep' must be a number");
            ConnectorOffsets unknown = new ConnectorOffsets(List.of(new ConnectorOffset(Map.of("kind", "nonsense"),
                    Map.of("v", 1))));
            assertThatThrownBy(() -> harness.connect.alterConnectorOffsets(ConnectHarness.CONNECTOR, unknown))
                    .isInstanceOf(ConnectRestException.class).hasMessageContaining("unknown partition kind");
        } finally {
            harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
            harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                    "did not resume");
        }
    }

    @Test
    void resettingTheOffsetsTakesAFreshSnapshot() throws Exception {
        TopicReplica replica = harness.replica();
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "did not stop");
        harness.connect.resetConnectorOffsets(ConnectHarness.CONNECTOR);
        Instant reset = Instant.now();
        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "did not resume");
        long sweep = replica.awaitSweepStartedAfter(reset, Duration.ofSeconds(60));
        assertThat(sweep).as("the sweep count starts again").isEqualTo(1);
        // Sweep 1 appears twice in the topic now: before the reset and after. Count the snapshot records.
        long snapshots = replica.changes(TopicReplica.GROUPS).stream()
                .filter(c -> "SNAPSHOT".equals(c.changeType())).count();
        assertThat(snapshots).isEqualTo(2 * harness.simulator.directory().groupCount());
    }
}
