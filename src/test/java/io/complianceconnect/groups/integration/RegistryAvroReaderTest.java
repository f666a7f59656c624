package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.apicurio.registry.utils.converter.avro.AvroData;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.AvroContract;
import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.mapping.ComplianceSchemas;
import io.complianceconnect.groups.mapping.RecordValues;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The reader {@link ConfluentStackIT} uses, against a stand-in registry on loopback serving the committed
 * contract: bytes in Confluent's wire format, made with the Connect-to-Avro mapping the converter uses,
 * decode to what the connector put in. Runs without Docker.
 */
class RegistryAvroReaderTest {

    private static final int SCHEMA_ID = 7;

    private HttpServer registry;
    private String groupSchemaJson;

    @BeforeEach
    void startRegistry() throws IOException {
        // The schema the code writes with: the newest committed version (the record below is encoded with it).
        groupSchemaJson = Files.readString(AvroContract.newestVersionDir(AvroContract.committedRoot()).resolve("Group.avsc"));
        registry = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 8);
        registry.createContext("/schemas/ids/" + SCHEMA_ID, exchange -> {
            byte[] body = new ObjectMapper().writeValueAsBytes(Map.of("schema", groupSchemaJson));
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        registry.createContext("/", exchange -> {
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        registry.start();
    }

    @AfterEach
    void stopRegistry() {
        registry.stop(0);
    }

    @Test
    void decodesAGroupRecordInTheWireFormatWithTheRegisteredSchema() throws IOException {
        Group group = new Group("rbac_group_1", "Legal", "", "scim", Instant.parse("2024-05-01T12:34:56.789Z"), null,
                List.of("role_a"), Map.of("tier", "\"gold\""));
        Struct value = RecordValues.groupValue(group,
                new ChangeMetadata(ChangeType.SNAPSHOT, 3, Instant.parse("2026-01-01T00:00:00Z")));

        RegistryAvroReader.Decoded decoded = reader().decode(wireFormat(ComplianceSchemas.GROUP_VALUE, value));

        assertThat(decoded.schemaId()).isEqualTo(SCHEMA_ID);
        assertThat(decoded.writerSchema()).isEqualTo(new Schema.Parser().parse(groupSchemaJson));
        GenericRecord r = decoded.record();
        assertThat(RegistryAvroReader.text(r.get("id"))).isEqualTo("rbac_group_1");
        assertThat(RegistryAvroReader.text(r.get("description"))).isEmpty();
        assertThat(RegistryAvroReader.millis(r.get("created_at"))).isEqualTo(group.createdAt().toEpochMilli());
        assertThat(RegistryAvroReader.millis(r.get("updated_at"))).isNull();
        assertThat(RegistryAvroReader.strings(r.get("roles"))).containsExactly("role_a");
        assertThat(RegistryAvroReader.stringMap(r.get("extra"))).containsExactly(Map.entry("tier", "\"gold\""));
        assertThat(RegistryAvroReader.text(r.get("change_type"))).isEqualTo("SNAPSHOT");
        assertThat(r.get("sweep")).isEqualTo(3L);
    }

    @Test
    void aTombstoneDecodesToNullAndForeignBytesAreRefused() {
        assertThat(reader().decode(null)).isNull();
        assertThatThrownBy(() -> reader().decode("{\"id\":1}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("wire format");
    }

    private RegistryAvroReader reader() {
        return new RegistryAvroReader(URI.create("http://127.0.0.1:" + registry.getAddress().getPort()));
    }

    /** What Confluent's AvroConverter writes: magic byte, schema id, Avro binary. */
    private static byte[] wireFormat(org.apache.kafka.connect.data.Schema schema, Struct value) throws IOException {
        AvroData avroData = new AvroData(64);
        GenericRecord record = (GenericRecord) avroData.fromConnectData(schema, value);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.write(ByteBuffer.allocate(4).putInt(SCHEMA_ID).array());
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, null);
        new GenericDatumWriter<GenericRecord>(record.getSchema()).write(record, encoder);
        encoder.flush();
        return out.toByteArray();
    }
}
