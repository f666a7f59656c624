package io.complianceconnect.groups.bench;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/** What the bench's child JVMs read back from the connector's topics in their embedded cluster. */
final class BenchTopics {

    private BenchTopics() {
    }

    /** Sum of the topic's end offsets; 0 while Connect has not created it yet. */
    static long endOffsets(Admin admin, String topic) throws InterruptedException {
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

    /**
     * The record timestamps of the sweep events of {@code type} (such as {@code SWEEP_COMPLETED}) on
     * the sweeps topic; none while the topic is not there. Read uncommitted: the test
     * kit's reader cannot wait for a transaction's end, and with no fault injected every transaction
     * of the exactly-once runs commits, within milliseconds of its records.
     */
    static List<Long> sweepEventTimestamps(EmbeddedConnectCluster connect, String type) throws InterruptedException {
        ConsumerRecords<byte[], byte[]> records;
        try {
            records = connect.kafka().consumeAll(10_000, Bench.SWEEPS_TOPIC);
        } catch (ExecutionException | TimeoutException | KafkaException e) {
            return List.of(); // the topic is not there yet
        }
        List<Long> timestamps = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            if (r.value() != null && new String(r.value(), StandardCharsets.UTF_8).contains("\"" + type + "\"")) {
                timestamps.add(r.timestamp());
            }
        }
        return timestamps;
    }

    /**
     * The timestamp of the earliest sweep event of {@code type}, checked every 2 s until
     * {@code deadlineEpochMs}; empty when none came by then.
     */
    static OptionalLong awaitSweepEvent(EmbeddedConnectCluster connect, String type, long deadlineEpochMs)
            throws InterruptedException {
        while (true) {
            List<Long> found = sweepEventTimestamps(connect, type);
            if (!found.isEmpty()) {
                return found.stream().mapToLong(Long::longValue).min();
            }
            if (System.currentTimeMillis() > deadlineEpochMs) {
                return OptionalLong.empty();
            }
            Thread.sleep(2_000);
        }
    }
}
