package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The child JVM of {@link EndToEndBench}: an in-process KRaft broker and one Connect worker
 * (EmbeddedConnectCluster) with the JSON converter (schemas enabled), running the connector against
 * the simulator in the parent process with no rate limit, until the snapshot sweep's records are all
 * in Kafka. The clock starts at the SWEEP_STARTED record's timestamp and stops when the end offsets
 * of the groups and members topics reach the directory's size.
 *
 * <p>Arguments: base URL, expected groups, expected memberships, timeout in seconds.
 */
public final class EndToEndChild {

    private static final String CONNECTOR = "bench-e2e";

    private EndToEndChild() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        long expectedGroups = Long.parseLong(args[1]);
        long expectedMembers = Long.parseLong(args[2]);
        long timeoutMs = TimeUnit.SECONDS.toMillis(Long.parseLong(args[3]));

        EmbeddedConnectCluster connect = BenchCluster.startAtDefaultFlush("bench-e2e", false);
        Map<String, Object> result = new LinkedHashMap<>();
        try (Admin admin = connect.kafka().createAdminClient()) {
            long configuredAt = System.currentTimeMillis();
            connect.configureConnector(CONNECTOR, connectorConfig(baseUrl));
            long deadline = configuredAt + timeoutMs;
            long groups = 0;
            long members = 0;
            while (groups < expectedGroups || members < expectedMembers) {
                if (System.currentTimeMillis() > deadline) {
                    throw new IllegalStateException("only " + groups + " groups and " + members
                            + " memberships reached Kafka within " + args[3] + " s");
                }
                Thread.sleep(100);
                groups = BenchTopics.endOffsets(admin, Bench.GROUPS_TOPIC);
                members = BenchTopics.endOffsets(admin, Bench.MEMBERS_TOPIC);
            }
            long doneAt = System.currentTimeMillis();
            long sweepStartedAt = firstSweepEventTimestamp(connect);
            double seconds = (doneAt - sweepStartedAt) / 1000.0;
            result.put("records", groups + members);
            result.put("group_records", groups);
            result.put("member_records", members);
            result.put("seconds_from_sweep_start", seconds);
            result.put("seconds_from_connector_config", (doneAt - configuredAt) / 1000.0);
            result.put("records_per_second", (groups + members) / seconds);
            connect.deleteConnector(CONNECTOR);
        } finally {
            connect.stop();
        }
        ChildJvm.reportAndExit(result);
    }

    private static Map<String, String> connectorConfig(String baseUrl) {
        return ConnectorConfigBuilder.forApi(baseUrl, Bench.API_KEY)
                .pageSize(1000).requestsPerMinute(0).sweepIntervalMs(3_600_000).compactedTopics(3).build();
    }

    /** The timestamp of the first sweep event: SWEEP_STARTED of the snapshot sweep. */
    private static long firstSweepEventTimestamp(EmbeddedConnectCluster connect) {
        ConsumerRecords<byte[], byte[]> records = connect.kafka().consume(1, 30_000, Bench.SWEEPS_TOPIC);
        long first = Long.MAX_VALUE;
        for (ConsumerRecord<byte[], byte[]> record : records) {
            first = Math.min(first, record.timestamp());
        }
        return first;
    }
}
