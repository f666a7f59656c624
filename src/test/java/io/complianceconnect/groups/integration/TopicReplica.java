package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedKafkaCluster;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Reads the connector's topics the way a downstream consumer does and folds them into the
 * compacted view: the latest value per key, tombstones removing the key.
 */
final class TopicReplica {

    static final String GROUPS = "compliance.groups";
    static final String MEMBERS = "compliance.group-members";
    static final String SWEEPS = "compliance.sweeps";

    /** One change record as a consumer sees it. */
    record Change(String topic, String key, String changeType, long sweep, Struct value) {
        boolean tombstone() {
            return value == null;
        }
    }

    private final EmbeddedKafkaCluster kafka;
    private final boolean readCommitted;
    private final JsonConverter converter = new JsonConverter();

    TopicReplica(EmbeddedKafkaCluster kafka, boolean readCommitted) {
        this.kafka = kafka;
        this.readCommitted = readCommitted;
        converter.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
    }

    List<Change> changes(String topic) {
        List<Change> result = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : read(topic)) {
            Struct key = (Struct) converter.toConnectData(topic, r.key()).value();
            SchemaAndValue value = r.value() == null ? SchemaAndValue.NULL : converter.toConnectData(topic, r.value());
            Struct v = (Struct) value.value();
            result.add(new Change(topic, keyText(key), v == null ? null : v.getString("change_type"),
                    v == null ? -1 : v.getInt64("sweep"), v));
        }
        return result;
    }

    List<Struct> sweepEvents() {
        return read(SWEEPS).stream()
                .map(r -> (Struct) converter.toConnectData(SWEEPS, r.value()).value())
                .collect(Collectors.toList());
    }

    long lastCompletedSweep() {
        return sweepEvents().stream().filter(e -> "SWEEP_COMPLETED".equals(e.getString("event")))
                .mapToLong(e -> e.getInt64("sweep")).max().orElse(0);
    }

    /** Waits for a sweep numbered above {@code after} to complete; returns its number. */
    long awaitSweepCompletedAfter(long after, Duration timeout) throws InterruptedException {
        long[] done = new long[1];
        Eventually.until(() -> {
            done[0] = lastCompletedSweep();
            return done[0] > after;
        }, timeout.toMillis(), "no sweep after " + after + " completed");
        return done[0];
    }

    /**
     * Waits for a whole sweep that started after {@code instant} to complete, so that it saw every
     * change made before then; returns its number.
     */
    long awaitSweepStartedAfter(Instant instant, Duration timeout) throws InterruptedException {
        long[] sweep = {-1};
        Eventually.until(() -> {
            List<Struct> events = sweepEvents();
            Struct started = events.stream().filter(e -> "SWEEP_STARTED".equals(e.getString("event"))
                            && ((Date) e.get("at")).toInstant().isAfter(instant))
                    .findFirst().orElse(null);
            if (started == null) {
                return false;
            }
            sweep[0] = started.getInt64("sweep");
            Date startedAt = (Date) started.get("at");
            // Sweep numbers start again after an offset reset: match the completion by time too.
            return events.stream().anyMatch(e -> "SWEEP_COMPLETED".equals(e.getString("event"))
                    && e.getInt64("sweep") >= sweep[0] && !((Date) e.get("at")).before(startedAt));
        }, timeout.toMillis(), "no sweep started after " + instant + " completed");
        return sweep[0];
    }

    /**
     * Waits for a sweep that started after {@code instant} to complete in one run, without a restart in
     * between (a sweep resumed after a restart skips its deletion phase, so it does not count); returns its
     * number. Events are taken in topic order, so a sweep number that repeats after a restart is told apart.
     */
    long awaitFullSweepStartedAfter(Instant instant, Duration timeout) throws InterruptedException {
        long[] sweep = {-1};
        Eventually.until(() -> {
            Long started = null;
            for (Struct e : sweepEvents()) {
                String event = e.getString("event");
                if ("SWEEP_STARTED".equals(event) && ((Date) e.get("at")).toInstant().isAfter(instant)) {
                    started = e.getInt64("sweep");
                } else if (started != null && "SWEEP_COMPLETED".equals(event) && started.equals(e.getInt64("sweep"))
                        && !e.getBoolean("resumed")) {
                    sweep[0] = started;
                    return true;
                }
            }
            return false;
        }, timeout.toMillis(), "no full sweep started after " + instant + " completed");
        return sweep[0];
    }

    /** The compacted groups topic: id → value. */
    Map<String, Struct> groups() {
        return compact(changes(GROUPS));
    }

    /** The compacted members topic: "groupId/userId" → value. */
    Map<String, Struct> members() {
        return compact(changes(MEMBERS));
    }

    /** The simulator's directory in the same shape as {@link #groups()}'s values, for comparison. */
    static Map<String, Map<String, Object>> expectedGroups(List<SimGroup> groups) {
        Map<String, Map<String, Object>> result = new TreeMap<>();
        for (SimGroup g : groups) {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", g.name());
            fields.put("description", g.description());
            fields.put("source_type", g.sourceType());
            fields.put("created_at", millis(g.createdAt()));
            fields.put("updated_at", millis(g.updatedAt()));
            fields.put("roles", g.roles());
            fields.put("extra", g.extra());
            result.put(g.id(), fields);
        }
        return result;
    }

    static Map<String, Map<String, Object>> expectedMembers(Map<String, List<SimMember>> membersByGroup) {
        Map<String, Map<String, Object>> result = new TreeMap<>();
        membersByGroup.forEach((groupId, members) -> {
            for (SimMember m : members) {
                Map<String, Object> fields = new LinkedHashMap<>();
                fields.put("email", m.email());
                fields.put("created_at", millis(m.createdAt()));
                fields.put("updated_at", millis(m.updatedAt()));
                fields.put("extra", m.extra());
                result.put(groupId + "/" + m.userId(), fields);
            }
        });
        return result;
    }

    static Map<String, Map<String, Object>> actualGroups(Map<String, Struct> groups) {
        Map<String, Map<String, Object>> result = new TreeMap<>();
        groups.forEach((id, v) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("name", v.getString("name"));
            fields.put("description", v.getString("description"));
            fields.put("source_type", v.getString("source_type"));
            fields.put("created_at", millis((Date) v.get("created_at")));
            fields.put("updated_at", millis((Date) v.get("updated_at")));
            fields.put("roles", v.getArray("roles"));
            fields.put("extra", new HashMap<>(v.<String, String>getMap("extra")));
            result.put(id, fields);
        });
        return result;
    }

    static Map<String, Map<String, Object>> actualMembers(Map<String, Struct> members) {
        Map<String, Map<String, Object>> result = new TreeMap<>();
        members.forEach((key, v) -> {
            Map<String, Object> fields = new LinkedHashMap<>();
            fields.put("email", v.getString("email"));
            fields.put("created_at", millis((Date) v.get("created_at")));
            fields.put("updated_at", millis((Date) v.get("updated_at")));
            fields.put("extra", new HashMap<>(v.<String, String>getMap("extra")));
            result.put(key, fields);
        });
        return result;
    }

    private static Long millis(Instant instant) {
        return instant == null ? null : instant.toEpochMilli();
    }

    private static Long millis(Date date) {
        return date == null ? null : date.getTime();
    }

    private static Map<String, Struct> compact(List<Change> changes) {
        Map<String, Struct> view = new TreeMap<>();
        for (Change c : changes) {
            if (c.tombstone() || "DELETED".equals(c.changeType())) {
                view.remove(c.key());
            } else {
                view.put(c.key(), c.value());
            }
        }
        return view;
    }

    private static String keyText(Struct key) {
        return key.schema().field("id") != null ? key.getString("id")
                : key.getString("group_id") + "/" + key.getString("user_id");
    }

    private List<ConsumerRecord<byte[], byte[]>> read(String topic) {
        return readAll(kafka, topic, readCommitted);
    }

    /** Every record of {@code topic} as raw bytes, by partition and then offset. */
    static List<ConsumerRecord<byte[], byte[]>> readAll(EmbeddedKafkaCluster kafka, String topic, boolean readCommitted) {
        Map<String, Object> props = new HashMap<>();
        if (readCommitted) {
            props.put("isolation.level", "read_committed");
        }
        try {
            ConsumerRecords<byte[], byte[]> records = kafka.consumeAll(Duration.ofSeconds(30).toMillis(), props, new HashMap<>(),
                    topic);
            List<ConsumerRecord<byte[], byte[]>> list = new ArrayList<>();
            records.forEach(list::add);
            // Per-key order is what compaction keeps; sort by partition then offset for a stable fold.
            list.sort((a, b) -> a.partition() != b.partition() ? Integer.compare(a.partition(), b.partition())
                    : Long.compare(a.offset(), b.offset()));
            return list;
        } catch (Exception e) {
            throw new AssertionError("could not read topic " + topic, e);
        }
    }
}
