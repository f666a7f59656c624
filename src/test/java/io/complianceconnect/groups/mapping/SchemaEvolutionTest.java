package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The contract only evolves so that consumers keep reading old data: each committed version reads
 * data written with its predecessor, and the schemas in the code read the newest committed version.
 */
class SchemaEvolutionTest {

    @Test
    void eachCommittedVersionReadsDataOfItsPredecessor() {
        assertThat(AvroContract.backwardProblems(AvroContract.committedRoot())).isEmpty();
    }

    @Test
    void eachCommittedVersionsDataIsReadByItsPredecessor() {
        assertThat(AvroContract.forwardProblems(AvroContract.committedRoot())).isEmpty();
    }

    @Test
    void keySchemasNeverChangeBetweenVersions() throws IOException {
        List<Path> versions = AvroContract.versionDirs(AvroContract.committedRoot());
        for (String key : List.of("GroupKey.avsc", "GroupMemberKey.avsc", "SweepKey.avsc")) {
            String first = Files.readString(versions.get(0).resolve(key));
            for (Path version : versions) {
                assertThat(Files.readString(version.resolve(key))).as(version + "/" + key).isEqualTo(first);
            }
        }
    }

    @Test
    void anOlderReaderIsToldWhenANewerVersionChangesAType(@TempDir Path root) throws IOException {
        Schema v1Group = copyCommittedV1To(root).get("Group.avsc");
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : v1Group.getFields()) {
            fields.add(field.name().equals("sweep")
                    ? new Schema.Field(field.name(), Schema.create(Schema.Type.STRING), field.doc())
                    : new Schema.Field(field, field.schema()));
        }
        Schema changed = Schema.createRecord(v1Group.getName(), v1Group.getDoc(), v1Group.getNamespace(), false, fields);
        writeV2(root, changed);

        assertThat(AvroContract.forwardProblems(root)).singleElement().asString()
                .startsWith("v1/Group.avsc cannot read v2 data").contains("TYPE_MISMATCH");
    }

    @Test
    void eachCommittedVersionHoldsTheWholeContract() {
        List<String> expected = AvroContract.CONNECT_SCHEMAS.stream().map(AvroContract::fileName).sorted().toList();
        for (Path version : AvroContract.versionDirs(AvroContract.committedRoot())) {
            assertThat(AvroContract.avscFiles(version)).as(version.toString())
                    .map(file -> file.getFileName().toString())
                    .containsExactlyElementsOf(expected);
        }
    }

    static Stream<org.apache.kafka.connect.data.Schema> connectSchemas() {
        return AvroContract.CONNECT_SCHEMAS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectSchemas")
    void currentSchemaReadsDataOfTheNewestCommittedVersion(org.apache.kafka.connect.data.Schema connectSchema) {
        Schema current = AvroContract.avroData().fromConnectSchema(connectSchema);
        Schema newest = AvroContract.parse(AvroContract.newestVersionDir(AvroContract.committedRoot())
                .resolve(AvroContract.fileName(connectSchema)));

        assertThat(AvroContract.readProblems(current, newest)).isEmpty();
    }

    @Test
    void aNewRequiredFieldWithoutDefaultIsReportedIncompatible(@TempDir Path root) throws IOException {
        Schema v1Group = copyCommittedV1To(root).get("Group.avsc");
        writeV2(root, withField(v1Group, new Schema.Field("tenant", Schema.create(Schema.Type.STRING),
                "The tenant.")));

        List<String> problems = AvroContract.backwardProblems(root);

        assertThat(problems)
                .singleElement().asString()
                .startsWith("v2/Group.avsc cannot read v1 data")
                .contains("READER_FIELD_MISSING_DEFAULT")
                .contains("tenant");
    }

    @Test
    void aNewOptionalFieldWithNullDefaultIsCompatible(@TempDir Path root) throws IOException {
        Schema v1Group = copyCommittedV1To(root).get("Group.avsc");
        Schema optionalString = Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING));
        writeV2(root, withField(v1Group, new Schema.Field("tenant", optionalString, "The tenant.",
                JsonProperties.NULL_VALUE)));

        assertThat(AvroContract.backwardProblems(root)).isEmpty();
    }

    @Test
    void aDroppedSchemaIsReported(@TempDir Path root) throws IOException {
        copyCommittedV1To(root);
        Files.createDirectories(root.resolve("v2"));

        assertThat(AvroContract.backwardProblems(root)).hasSize(AvroContract.CONNECT_SCHEMAS.size())
                .allSatisfy(problem -> assertThat(problem).startsWith("v2 drops "));
    }

    @Test
    void aGapInVersionsIsReported(@TempDir Path root) throws IOException {
        copyCommittedV1To(root);
        Files.createDirectories(root.resolve("v3"));

        assertThatThrownBy(() -> AvroContract.backwardProblems(root)).hasMessageContaining("without gaps");
    }

    private static Map<String, Schema> copyCommittedV1To(Path root) throws IOException {
        Path v1 = Files.createDirectories(root.resolve("v1"));
        Map<String, Schema> schemas = new TreeMap<>();
        for (Path file : AvroContract.avscFiles(AvroContract.committedRoot().resolve("v1"))) {
            Files.copy(file, v1.resolve(file.getFileName()));
            schemas.put(file.getFileName().toString(), AvroContract.parse(file));
        }
        return schemas;
    }

    /** v2 = v1 with Group.avsc replaced by {@code group}. */
    private static void writeV2(Path root, Schema group) throws IOException {
        Path v2 = Files.createDirectories(root.resolve("v2"));
        for (Path file : AvroContract.avscFiles(root.resolve("v1"))) {
            Files.copy(file, v2.resolve(file.getFileName()));
        }
        Files.writeString(v2.resolve("Group.avsc"), AvroContract.prettyJson(group));
    }

    private static Schema withField(Schema record, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field field : record.getFields()) {
            fields.add(new Schema.Field(field, field.schema()));
        }
        fields.add(added);
        Schema copy = Schema.createRecord(record.getName(), record.getDoc(), record.getNamespace(), false, fields);
        record.getObjectProps().forEach(copy::addProp);
        return copy;
    }
}
