package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorOffset;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Predicate;

import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * A connector's sweep cursor as Connect's REST offsets endpoint shows it, and the proof that a moved
 * task resumed from exactly that: read from the simulator's request log, not from the task.
 */
final class StoredCursor {

    /** Stored while the sweep lists groups, beyond the first page. */
    static final Predicate<Map<String, Object>> ON_A_LATER_GROUPS_PAGE = offset -> {
        SweepCursor cursor = SweepCursor.fromOffset(offset);
        return cursor.phase() == SweepCursor.Phase.GROUPS && cursor.groupsPageToken() != null;
    };

    /** Stored while the sweep confirms deletions. */
    static final Predicate<Map<String, Object>> IN_THE_DELETION_PASS =
            offset -> SweepCursor.fromOffset(offset).phase() == SweepCursor.Phase.DELETES;

    // Test classes name no main class in a signature: PluginIsolationIT's execution, which has none
    // of them on its class path, still discovers every test class.

    private StoredCursor() {
    }

    /** The number of the sweep a stored cursor is in. */
    static long sweepOf(Map<String, Object> offset) {
        return SweepCursor.fromOffset(offset).sweep();
    }

    /** The stored cursor offset, or null when none is committed. */
    static Map<String, Object> read(EmbeddedConnectCluster connect, String connector) {
        return connect.connectorOffsets(connector).offsets().stream()
                .filter(o -> StatePartitions.KIND_CURSOR.equals(o.partition().get(StatePartitions.KIND)))
                .<Map<String, Object>>map(o -> new HashMap<>(o.offset())).findFirst().orElse(null);
    }

    /**
     * Waits until the stored cursor matches {@code expected} and reads the same twice a second apart
     * (the task being held, nothing more is committed); returns it.
     */
    static Map<String, Object> awaitSettled(EmbeddedConnectCluster connect, String connector,
                                            Predicate<Map<String, Object>> expected) throws InterruptedException {
        Object[] settled = new Object[1];
        Eventually.until(() -> {
            Map<String, Object> first = read(connect, connector);
            settled[0] = first;
            if (first == null || !expected.test(first)) {
                return false;
            }
            Thread.sleep(1000);
            return first.equals(read(connect, connector));
        }, 60_000, () -> "the stored cursor did not settle where expected; last read: " + settled[0]);
        @SuppressWarnings("unchecked")
        Map<String, Object> cursor = (Map<String, Object>) settled[0];
        return cursor;
    }

    /** When the sweep numbered {@code sweep} completed, from its first SWEEP_COMPLETED event. */
    static Instant completionOf(long sweep, List<Struct> sweepEvents) {
        return sweepEvents.stream().filter(e -> "SWEEP_COMPLETED".equals(e.getString("event"))
                        && e.getInt64("sweep") == sweep)
                .map(e -> ((Date) e.get("at")).toInstant()).findFirst().orElseThrow();
    }

    /**
     * Checks the groups requests a moved task sent, from its move to the completion of the sweep it
     * resumed: in the groups phase its first is for the stored page token and none asks for the first
     * page; in the deletion phase it lists no groups at all.
     */
    static void assertResumedFrom(Map<String, Object> stored, List<RequestLog.Entry> afterMoveUntilCompletion) {
        SweepCursor cursor = SweepCursor.fromOffset(stored);
        List<RequestLog.Entry> groupsRequests = afterMoveUntilCompletion.stream().filter(taskRequest(LIST_GROUPS))
                .toList();
        if (cursor.phase() == SweepCursor.Phase.GROUPS) {
            assertThat(groupsRequests).as("the moved task listed groups").isNotEmpty();
            assertThat(groupsRequests.get(0).query().get("page"))
                    .as("the moved task's first groups request is for the stored page token")
                    .isEqualTo(Objects.toString(stored.get("groups_page")))
                    .isNotEmpty();
            assertThat(groupsRequests).as("no groups request for the first page until the sweep completed")
                    .noneMatch(firstPage());
        } else {
            assertThat(cursor.phase()).isEqualTo(SweepCursor.Phase.DELETES);
            assertThat(groupsRequests).as("resumed in the deletion pass, the sweep lists no groups again").isEmpty();
        }
    }
}
