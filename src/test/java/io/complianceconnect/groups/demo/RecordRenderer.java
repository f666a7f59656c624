package io.complianceconnect.groups.demo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.StringJoiner;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.json.JsonConverterConfig;

/**
 * Turns the records the demo consumes into what it prints. The worker writes them with
 * {@link JsonConverter} and schemas enabled; they are read back into Connect data with the same
 * converter and, for {@code --json}, written out again by a JsonConverter with schemas disabled —
 * exactly what a consumer of a schemaless JSON deployment would see.
 */
final class RecordRenderer {

    /** The change type shown for a record whose value is null. */
    static final String TOMBSTONE = "TOMBSTONE";

    private final JsonConverter keyReader = converter(true, true);
    private final JsonConverter valueReader = converter(false, true);
    private final JsonConverter keyWriter = converter(true, false);
    private final JsonConverter valueWriter = converter(false, false);
    private final ObjectMapper mapper = new ObjectMapper();

    /** A consumed record as Connect data. */
    record Decoded(String topic, SchemaAndValue key, SchemaAndValue value, Map<String, String> headers) {

        boolean tombstone() {
            return value.value() == null;
        }

        /** The value's {@code change_type}, {@value #TOMBSTONE} for a null value, "?" if the value has none. */
        String changeType() {
            if (tombstone()) {
                return TOMBSTONE;
            }
            Object changeType = field(value.value(), "change_type");
            return changeType == null ? "?" : changeType.toString();
        }
    }

    Decoded decode(ConsumerRecord<byte[], byte[]> record) {
        String topic = record.topic();
        Map<String, String> headers = new LinkedHashMap<>();
        for (Header header : record.headers()) {
            // Connect's default SimpleHeaderConverter writes header values as UTF-8 text.
            headers.put(header.key(), header.value() == null ? null : new String(header.value(), StandardCharsets.UTF_8));
        }
        return new Decoded(
                topic,
                keyReader.toConnectData(topic, record.key()),
                valueReader.toConnectData(topic, record.value()),
                Collections.unmodifiableMap(headers));
    }

    /**
     * One line: {@code {"topic":...,"key":...,"value":...,"headers":{...}}} with key and value as a
     * schemaless JsonConverter writes them (timestamps as epoch milliseconds), {@code null} for a tombstone.
     */
    String json(Decoded record) {
        ObjectNode line = mapper.createObjectNode();
        line.put("topic", record.topic());
        line.set("key", schemaless(keyWriter, record.topic(), record.key()));
        line.set("value", schemaless(valueWriter, record.topic(), record.value()));
        ObjectNode headers = line.putObject("headers");
        record.headers().forEach(headers::put);
        try {
            return mapper.writeValueAsString(line); // Jackson escapes control characters: always one line
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * One line for people: topic, change type, key, and a short summary of the value. Member emails
     * are left out on purpose: the readable view is what ends up pasted into chats and tickets.
     */
    String readable(Decoded record, int topicWidth) {
        StringBuilder line = new StringBuilder();
        line.append(String.format("%-" + Math.max(1, topicWidth) + "s  %-9s  %s",
                record.topic(), record.changeType(), keyText(record)));
        if (!record.tombstone()) {
            String summary = valueSummary(record.value().value());
            if (!summary.isEmpty()) {
                line.append("  ").append(summary);
            }
        }
        return line.toString();
    }

    /** A progress line for a record of the connector's sweeps topic. */
    String sweepProgress(Decoded record) {
        Object value = record.value().value();
        Object event = field(value, "event");
        if (event == null) {
            return "sweep event " + json(record);
        }
        // SWEEP_COMPLETED -> "sweep 7 completed", CHECKPOINT -> "sweep 7 checkpoint"
        String what = event.toString().replaceFirst("^SWEEP_", "").toLowerCase(Locale.ROOT).replace('_', ' ');
        StringBuilder line = new StringBuilder("sweep ").append(field(value, "sweep")).append(' ').append(what);
        List<String> counts = new ArrayList<>();
        addCount(counts, value, "groups_seen", "groups");
        addCount(counts, value, "members_seen", "memberships");
        addCount(counts, value, "changes", "changes");
        addCount(counts, value, "requests", "requests");
        if (!counts.isEmpty()) {
            line.append(": ").append(String.join(", ", counts));
        }
        if (Boolean.TRUE.equals(field(value, "resumed"))) {
            line.append(" (resumed after a restart)");
        }
        return line.toString();
    }

    private static void addCount(Collection<String> counts, Object struct, String fieldName, String label) {
        Object count = field(struct, fieldName);
        if (count != null) {
            counts.add(count + " " + label);
        }
    }

    private String keyText(Decoded record) {
        Object key = record.key().value();
        if (key instanceof Struct struct) {
            // GroupKey {id} -> "id"; GroupMemberKey {group_id, user_id} -> "group_id/user_id".
            StringJoiner parts = new StringJoiner("/");
            for (Field field : struct.schema().fields()) {
                Object part = struct.get(field);
                parts.add(part == null ? "-" : part.toString());
            }
            return parts.toString();
        }
        return schemaless(keyWriter, record.topic(), record.key()).toString();
    }

    private static String valueSummary(Object value) {
        if (!(value instanceof Struct)) {
            return String.valueOf(value);
        }
        StringJoiner summary = new StringJoiner("  ");
        Object name = field(value, "name");
        if (name != null) {
            summary.add("name=\"" + name + "\"");
        }
        Object sourceType = field(value, "source_type");
        if (sourceType != null) {
            summary.add("source=" + sourceType);
        }
        if (field(value, "roles") instanceof List<?> roles) {
            summary.add("roles=" + roles.size());
        }
        Object sweep = field(value, "sweep");
        if (sweep != null) {
            summary.add("sweep=" + sweep);
        }
        return summary.toString();
    }

    /** The named field of a Struct, or null when the value is not a Struct or has no such field. */
    static Object field(Object value, String name) {
        if (value instanceof Struct struct && struct.schema().field(name) != null) {
            return struct.get(name);
        }
        return null;
    }

    private JsonNode schemaless(JsonConverter writer, String topic, SchemaAndValue data) {
        byte[] bytes = writer.fromConnectData(topic, data.schema(), data.value());
        if (bytes == null) {
            return NullNode.getInstance();
        }
        try {
            return mapper.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("JsonConverter wrote bytes Jackson cannot read", e);
        }
    }

    private static JsonConverter converter(boolean isKey, boolean schemasEnabled) {
        JsonConverter converter = new JsonConverter();
        converter.configure(Map.of(JsonConverterConfig.SCHEMAS_ENABLE_CONFIG, Boolean.toString(schemasEnabled)), isKey);
        return converter;
    }
}
