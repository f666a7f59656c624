package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.mapping.AvroContract;
import io.complianceconnect.groups.simulator.Directory;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The connector's topics as a consumer of Avro through a Schema Registry sees them: every key and value in
 * the registry's wire format, decoded with the schema the registry serves for its id, folded the way
 * compaction does, and compared with the simulator's directory and the committed contract under
 * {@code src/main/avro}. Shared by {@link SchemaRegistryAvroIT} (Apicurio, in-process Kafka) and
 * {@link ConfluentStackIT} (Confluent's containers).
 */
final class AvroTopics {

    static final String GROUPS = TopicReplica.GROUPS;
    static final String MEMBERS = TopicReplica.MEMBERS;
    static final String SWEEPS = TopicReplica.SWEEPS;
    static final List<String> TOPICS = List.of(GROUPS, MEMBERS, SWEEPS);
    /** Each subject (TopicNameStrategy: {@code <topic>-key}, {@code <topic>-value}) and its contract file. */
    static final Map<String, String> CONTRACT_OF_SUBJECT = Map.of(
            GROUPS + "-key", "GroupKey.avsc",
            GROUPS + "-value", "Group.avsc",
            MEMBERS + "-key", "GroupMemberKey.avsc",
            MEMBERS + "-value", "GroupMember.avsc",
            SWEEPS + "-key", "SweepKey.avsc",
            SWEEPS + "-value", "SweepEvent.avsc");

    /**
     * The directory both registry ITs snapshot: ten groups, some with several member pages, and
     * {@code extra} fields (a nested object on a group, a string on a membership) for the Avro map.
     */
    static void populateWithExtraFields(Directory directory) {
        directory.populate(10, i -> i % 3 == 0 ? 7 : 2);   // several member pages for some groups
        String first = directory.groups().get(0).id();
        directory.setGroupExtraField(first, "tier", "{\"level\":\"gold\",\"seats\":12}");
        directory.setMemberExtraField(first, directory.members(first).get(0).userId(), "role", "\"owner\"");
    }

    /** One record as a consumer sees it: key text, change type and value (both null for a tombstone). */
    record Change(String key, String changeType, GenericRecord value, int partition, long offset) {
        String describe() {
            return (changeType == null ? "tombstone" : changeType) + " " + key;
        }
    }

    /** A record's raw bytes and what they decode to (the value null for a tombstone). */
    record Decoded(ConsumerRecord<byte[], byte[]> raw, RegistryAvroReader.Decoded key,
                   RegistryAvroReader.Decoded value) {
    }

    private final RegistryAvroReader avro;
    private final Function<String, List<ConsumerRecord<byte[], byte[]>>> records;
    private final Duration sweepTimeout;
    private final Supplier<String> connectorStatus;

    /**
     * @param records         every record of a topic, raw
     * @param connectorStatus for the message when a wait times out
     */
    AvroTopics(RegistryAvroReader avro, Function<String, List<ConsumerRecord<byte[], byte[]>>> records,
               Duration sweepTimeout, Supplier<String> connectorStatus) {
        this.avro = avro;
        this.records = records;
        this.sweepTimeout = sweepTimeout;
        this.connectorStatus = connectorStatus;
    }

    /** The topic's records by partition and offset, each decoded. */
    List<Decoded> read(String topic) {
        List<ConsumerRecord<byte[], byte[]>> raw = new ArrayList<>(records.apply(topic));
        raw.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                : Long.compare(a.offset(), b.offset()));
        List<Decoded> decoded = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            decoded.add(new Decoded(r, avro.decode(r.key()), avro.decode(r.value())));
        }
        return decoded;
    }

    List<Change> changes(String topic) {
        List<Change> changes = new ArrayList<>();
        for (Decoded d : read(topic)) {
            GenericRecord key = d.key().record();
            String keyText = key.getSchema().getField("id") != null ? RegistryAvroReader.text(key.get("id"))
                    : RegistryAvroReader.text(key.get("group_id")) + "/" + RegistryAvroReader.text(key.get("user_id"));
            GenericRecord value = d.value() == null ? null : d.value().record();
            changes.add(new Change(keyText, value == null ? null : RegistryAvroReader.text(value.get("change_type")),
                    value, d.raw().partition(), d.raw().offset()));
        }
        return changes;
    }

    /** Where each partition of the topic ends now: {@link #changesSince} gives what is written from here on. */
    Map<Integer, Long> endOffsets(String topic) {
        Map<Integer, Long> ends = new TreeMap<>();
        for (Decoded d : read(topic)) {
            ends.merge(d.raw().partition(), d.raw().offset() + 1, Math::max);
        }
        return ends;
    }

    /** The changes written to the topic at or after the given offsets (partitions not named: all of theirs). */
    List<Change> changesSince(String topic, Map<Integer, Long> offsets) {
        return changes(topic).stream().filter(c -> c.offset() >= offsets.getOrDefault(c.partition(), 0L)).toList();
    }

    /** Latest value per key; DELETED records and tombstones remove the key, as compaction does. */
    Map<String, GenericRecord> compacted(String topic) {
        Map<String, GenericRecord> view = new TreeMap<>();
        for (Change c : changes(topic)) {
            if (c.changeType() == null || "DELETED".equals(c.changeType())) {
                view.remove(c.key());
            } else {
                view.put(c.key(), c.value());
            }
        }
        return view;
    }

    List<GenericRecord> sweepEvents() {
        return read(SWEEPS).stream().map(d -> d.value().record()).toList();
    }

    /** Waits for a sweep numbered above {@code after} to complete; returns its number. */
    long awaitSweepCompletedAfter(long after) throws InterruptedException {
        long[] done = {0};
        Eventually.until(() -> {
            done[0] = sweepEvents().stream()
                    .filter(e -> "SWEEP_COMPLETED".equals(RegistryAvroReader.text(e.get("event"))))
                    .mapToLong(e -> (Long) e.get("sweep")).max().orElse(0);
            return done[0] > after;
        }, sweepTimeout.toMillis(), () -> "no sweep after " + after + " completed; connector status: "
                + connectorStatus.get());
        return done[0];
    }

    /** Waits for a sweep that started after {@code instant} to complete, so that it saw every change before it. */
    void awaitSweepStartedAfter(Instant instant) throws InterruptedException {
        Eventually.until(() -> {
            Long started = null;
            for (GenericRecord e : sweepEvents()) {
                String event = RegistryAvroReader.text(e.get("event"));
                if (started == null && "SWEEP_STARTED".equals(event)
                        && RegistryAvroReader.millis(e.get("at")) > instant.toEpochMilli()) {
                    started = (Long) e.get("sweep");
                } else if (started != null && "SWEEP_COMPLETED".equals(event) && started.equals(e.get("sweep"))) {
                    return true;
                }
            }
            return false;
        }, sweepTimeout.toMillis(), () -> "no sweep started after " + instant + " completed; connector status: "
                + connectorStatus.get());
    }

    /** The compacted groups and members topics hold exactly the directory's groups and memberships. */
    void assertCompactedTopicsEqualTheDirectory(Directory directory) {
        Map<String, Map<String, Object>> actualGroups = new TreeMap<>();
        compacted(GROUPS).forEach((id, v) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", RegistryAvroReader.text(v.get("name")));
            fields.put("description", RegistryAvroReader.text(v.get("description")));
            fields.put("source_type", RegistryAvroReader.text(v.get("source_type")));
            fields.put("created_at", RegistryAvroReader.millis(v.get("created_at")));
            fields.put("updated_at", RegistryAvroReader.millis(v.get("updated_at")));
            fields.put("roles", RegistryAvroReader.strings(v.get("roles")));
            fields.put("extra", RegistryAvroReader.stringMap(v.get("extra")));
            actualGroups.put(id, fields);
        });
        assertThat(actualGroups).isEqualTo(TopicReplica.expectedGroups(directory.groups()));

        Map<String, Map<String, Object>> actualMembers = new TreeMap<>();
        compacted(MEMBERS).forEach((key, v) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("email", RegistryAvroReader.text(v.get("email")));
            fields.put("created_at", RegistryAvroReader.millis(v.get("created_at")));
            fields.put("updated_at", RegistryAvroReader.millis(v.get("updated_at")));
            fields.put("extra", RegistryAvroReader.stringMap(v.get("extra")));
            actualMembers.put(key, fields);
        });
        Map<String, List<SimMember>> members = new LinkedHashMap<>();
        directory.groups().forEach(g -> members.put(g.id(), directory.members(g.id())));
        assertThat(actualMembers).isEqualTo(TopicReplica.expectedMembers(members));
    }

    /**
     * Every subject the converter registered holds one version, equal to the committed contract (Avro
     * equality, and the same JSON, so docs count too), and every record on the topics was written with it.
     */
    void assertRegisteredSchemasAreTheContract() {
        assertThat(avro.subjects()).containsExactlyInAnyOrderElementsOf(CONTRACT_OF_SUBJECT.keySet());
        for (Map.Entry<String, String> subject : CONTRACT_OF_SUBJECT.entrySet()) {
            Schema committed = committedSchema(subject.getKey());
            Schema registered = avro.latestSchema(subject.getKey());
            assertThat(avro.versions(subject.getKey())).as(subject.getKey()).containsExactly(1);
            assertThat(registered).as(subject.getKey()).isEqualTo(committed);
            assertThat(AvroContract.prettyJson(registered)).as(subject.getKey())
                    .isEqualTo(AvroContract.prettyJson(committed));
        }
        for (String topic : TOPICS) {
            Schema key = committedSchema(topic + "-key");
            Schema value = committedSchema(topic + "-value");
            for (Decoded d : read(topic)) {
                assertThat(d.key().writerSchema()).as("key schema of a record on " + topic).isEqualTo(key);
                if (d.value() != null) {
                    assertThat(d.value().writerSchema()).as("value schema of a record on " + topic).isEqualTo(value);
                }
            }
        }
    }

    /**
     * Each key and value is the wire format byte for byte: magic byte 0, then the 4-byte id the registry gives
     * the subject's schema (so the id resolves through the Confluent API), then Avro that decodes to the end.
     */
    void assertWireFormatWithTheSubjectsIds() {
        for (String topic : TOPICS) {
            int keyId = avro.latestId(topic + "-key");
            int valueId = avro.latestId(topic + "-value");
            for (Decoded d : read(topic)) {
                assertThat(d.raw().key()[0]).as("magic byte of a key on " + topic).isZero();
                assertThat(ByteBuffer.wrap(d.raw().key(), 1, 4).getInt()).as("schema id of a key on " + topic)
                        .isEqualTo(keyId).isEqualTo(d.key().schemaId());
                if (d.raw().value() != null) {
                    assertThat(d.raw().value()[0]).as("magic byte of a value on " + topic).isZero();
                    assertThat(ByteBuffer.wrap(d.raw().value(), 1, 4).getInt()).as("schema id of a value on " + topic)
                            .isEqualTo(valueId).isEqualTo(d.value().schemaId());
                }
            }
        }
    }

    /** The subject's schema in the newest committed contract version. */
    static Schema committedSchema(String subject) {
        Path newest = AvroContract.newestVersionDir(AvroContract.committedRoot());
        return AvroContract.parse(newest.resolve(CONTRACT_OF_SUBJECT.get(subject)));
    }
}
