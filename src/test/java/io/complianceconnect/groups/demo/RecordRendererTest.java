package io.complianceconnect.groups.demo;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.record.TimestampType;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.data.Timestamp;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * Records are produced here exactly as the demo's worker writes them (JsonConverter, schemas
 * enabled) from Structs shaped like the connector's record contract, then rendered.
 */
class RecordRendererTest {

    private static final Schema GROUP_KEY = SchemaBuilder.struct().name("io.complianceconnect.groups.GroupKey")
            .field("id", Schema.STRING_SCHEMA).build();
    private static final Schema GROUP = SchemaBuilder.struct().name("io.complianceconnect.groups.Group")
            .field("id", Schema.STRING_SCHEMA)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA)
            .field("source_type", Schema.OPTIONAL_STRING_SCHEMA)
            .field("created_at", Timestamp.builder().optional().build())
            .field("roles", SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build())
            .field("extra", SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA).build())
            .field("change_type", Schema.STRING_SCHEMA)
            .field("sweep", Schema.INT64_SCHEMA)
            .build();
    private static final Schema MEMBER_KEY = SchemaBuilder.struct().name("io.complianceconnect.groups.GroupMemberKey")
            .field("group_id", Schema.STRING_SCHEMA).field("user_id", Schema.STRING_SCHEMA).build();
    private static final Schema MEMBER = SchemaBuilder.struct().name("io.complianceconnect.groups.GroupMember")
            .field("group_id", Schema.STRING_SCHEMA)
            .field("user_id", Schema.STRING_SCHEMA)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA)
            .field("change_type", Schema.STRING_SCHEMA)
            .field("sweep", Schema.INT64_SCHEMA)
            .build();
    private static final Schema SWEEP_EVENT = SchemaBuilder.struct().name("io.complianceconnect.groups.SweepEvent")
            .field("event", Schema.STRING_SCHEMA)
            .field("sweep", Schema.INT64_SCHEMA)
            .field("groups_seen", Schema.INT64_SCHEMA)
            .field("members_seen", Schema.INT64_SCHEMA)
            .field("changes", Schema.INT64_SCHEMA)
            .field("requests", Schema.INT64_SCHEMA)
            .field("resumed", Schema.BOOLEAN_SCHEMA)
            .build();

    private final RecordRenderer renderer = new RecordRenderer();

    @Test
    void jsonIsTheSchemalessJsonConverterRenderingOfKeyAndValue() {
        Struct value = new Struct(GROUP)
                .put("id", "rbac_group_1")
                .put("name", "Engineering \"Core\"\nteam")
                .put("source_type", "scim")
                .put("created_at", new Date(1_700_000_000_123L))
                .put("roles", List.of("role_admin", "role_user"))
                .put("extra", Map.of("region", "\"eu\""))
                .put("change_type", "UPDATED")
                .put("sweep", 7L);
        RecordHeaders headers = new RecordHeaders();
        headers.add("change.type", "UPDATED".getBytes(StandardCharsets.UTF_8));
        ConsumerRecord<byte[], byte[]> record = record("compliance.groups",
                GROUP_KEY, new Struct(GROUP_KEY).put("id", "rbac_group_1"), GROUP, value, headers);

        String json = renderer.json(renderer.decode(record));

        // No "schema"/"payload" envelope; the timestamp as epoch millis; the map as an object; one line.
        assertThat(json).isEqualTo("{\"topic\":\"compliance.groups\","
                + "\"key\":{\"id\":\"rbac_group_1\"},"
                + "\"value\":{\"id\":\"rbac_group_1\",\"name\":\"Engineering \\\"Core\\\"\\nteam\",\"source_type\":\"scim\","
                + "\"created_at\":1700000000123,\"roles\":[\"role_admin\",\"role_user\"],"
                + "\"extra\":{\"region\":\"\\\"eu\\\"\"},\"change_type\":\"UPDATED\",\"sweep\":7},"
                + "\"headers\":{\"change.type\":\"UPDATED\"}}");
        assertThat(json).doesNotContain("\n");
    }

    @Test
    void aTombstoneHasANullValue() {
        ConsumerRecord<byte[], byte[]> record = record("compliance.group-members",
                MEMBER_KEY, memberKey(), null, null, new RecordHeaders());

        RecordRenderer.Decoded decoded = renderer.decode(record);

        assertThat(decoded.tombstone()).isTrue();
        assertThat(decoded.changeType()).isEqualTo(RecordRenderer.TOMBSTONE);
        assertThat(renderer.json(decoded)).isEqualTo("{\"topic\":\"compliance.group-members\","
                + "\"key\":{\"group_id\":\"rbac_group_1\",\"user_id\":\"user_9\"},\"value\":null,\"headers\":{}}");
        assertThat(renderer.readable(decoded, 24))
                .isEqualTo("compliance.group-members  TOMBSTONE  rbac_group_1/user_9");
    }

    @Test
    void readableLineShowsTopicChangeTypeKeyAndASummary() {
        Struct value = new Struct(GROUP)
                .put("id", "rbac_group_1").put("name", "Engineering").put("source_type", "direct")
                .put("roles", List.of("role_admin")).put("extra", Map.of())
                .put("change_type", "CREATED").put("sweep", 2L);
        ConsumerRecord<byte[], byte[]> record = record("compliance.groups",
                GROUP_KEY, new Struct(GROUP_KEY).put("id", "rbac_group_1"), GROUP, value, new RecordHeaders());

        assertThat(renderer.readable(renderer.decode(record), 24)).isEqualTo(
                "compliance.groups         CREATED    rbac_group_1  name=\"Engineering\"  source=direct  roles=1  sweep=2");
    }

    @Test
    void readableMemberLineLeavesTheEmailOut() {
        Struct value = new Struct(MEMBER)
                .put("group_id", "rbac_group_1").put("user_id", "user_9").put("email", "ada@example.com")
                .put("change_type", "SNAPSHOT").put("sweep", 1L);
        ConsumerRecord<byte[], byte[]> record = record("compliance.group-members",
                MEMBER_KEY, memberKey(), MEMBER, value, new RecordHeaders());
        RecordRenderer.Decoded decoded = renderer.decode(record);

        assertThat(renderer.readable(decoded, 24))
                .isEqualTo("compliance.group-members  SNAPSHOT   rbac_group_1/user_9  sweep=1");
        // --json is the full record, email included: it is what a consumer of the topic gets.
        assertThat(renderer.json(decoded)).contains("\"email\":\"ada@example.com\"");
    }

    @Test
    void aDeletedRecordCarriesIdentityOnly() {
        Struct value = new Struct(GROUP).put("id", "rbac_group_1").put("extra", Map.of())
                .put("change_type", "DELETED").put("sweep", 5L);
        ConsumerRecord<byte[], byte[]> record = record("compliance.groups",
                GROUP_KEY, new Struct(GROUP_KEY).put("id", "rbac_group_1"), GROUP, value, new RecordHeaders());
        RecordRenderer.Decoded decoded = renderer.decode(record);

        assertThat(decoded.changeType()).isEqualTo("DELETED");
        assertThat(renderer.readable(decoded, 17)).isEqualTo("compliance.groups  DELETED    rbac_group_1  sweep=5");
        assertThat(renderer.json(decoded)).contains("\"name\":null", "\"roles\":null", "\"created_at\":null");
    }

    @Test
    void sweepEventsBecomeProgressLines() {
        Struct event = new Struct(SWEEP_EVENT).put("event", "SWEEP_COMPLETED").put("sweep", 4L)
                .put("groups_seen", 5L).put("members_seen", 15L).put("changes", 3L).put("requests", 13L)
                .put("resumed", true);
        ConsumerRecord<byte[], byte[]> record = record("compliance.sweeps", null, null, SWEEP_EVENT, event, new RecordHeaders());

        assertThat(renderer.sweepProgress(renderer.decode(record))).isEqualTo(
                "sweep 4 completed: 5 groups, 15 memberships, 3 changes, 13 requests (resumed after a restart)");
    }

    private static Struct memberKey() {
        return new Struct(MEMBER_KEY).put("group_id", "rbac_group_1").put("user_id", "user_9");
    }

    /** The bytes a worker configured with JsonConverter (schemas enabled) writes for this record. */
    private static ConsumerRecord<byte[], byte[]> record(String topic, Schema keySchema, Object key,
            Schema valueSchema, Object value, RecordHeaders headers) {
        JsonConverter keyConverter = new JsonConverter();
        keyConverter.configure(Map.of("schemas.enable", "true"), true);
        JsonConverter valueConverter = new JsonConverter();
        valueConverter.configure(Map.of("schemas.enable", "true"), false);
        byte[] keyBytes = keyConverter.fromConnectData(topic, keySchema, key);
        byte[] valueBytes = valueConverter.fromConnectData(topic, valueSchema, value);
        return new ConsumerRecord<>(topic, 0, 42L, 0L, TimestampType.CREATE_TIME,
                keyBytes == null ? 0 : keyBytes.length, valueBytes == null ? 0 : valueBytes.length,
                keyBytes, valueBytes, headers, Optional.empty());
    }
}
