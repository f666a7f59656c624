package io.complianceconnect.groups;

import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.errors.ConnectException;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What a task says when it cannot read its stored offsets: a format of a newer version (a rolling
 * upgrade that put the task back on a worker with the older plugin) needs the newer plugin, and an
 * offset reset would cost a whole snapshot and the deletions made meanwhile; anything else unreadable
 * needs a correction or a reset.
 */
class TaskStartOffsetsTest {

    private final Map<Map<String, Object>, Map<String, Object>> stored = new HashMap<>();
    private final ComplianceGroupsSourceTask task = new ComplianceGroupsSourceTask();

    @AfterEach
    void stopTask() {
        task.stop();
    }

    @Test
    void offsetsOfANewerVersionAskForThatVersionOnEveryWorkerNotForAReset() {
        stored.put(StatePartitions.groupIndex(5), Map.of("v", 99L, "groups", ""));
        task.initialize(context());

        assertThatThrownBy(() -> task.start(config()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("version 99, written by a newer version of this connector")
                .hasMessageContaining("install the newer version on every worker")
                .hasMessageNotContaining("reset");
    }

    @Test
    void damagedOffsetsAskForACorrectionOrAReset() {
        stored.put(StatePartitions.groupIndex(5), Map.of("v", 4L, "groups", "g;"));
        task.initialize(context());

        assertThatThrownBy(() -> task.start(config()))
                .isInstanceOf(ConnectException.class)
                .hasMessageContaining("group index 5")
                .hasMessageContaining("reset the connector's offsets");
    }

    private static Map<String, String> config() {
        return ConnectorConfigBuilder.forApi("http://127.0.0.1:9", "offsets-test-key").build();
    }

    private SourceTaskContext context() {
        return TaskContexts.reading(stored);
    }
}
