package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffsets;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.test.TestUtils;
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
        TestUtils.waitForCondition(() -> harness.connect.connectorOffsets(ConnectHarness.CONNECTOR).offsets().stream()
                .anyMatch(o -> StatePartitions.KIND_CURSOR.equals(o.partition().get("kind"))), 30_000, "no cursor offset");
        List<ConnectorOffset> offsets = harness.connect.connectorOffsets(ConnectHarness.CONNECTOR).offsets();
        assertThat(offsets).extracting(o -> (Object) o.partition().get("kind"))
                .contains((Object) "cursor", "group_index", "members");
    }

    @Test
    void theTaskPublishesItsMetrics() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        TestUtils.waitForCondition(() -> {
            Set<ObjectName> names = server.queryNames(null, null);
            return names.stream().anyMatch(n -> {
                try {
                    return n.toString().contains(ConnectHarness.CONNECTOR)
                            && server.getMBeanInfo(n).getAttributes().length > 0
                            && java.util.Arrays.stream(server.getMBeanInfo(n).getAttributes())
                            .anyMatch(a -> a.getName().equals("records-snapshot-total"));
                } catch (Exception e) {
                    return false;
                }
            });
        }, 30_000, "no MBean with the connector's records-snapshot-total metric");
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
