package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The child JVM of {@link OffsetsBench}: an in-process KRaft broker and one Connect worker
 * (EmbeddedConnectCluster) run a snapshot of the simulator in the parent process, with no rate limit,
 * until SWEEP_COMPLETED; then the connector is stopped (its task gone, its offsets flushed) and this
 * JVM reports the offsets topic's bytes ({@link OffsetsTopicSizes}), the heap in use after a full GC
 * against the same before the connector existed, and when it resumed the connector: the parent
 * finds the first API request after that moment in the simulator's request log.
 *
 * <p>Arguments: base URL, timeout in seconds.
 */
public final class OffsetsChild {

    private static final String CONNECTOR = "bench-offsets";
    private static final String OFFSETS_TOPIC = "bench-connect-offsets";

    private OffsetsChild() {
    }

    public static void main(String[] args) throws Exception {
        String baseUrl = args[0];
        long deadline = System.currentTimeMillis() + Duration.ofSeconds(Long.parseLong(args[1])).toMillis();

        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("offset.storage.topic", OFFSETS_TOPIC);
        // Short, so that the snapshot's waits for committed state (one per groups page) stay short.
        workerProps.put("offset.flush.interval.ms", "1000");
        EmbeddedConnectCluster connect = BenchCluster.start("bench-offsets", workerProps);
        Map<String, Object> result = new LinkedHashMap<>();
        try {
            result.put("idle_worker_heap_mb", heapAfterFullGcMb());
            // Sweeps back to back: the next one is under way when the connector stops, so the restored task's
            // first step is a request (a sweep due later would be waited for: its due time is in the offsets).
            connect.configureConnector(CONNECTOR, connectorConfig(baseUrl));
            long configuredAt = System.currentTimeMillis();
            BenchTopics.awaitSweepEvent(connect, "SWEEP_COMPLETED", deadline)
                    .orElseThrow(() -> new IllegalStateException("the snapshot did not complete in time"));
            result.put("snapshot_seconds", (System.currentTimeMillis() - configuredAt) / 1000.0);

            // Stopping flushes the task's last offsets and lets its state go: what is left is the worker's.
            connect.stopConnector(CONNECTOR);
            connect.assertions().assertConnectorIsStopped(CONNECTOR, "the connector did not stop");
            OffsetsTopicSizes sizes = readOffsetsTopic(connect);
            result.put("offsets_live_bytes_by_kind", sizes.liveBytesByKind());
            result.put("offsets_live_records_by_kind", sizes.liveRecordsByKind());
            result.put("offsets_live_bytes", sizes.liveBytes());
            result.put("offsets_total_bytes", sizes.totalBytes());
            result.put("offsets_total_records", sizes.totalRecords());
            result.put("worker_heap_with_offsets_mb", heapAfterFullGcMb());

            result.put("resumed_at_epoch_ms", System.currentTimeMillis());
            connect.resumeConnector(CONNECTOR);
            connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(CONNECTOR, 1, "the task did not start");
            // The parent finds the first request in the simulator's log; give the task time to make it.
            waitForRestoredTask(connect, deadline);
            connect.deleteConnector(CONNECTOR);
        } finally {
            connect.stop();
        }
        ChildJvm.reportAndExit(result);
    }

    private static Map<String, String> connectorConfig(String baseUrl) {
        return ConnectorConfigBuilder.forApi(baseUrl, Bench.API_KEY).pageSize(1000).requestsPerMinute(0)
                .activityFeed("disabled").sweepIntervalMs(1_000).compactedTopics(3).build();
    }

    /** Waits until the restored task emits a sweep event (it has made requests by then), two minutes at most. */
    private static void waitForRestoredTask(EmbeddedConnectCluster connect, long deadline) throws InterruptedException {
        long until = Math.min(deadline, System.currentTimeMillis() + 120_000);
        int checkpoints = BenchTopics.sweepEventTimestamps(connect, "CHECKPOINT").size();
        while (BenchTopics.sweepEventTimestamps(connect, "CHECKPOINT").size() <= checkpoints && System.currentTimeMillis() < until) {
            Thread.sleep(1_000);
        }
    }

    private static OffsetsTopicSizes readOffsetsTopic(EmbeddedConnectCluster connect) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, connect.kafka().bootstrapServers());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        OffsetsTopicSizes sizes = new OffsetsTopicSizes();
        try (KafkaConsumer<byte[], byte[]> consumer =
                     new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(OFFSETS_TOPIC).stream()
                    .map(PartitionInfo::partition).map(p -> new TopicPartition(OFFSETS_TOPIC, p)).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofSeconds(1))) {
                    sizes.add(r.key(), r.value());
                }
            }
        }
        return sizes;
    }

    /** Heap in use after full collections, in MB. */
    private static double heapAfterFullGcMb() throws InterruptedException {
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(200);
        }
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024.0 / 1024.0;
    }
}
