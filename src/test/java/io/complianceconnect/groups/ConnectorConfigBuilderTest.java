package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectorConfigBuilderTest {

    @Test
    void theNamedConnectorClassIsTheConnector() {
        assertThat(ConnectorConfigBuilder.CONNECTOR_CLASS).isEqualTo(ComplianceGroupsSourceConnector.class.getName());
    }

    @Test
    void startsWithTheConnectorOneTaskAndTheApiAndLaterValuesWin() {
        Map<String, String> config = ConnectorConfigBuilder.forApi("http://127.0.0.1:1", "k")
                .pageSize(5).compactedTopics(3).set("page.size", "7").build();

        assertThat(config).containsExactly(
                Map.entry("connector.class", ComplianceGroupsSourceConnector.class.getName()),
                Map.entry("tasks.max", "1"),
                Map.entry("compliance.api.url", "http://127.0.0.1:1"),
                Map.entry("compliance.api.key", "k"),
                Map.entry("page.size", "7"),
                Map.entry("topic.creation.default.replication.factor", "1"),
                Map.entry("topic.creation.default.partitions", "3"),
                Map.entry("topic.creation.default.cleanup.policy", "compact"));
    }

    @Test
    void everyConnectorKeyItNamesIsOneTheConnectorDefines() {
        Map<String, String> config = ConnectorConfigBuilder.forApi("http://127.0.0.1:1", "k").pageSize(5)
                .sweepIntervalMs(1000).checkpointIntervalMs(0).requestsPerMinute(0).retryBackoffMs(50, 200)
                .activityFeed("disabled").build();

        assertThat(new ComplianceGroupsSourceConnector().config().names())
                .containsAll(config.keySet().stream().filter(k -> !k.equals("connector.class") && !k.equals("tasks.max")).toList());
    }
}
