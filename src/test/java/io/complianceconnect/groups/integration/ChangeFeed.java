package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.integration.TopicReplica.Change;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A connector's topics read the way a downstream consumer does, by one consumer that stays open:
 * each {@link #refresh()} reads only what is new, up to the current end of every partition (the
 * last stable offset under read_committed). {@link TopicReplica} opens a consumer per read, which
 * is too slow to poll for a sweep several times a second.
 */
final class ChangeFeed implements AutoCloseable {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final KafkaConsumer<byte[], byte[]> consumer;
    private final List<String> topics;
    private final JsonConverter converter = new JsonConverter();
    private final Map<TopicPartition, List<ConsumerRecord<byte[], byte[]>>> records = new HashMap<>();
    private Set<TopicPartition> assigned = Set.of();

    ChangeFeed(EmbeddedKafkaCluster kafka, boolean readCommitted, String... topics) {
        Map<String, Object> props = new HashMap<>();
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        // Never create a topic by reading it: Connect must create it, compacted, with its partitions.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, false);
        if (readCommitted) {
            props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        }
        this.consumer = kafka.createConsumer(props);
        this.topics = List.of(topics);
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
    }

    /** Reads every partition of the topics (those that exist by now) to its current end. */
    synchronized void refresh() {
        Set<TopicPartition> partitions = new HashSet<>();
        for (String topic : topics) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, TIMEOUT);
            if (infos != null) {
                infos.forEach(p -> partitions.add(new TopicPartition(p.topic(), p.partition())));
            }
        }
        if (!partitions.equals(assigned)) {
            Set<TopicPartition> added = new HashSet<>(partitions);
            added.removeAll(assigned);
            consumer.assign(partitions);
            consumer.seekToBeginning(added);
            assigned = partitions;
        }
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, TIMEOUT);
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), TIMEOUT) < e.getValue())) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("could not read " + topics + " to their end within " + TIMEOUT);
            }
            consumer.poll(Duration.ofMillis(100))
                    .forEach(r -> records.computeIfAbsent(new TopicPartition(r.topic(), r.partition()),
                            p -> new ArrayList<>()).add(r));
        }
    }

    /** The change records of a topic as read so far, by partition then offset (per-key order). */
    synchronized List<Change> changes(String topic) {
        List<Change> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : recordsOf(topic)) {
            Struct key = (Struct) converter.toConnectData(topic, r.key()).value();
            SchemaAndValue value = r.value() == null ? SchemaAndValue.NULL : converter.toConnectData(topic, r.value());
            Struct v = (Struct) value.value();
            result.add(new Change(topic, key.schema().field("id") != null ? key.getString("id")
                    : key.getString("group_id") + "/" + key.getString("user_id"),
                    v == null ? null : v.getString("change_type"), v == null ? -1 : v.getInt64("sweep"), v));
        }
        return result;
    }

    /** The values of a topic whose records are all non-null (the sweep events), as read so far. */
    synchronized List<Struct> values(String topic) {
        return recordsOf(topic).stream().map(r -> (Struct) converter.toConnectData(topic, r.value()).value()).toList();
    }

    /** The compacted view of a change topic: key → latest value; a DELETED record or tombstone removes it. */
    synchronized Map<String, Struct> compacted(String topic) {
        Map<String, Struct> view = new TreeMap<>();
        for (Change c : changes(topic)) {
            if (c.tombstone() || "DELETED".equals(c.changeType())) {
                view.remove(c.key());
            } else {
                view.put(c.key(), c.value());
            }
        }
        return view;
    }

    private List<ConsumerRecord<byte[], byte[]>> recordsOf(String topic) {
        List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
        records.entrySet().stream().filter(e -> e.getKey().topic().equals(topic))
                .sorted(Map.Entry.comparingByKey(Comparator.comparingInt(TopicPartition::partition)))
                .forEach(e -> list.addAll(e.getValue()));
        return list;
    }

    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
