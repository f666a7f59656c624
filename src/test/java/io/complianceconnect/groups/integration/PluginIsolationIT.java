package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Installs the built plugin archive into a worker's {@code plugin.path} and runs the connector from
 * the isolated plugin class loader, as a production worker does. Runs in its own Failsafe
 * execution whose class path holds none of the connector's classes (see pom.xml).
 */
@Tag("plugin-isolation")
class PluginIsolationIT {

    private static final String CONNECTOR_CLASS = ConnectorConfigBuilder.CONNECTOR_CLASS;

    @Test
    void theConnectorRunsFromTheUnpackedArchiveOnPluginPath() throws Exception {
        Path pluginDir = Path.of(System.getProperty("plugin.dir", "missing"));
        assertThat(pluginDir.resolve("lib")).as("unpacked plugin archive (set by the plugin-isolation execution)")
                .isDirectory();
        assertThat(Files.list(pluginDir.resolve("lib")).map(p -> p.getFileName().toString()))
                .anyMatch(name -> name.startsWith("kafka-connect-compliance-groups-"));
        assertThatThrownBy(() -> Class.forName(CONNECTOR_CLASS))
                .as("the connector must not be on the test class path, or this test would prove nothing")
                .isInstanceOf(ClassNotFoundException.class);

        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("plugin.path", pluginDir.getParent().toString());
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("key.converter", JsonConverter.class.getName());
        workerProps.put("value.converter", JsonConverter.class.getName());

        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey("isolation-key").start()) {
            simulator.directory().populate(3, 2);
            EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder().name("isolation")
                    .numWorkers(1).workerProps(workerProps).build();
            connect.start();
            try {
                connect.configureConnector("isolated", ConnectorConfigBuilder
                        .forApi(simulator.baseUrl().toString(), "isolation-key")
                        .requestsPerMinute(0).compactedTopics(1).build());
                connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("isolated", 1, "not running");

                TopicReplica replica = new TopicReplica(connect.kafka(), false);
                replica.awaitSweepStartedAfter(Instant.EPOCH, Duration.ofSeconds(60));
                Eventually.until(() -> replica.members().size() == 6, 30_000, "memberships not replicated");
                assertThat(replica.groups()).hasSize(3);
                assertThat(connect.connectorInfo("isolated").config()).containsEntry("connector.class", CONNECTOR_CLASS);
            } finally {
                connect.stop();
            }
        }
    }
}
