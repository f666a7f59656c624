package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * The child JVM of {@link SnapshotBench}: an in-process KRaft broker and one Connect worker at
 * Connect's default 60 s offset flush ({@link BenchCluster#startAtDefaultFlush}), at-least-once or
 * with exactly-once source support, running a new connector against the rate-limited simulator in
 * the parent until its first SWEEP_COMPLETED, or until the deadline. Reports when the connector was
 * configured and when the snapshot completed (the SWEEP_COMPLETED record's timestamp) or the deadline
 * passed, and the end offsets of the groups and members topics then (records, and under exactly-once
 * also one transaction marker per partition per transaction); the parent counts the
 * requests between the two moments in the simulator's request log.
 *
 * <p>Arguments: base URL, {@code alo} or {@code eos}, deadline in seconds from the connector's start.
 */
public final class SnapshotChild {

    private static final String CONNECTOR = "bench-snapshot";

    private SnapshotChild() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        boolean exactlyOnce = args[1].equals("eos");
        long deadlineMs = Long.parseLong(args[2]) * 1000;

        EmbeddedConnectCluster connect = BenchCluster.startAtDefaultFlush("bench-snapshot-" + args[1], exactlyOnce);
        Map<String, Object> result = new LinkedHashMap<>();
        try (Admin admin = connect.kafka().createAdminClient()) {
            // The simulator's budget is a fixed window per minute of the clock: starting at a window's start,
            // the run neither gets a fresh window's whole budget for part of a minute nor inherits a spent one.
            Thread.sleep(60_000 - System.currentTimeMillis() % 60_000);
            long configuredAt = System.currentTimeMillis();
            connect.configureConnector(CONNECTOR, connectorConfig(baseUrl, exactlyOnce));
            OptionalLong completedAt = BenchTopics.awaitSweepEvent(connect, "SWEEP_COMPLETED", configuredAt + deadlineMs);
            result.put("completed", completedAt.isPresent());
            result.put("configured_at_epoch_ms", configuredAt);
            result.put("ended_at_epoch_ms", completedAt.orElse(System.currentTimeMillis()));
            result.put("groups_end_offsets", BenchTopics.endOffsets(admin, Bench.GROUPS_TOPIC));
            result.put("members_end_offsets", BenchTopics.endOffsets(admin, Bench.MEMBERS_TOPIC));
            connect.deleteConnector(CONNECTOR);
        } finally {
            connect.stop();
        }
        ChildJvm.reportAndExit(result);
    }

    /** The defaults (page size 1000, feed auto) but no local ceiling: the rate-limit headers alone pace it. */
    private static Map<String, String> connectorConfig(String baseUrl, boolean exactlyOnce) {
        ConnectorConfigBuilder config = ConnectorConfigBuilder.forApi(baseUrl, Bench.API_KEY)
                .requestsPerMinute(0).compactedTopics(3);
        if (exactlyOnce) {
            config.set("exactly.once.support", "required");
        }
        return config.build();
    }
}
