package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
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

        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("key.converter.schemas.enable", "true");
        workerProps.put("value.converter.schemas.enable", "true");
        // Connect's default, stated so that the test kit's own choices cannot change it.
        workerProps.put("offset.flush.interval.ms", "60000");
        // More worker properties for experiments: -Dbench.worker.props=producer.linger.ms=20,producer.batch.size=262144
        String extra = System.getProperty("bench.worker.props", "");
        for (String pair : extra.split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                workerProps.put(kv[0].trim(), kv[1].trim());
            }
        }
        EmbeddedConnectCluster connect = BenchCluster.start("bench-e2e", workerProps);
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
                groups = endOffsets(admin, Bench.GROUPS_TOPIC);
                members = endOffsets(admin, Bench.MEMBERS_TOPIC);
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

    /** Sum of the topic's end offsets; 0 while Connect has not created it yet. */
    private static long endOffsets(Admin admin, String topic) throws InterruptedException {
        try {
            TopicDescription description = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            description.partitions()
                    .forEach(p -> latest.put(new TopicPartition(topic, p.partition()), OffsetSpec.latest()));
            return admin.listOffsets(latest).all().get().values().stream().mapToLong(o -> o.offset()).sum();
        } catch (ExecutionException e) {
            return 0; // not created yet
        }
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
