package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.verify.VerifyReplicaMain;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

/**
 * For the verify-replica tests: the connector's three topics copied, record by record with their
 * partitions, keys, values and timestamps, to fresh topics, optionally tampered with on the way,
 * and verify-replica run in-process against a set of topics.
 */
final class TopicCopies {

    /** What verify-replica said: its exit code and its report. */
    record Verdict(int exitCode, String report) {
    }

    /** The records of the three topics, to copy. */
    record Topics(List<ConsumerRecord<byte[], byte[]>> groups, List<ConsumerRecord<byte[], byte[]>> members,
                  List<ConsumerRecord<byte[], byte[]>> sweeps) {
    }

    private static final AtomicInteger COPIES = new AtomicInteger();

    private final EmbeddedKafkaCluster kafka;
    private final int partitions;

    /** @param partitions the partition count of the connector's topics, kept by the copies */
    TopicCopies(EmbeddedKafkaCluster kafka, int partitions) {
        this.kafka = kafka;
        this.partitions = partitions;
    }

    Topics read(boolean readCommitted) {
        return new Topics(TopicReplica.readAll(kafka, TopicReplica.GROUPS, readCommitted),
                TopicReplica.readAll(kafka, TopicReplica.MEMBERS, readCommitted),
                TopicReplica.readAll(kafka, TopicReplica.SWEEPS, readCommitted));
    }

    /**
     * Copies each topic's records, as {@code groups}, {@code members} and {@code sweeps} turn each
     * list into the list to write; returns the names of the copies (groups, members, sweeps).
     */
    List<String> copy(Topics topics, UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> groups,
                      UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> members,
                      UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> sweeps) {
        String suffix = ".copy-" + COPIES.incrementAndGet();
        List<String> names = List.of(TopicReplica.GROUPS + suffix, TopicReplica.MEMBERS + suffix,
                TopicReplica.SWEEPS + suffix);
        write(names.get(0), groups.apply(new ArrayList<>(topics.groups())));
        write(names.get(1), members.apply(new ArrayList<>(topics.members())));
        write(names.get(2), sweeps.apply(new ArrayList<>(topics.sweeps())));
        return names;
    }

    private void write(String topic, List<ConsumerRecord<byte[], byte[]>> records) {
        kafka.createTopic(topic, partitions);
        // Not idempotent: right after a topic's creation its partitions may change leader, which an
        // idempotent producer can take for lost sequence numbers and retry forever. One request in
        // flight keeps each partition's order.
        try (KafkaProducer<byte[], byte[]> producer = kafka.createProducer(Map.of("enable.idempotence", "false",
                "acks", "all", "max.in.flight.requests.per.connection", 1, "delivery.timeout.ms", 60_000))) {
            for (ConsumerRecord<byte[], byte[]> r : records) {
                producer.send(new ProducerRecord<>(topic, r.partition(), r.timestamp(), r.key(), r.value()));
            }
            producer.flush();
        }
    }

    /** Runs verify-replica in this JVM against the named topics, with more flags when given. */
    Verdict verify(List<String> topics, String... moreArgs) {
        List<String> args = new ArrayList<>(List.of("--bootstrap-server", kafka.bootstrapServers(),
                "--groups-topic", topics.get(0), "--members-topic", topics.get(1), "--sweeps-topic", topics.get(2),
                "--timeout-seconds", "60"));
        args.addAll(List.of(moreArgs));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        int exit = VerifyReplicaMain.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(out, true, StandardCharsets.UTF_8));
        return new Verdict(exit, out.toString(StandardCharsets.UTF_8));
    }

    /** The connector's own topics. */
    static List<String> realTopics() {
        return List.of(TopicReplica.GROUPS, TopicReplica.MEMBERS, TopicReplica.SWEEPS);
    }

    /** A record like {@code r} with another value (same partition, key and timestamp). */
    static ConsumerRecord<byte[], byte[]> withValue(ConsumerRecord<byte[], byte[]> r, byte[] value) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                r.serializedKeySize(), value == null ? -1 : value.length, r.key(), value, r.headers(), r.leaderEpoch());
    }

    /** A record like {@code r} with another timestamp. */
    static ConsumerRecord<byte[], byte[]> withTimestamp(ConsumerRecord<byte[], byte[]> r, long timestamp) {
        return new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), timestamp, r.timestampType(),
                r.serializedKeySize(), r.serializedValueSize(), r.key(), r.value(), r.headers(), r.leaderEpoch());
    }
}
