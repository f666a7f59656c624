package io.complianceconnect.groups.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DecoderFactory;

/**
 * Reads what Confluent's Avro converter (or another writing the same format) writes, without Confluent's
 * jars: a client of the Confluent Schema Registry REST API, and the wire format (magic byte 0, the schema id
 * as a 4-byte big-endian int, then the Avro binary encoding) decoded with the schema the registry holds for
 * that id. Also the subject administration an operator does: compatibility levels, checks, registration.
 */
final class RegistryAvroReader {

    /** One decoded key or value: the schema it was written with, and the record. */
    record Decoded(int schemaId, Schema writerSchema, GenericRecord record) {
    }

    /** The registry's answer to a write: HTTP status and JSON body (an error's {@code error_code} and message). */
    record Answer(int status, JsonNode body) {
    }

    private static final byte MAGIC_BYTE = 0;

    private final URI registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemasById = new ConcurrentHashMap<>();

    /** @param registry the registry's base URL, such as {@code http://localhost:8081} */
    RegistryAvroReader(URI registry) {
        this.registry = registry;
    }

    /** Null for null bytes (a tombstone). */
    Decoded decode(byte[] bytes) {
        if (bytes == null) {
            return null;
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        if (bytes.length < 5 || buffer.get() != MAGIC_BYTE) {
            throw new IllegalArgumentException("not in the Schema Registry wire format (" + bytes.length + " bytes)");
        }
        int id = buffer.getInt();
        Schema schema = schemaById(id);
        BinaryDecoder decoder = DecoderFactory.get().binaryDecoder(bytes, 5, bytes.length - 5, null);
        try {
            GenericRecord record = new GenericDatumReader<GenericRecord>(schema).read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IllegalArgumentException("bytes left over after the record of schema id " + id);
            }
            return new Decoded(id, schema, record);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot decode a record of schema id " + id, e);
        }
    }

    Schema schemaById(int id) {
        return schemasById.computeIfAbsent(id, i -> parse(get("/schemas/ids/" + i).path("schema").asText()));
    }

    List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        get("/subjects").forEach(s -> subjects.add(s.asText()));
        return subjects;
    }

    List<Integer> versions(String subject) {
        List<Integer> versions = new ArrayList<>();
        get("/subjects/" + encode(subject) + "/versions").forEach(v -> versions.add(v.asInt()));
        return versions;
    }

    Schema latestSchema(String subject) {
        return parse(get("/subjects/" + encode(subject) + "/versions/latest").path("schema").asText());
    }

    /** The id of the subject's latest version: what the wire format carries for records written with it. */
    int latestId(String subject) {
        return get("/subjects/" + encode(subject) + "/versions/latest").path("id").asInt();
    }

    /** The subject's compatibility level, e.g. BACKWARD. */
    String compatibility(String subject) {
        return get("/config/" + encode(subject)).path("compatibilityLevel").asText();
    }

    Answer setCompatibility(String subject, String level) {
        return send("PUT", "/config/" + encode(subject), json.createObjectNode().put("compatibility", level));
    }

    /** Whether {@code schema} may become the subject's next version under its compatibility level. */
    Answer checkCompatibility(String subject, Schema schema) {
        return send("POST", "/compatibility/subjects/" + encode(subject) + "/versions/latest", schemaBody(schema));
    }

    /** Registers {@code schema} under the subject: its id, or 409 when the compatibility level refuses it. */
    Answer register(String subject, Schema schema) {
        return send("POST", "/subjects/" + encode(subject) + "/versions", schemaBody(schema));
    }

    // ---- the decoded records in the shapes of TopicReplica's expected maps ---------------------

    static String text(Object avroString) {
        return avroString == null ? null : avroString.toString();
    }

    static Long millis(Object avroTimestamp) {
        if (avroTimestamp instanceof Instant instant) {
            return instant.toEpochMilli();
        }
        return (Long) avroTimestamp;
    }

    static List<String> strings(Object avroArray) {
        if (avroArray == null) {
            return null;
        }
        List<String> values = new ArrayList<>();
        ((Collection<?>) avroArray).forEach(v -> values.add(v.toString()));
        return values;
    }

    static Map<String, String> stringMap(Object avroMap) {
        Map<String, String> values = new LinkedHashMap<>();
        ((Map<?, ?>) avroMap).forEach((k, v) -> values.put(k.toString(), v.toString()));
        return values;
    }

    private static Schema parse(String schemaJson) {
        return new Schema.Parser().parse(schemaJson);
    }

    private static String encode(String pathSegment) {
        return URLEncoder.encode(pathSegment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private JsonNode schemaBody(Schema schema) {
        return json.createObjectNode().put("schema", schema.toString());
    }

    private JsonNode get(String path) {
        Answer answer = send("GET", path, null);
        if (answer.status() != 200) {
            throw new IllegalStateException("GET " + path + " -> HTTP " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }

    private Answer send(String method, String path, JsonNode body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(registry + path))
                .header("Accept", "application/vnd.schemaregistry.v1+json")
                .timeout(Duration.ofSeconds(30));
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/vnd.schemaregistry.v1+json")
                    .method(method, HttpRequest.BodyPublishers.ofString(body.toString()));
        }
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode answer = response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
            return new Answer(response.statusCode(), answer);
        } catch (IOException e) {
            throw new UncheckedIOException(method + " " + registry + path, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
