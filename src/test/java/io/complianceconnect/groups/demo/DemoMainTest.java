package io.complianceconnect.groups.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoMainTest {

    @Test
    void connectorConfigHasLivelyDefaultsAndTheOverridesWin() {
        Map<String, String> config = DemoMain.connectorConfig("http://127.0.0.1:1234", "demo-key", true,
                Map.of("page.size", "50", "groups.topic", "my.groups"));

        assertThat(config).containsEntry("connector.class", "io.complianceconnect.groups.ComplianceGroupsSourceConnector")
                .containsEntry("compliance.api.url", "http://127.0.0.1:1234")
                .containsEntry("compliance.api.key", "demo-key")
                .containsEntry("sweep.interval.ms", "3000")
                .containsEntry("tombstones.on.delete", "true")
                .containsEntry("page.size", "50")
                .containsEntry("groups.topic", "my.groups")
                .containsEntry("members.topic", "compliance.group-members")
                .containsEntry("sweeps.topic", "compliance.sweeps");
    }

    @Test
    void overridesCanReplaceTheApiToo() {
        Map<String, String> config = DemoMain.connectorConfig("http://127.0.0.1:1234", "demo-key", true,
                Map.of("compliance.api.key", "other"));

        assertThat(config).containsEntry("compliance.api.key", "other");
    }

    @Test
    void againstARealApiTheConnectorsPageSizeStaysAndSweepsAreSparse() {
        Map<String, String> config = DemoMain.connectorConfig("https://api.anthropic.com", "k", false, Map.of());

        assertThat(config).doesNotContainKey("page.size").containsEntry("sweep.interval.ms", "60000");
        assertThat(DemoMain.connectorConfig("http://127.0.0.1:1", "k", true, Map.of()))
                .containsEntry("page.size", "2").containsEntry("sweep.interval.ms", "3000");
    }

    @Test
    void workerWritesSchemafulJsonAndFindsPluginsThroughServiceLoading() {
        assertThat(DemoMain.workerProps())
                .containsEntry("plugin.discovery", "service_load")
                .containsEntry("offset.flush.interval.ms", "1000")
                .containsEntry("key.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("key.converter.schemas.enable", "true")
                .containsEntry("value.converter", "org.apache.kafka.connect.json.JsonConverter")
                .containsEntry("value.converter.schemas.enable", "true");
    }
}
