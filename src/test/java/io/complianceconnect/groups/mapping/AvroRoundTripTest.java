package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.apicurio.registry.utils.converter.avro.AvroData;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.SchemaAndValue;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every kind of record survives the path a consumer's data takes: Connect struct, the converter's
 * Avro, Avro binary on the wire, and back through the converter to an equal struct.
 */
class AvroRoundTripTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Instant UPDATED = Instant.parse("2026-10-02T17:45:00.456Z");
    private static final Instant OBSERVED = Instant.parse("2026-11-28T12:00:00.789Z");

    private final AvroData avroData = AvroContract.avroData();

    static Stream<Arguments> records() {
        Group fullGroup = new Group("rbac_group_abc123", "Security reviewers", "Reviews access",
                "scim", CREATED, UPDATED, List.of("role_admin", "role_auditor"),
                Map.of("color", "\"blue\"", "limits", "{\"seats\":10}"));
        Group sparseGroup = new Group("rbac_group_def456", "Interns", null, null, null, null,
                null, Map.of());
        Group rolelessGroup = new Group("rbac_group_ghi789", "", "", "direct", CREATED, null,
                List.of(), Map.of());
        GroupMember fullMember = new GroupMember("rbac_group_abc123", "user_01", "ada@example.com",
                CREATED, UPDATED, Map.of("role", "\"owner\""));
        GroupMember sparseMember = new GroupMember("rbac_group_abc123", "user_02", null, null, null,
                Map.of());
        return Stream.of(
                Arguments.of("group key", RecordValues.groupKey("rbac_group_abc123")),
                Arguments.of("group snapshot, every field set",
                        RecordValues.groupValue(fullGroup, meta(ChangeType.SNAPSHOT))),
                Arguments.of("group created, every field set",
                        RecordValues.groupValue(fullGroup, meta(ChangeType.CREATED))),
                Arguments.of("group updated, every field set",
                        RecordValues.groupValue(fullGroup, meta(ChangeType.UPDATED))),
                Arguments.of("group updated, nulls wherever allowed",
                        RecordValues.groupValue(sparseGroup, meta(ChangeType.UPDATED))),
                Arguments.of("group created, empty roles and texts",
                        RecordValues.groupValue(rolelessGroup, meta(ChangeType.CREATED))),
                Arguments.of("group deleted", RecordValues.groupDeleted("rbac_group_abc123",
                        meta(ChangeType.DELETED))),
                Arguments.of("member key", RecordValues.memberKey("rbac_group_abc123", "user_01")),
                Arguments.of("member snapshot, every field set",
                        RecordValues.memberValue(fullMember, meta(ChangeType.SNAPSHOT))),
                Arguments.of("member created, every field set",
                        RecordValues.memberValue(fullMember, meta(ChangeType.CREATED))),
                Arguments.of("member updated, every field set",
                        RecordValues.memberValue(fullMember, meta(ChangeType.UPDATED))),
                Arguments.of("member snapshot, nulls wherever allowed",
                        RecordValues.memberValue(sparseMember, meta(ChangeType.SNAPSHOT))),
                Arguments.of("member deleted", RecordValues.memberDeleted("rbac_group_abc123",
                        "user_01", meta(ChangeType.DELETED))),
                Arguments.of("sweep key", RecordValues.sweepKey("compliance-groups")),
                Arguments.of("sweep started, resumed", RecordValues.sweepEvent(new SweepEventData(
                        "compliance-groups", SweepEventType.SWEEP_STARTED, 7, OBSERVED, 0, 0, 0, 0,
                        true))),
                Arguments.of("sweep checkpoint", RecordValues.sweepEvent(new SweepEventData(
                        "compliance-groups", SweepEventType.CHECKPOINT, 7, OBSERVED, 120, 45_000,
                        310, 98, false))),
                Arguments.of("sweep completed", RecordValues.sweepEvent(new SweepEventData(
                        "compliance-groups", SweepEventType.SWEEP_COMPLETED, 7, OBSERVED, 250,
                        1_000_000, 1_234, 2_100, false))),
                Arguments.of("sweep completed with its checksum", RecordValues.sweepEvent(new SweepEventData(
                        "compliance-groups", SweepEventType.SWEEP_COMPLETED, 7, OBSERVED, 250,
                        1_000_000, 1_234, 2_100, false, new DirectoryChecksum(
                                new DirectoryChecksum.Part(250, 0x8000_0000_0000_0001L),
                                new DirectoryChecksum.Part(1_000_000, 42))))));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("records")
    void roundTripsThroughAvroBinary(String kind, Struct struct) throws IOException {
        Schema avroSchema = avroData.fromConnectSchema(struct.schema());
        Object avroValue = avroData.fromConnectData(struct.schema(), struct);

        byte[] wire = write(avroSchema, avroValue);
        Object readBack = read(avroSchema, wire);
        SchemaAndValue connect = avroData.toConnectData(avroSchema, readBack);

        assertThat(connect.schema()).isEqualTo(struct.schema());
        assertThat(connect.value()).isEqualTo(struct);
    }

    private static ChangeMetadata meta(ChangeType changeType) {
        return new ChangeMetadata(changeType, 7, OBSERVED);
    }

    private static byte[] write(Schema schema, Object value) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<>(schema).write(value, encoder);
        encoder.flush();
        return out.toByteArray();
    }

    private static Object read(Schema schema, byte[] wire) throws IOException {
        return new GenericDatumReader<>(schema).read(null, DecoderFactory.get().binaryDecoder(wire, null));
    }
}
