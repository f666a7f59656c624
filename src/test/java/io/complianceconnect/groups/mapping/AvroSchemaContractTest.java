package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The Avro that the converter makes of each Connect schema is exactly the committed contract of the
 * newest version. A failure means a schema change: review the generated JSON (printed, and written
 * under {@code target/generated-avro/}) and commit it deliberately, as a new version if it changes
 * what consumers see.
 */
class AvroSchemaContractTest {

    static Stream<org.apache.kafka.connect.data.Schema> connectSchemas() {
        return AvroContract.CONNECT_SCHEMAS.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectSchemas")
    void generatedAvroIsTheCommittedContract(org.apache.kafka.connect.data.Schema connectSchema)
            throws IOException {
        String generatedJson = AvroContract.prettyJson(AvroContract.avroData().fromConnectSchema(connectSchema));
        Path generatedFile = writeForReview(connectSchema, generatedJson);
        Path committedFile = AvroContract.newestVersionDir(AvroContract.committedRoot())
                .resolve(AvroContract.fileName(connectSchema));
        String review = "The Avro generated from " + connectSchema.name() + " differs from "
                + committedFile + ". Review it (also in " + generatedFile + ") and commit it "
                + "deliberately:\n" + generatedJson + "\n";

        assertThat(committedFile).as(review).exists();
        Schema generated = AvroContract.parse(generatedJson);
        Schema committed = AvroContract.parse(committedFile);
        assertThat(generated).as(review).isEqualTo(committed);
        // Avro's equals ignores docs; they are part of the contract too.
        assertThat(AvroContract.prettyJson(generated)).as(review).isEqualTo(AvroContract.prettyJson(committed));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("connectSchemas")
    void contractReadsWell(org.apache.kafka.connect.data.Schema connectSchema) {
        Schema committed = AvroContract.parse(AvroContract.newestVersionDir(AvroContract.committedRoot())
                .resolve(AvroContract.fileName(connectSchema)));

        assertThat(committed.getType()).isEqualTo(Schema.Type.RECORD);
        assertThat(committed.getFullName()).isEqualTo(connectSchema.name());
        assertThat(committed.getDoc()).isNotBlank();
        assertThat(committed.getProp("connect.name")).isEqualTo(connectSchema.name());
        assertThat(committed.getObjectProp("connect.version")).isEqualTo(connectSchema.version());
        for (Schema.Field field : committed.getFields()) {
            assertThat(field.doc()).as("doc of %s", field.name()).isNotBlank();
            boolean optional = connectSchema.field(field.name()).schema().isOptional();
            if (optional) {
                assertThat(field.schema().getType()).as(field.name()).isEqualTo(Schema.Type.UNION);
                assertThat(field.schema().getTypes().get(0).getType()).as(field.name())
                        .isEqualTo(Schema.Type.NULL);
                assertThat(field.hasDefaultValue()).as(field.name()).isTrue();
                assertThat(field.defaultVal()).as(field.name()).isEqualTo(JsonProperties.NULL_VALUE);
            }
            Schema valueType = optional ? field.schema().getTypes().get(1) : field.schema();
            if ("org.apache.kafka.connect.data.Timestamp".equals(connectSchema.field(field.name()).schema().name())) {
                assertThat(valueType.getLogicalType()).as(field.name()).isNotNull();
                assertThat(valueType.getLogicalType().getName()).as(field.name()).isEqualTo("timestamp-millis");
            }
        }
    }

    private static Path writeForReview(org.apache.kafka.connect.data.Schema connectSchema, String json)
            throws IOException {
        Path file = AvroContract.projectDir().resolve("target/generated-avro")
                .resolve(AvroContract.fileName(connectSchema));
        Files.createDirectories(file.getParent());
        Files.writeString(file, json + "\n");
        return file;
    }
}
