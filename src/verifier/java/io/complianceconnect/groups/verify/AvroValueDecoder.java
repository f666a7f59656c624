package io.complianceconnect.groups.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.DecoderFactory;

/**
 * Values in the Schema Registry wire format (magic byte 0, the writer schema's id as a 4-byte
 * big-endian number, the Avro binary encoding), as Confluent's Avro converter and Apicurio's in
 * Confluent mode write them. The writer schema comes from the registry's Confluent-compatible API
 * ({@code GET <url>/schemas/ids/<id>}), and Apache Avro decodes the value with it.
 */
final class AvroValueDecoder implements ValueDecoder {

    private static final byte MAGIC_BYTE = 0;

    private final URI registry;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final ObjectMapper json = new ObjectMapper();
    private final Map<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /** @param registry the base of the registry's Confluent-compatible API, e.g. http://localhost:8081 */
    AvroValueDecoder(URI registry) {
        String base = registry.toString();
        this.registry = URI.create(base.endsWith("/") ? base : base + "/");
    }

    @Override
    public Function<String, Object> decode(String topic, byte[] value) {
        if (value.length < 5 || value[0] != MAGIC_BYTE) {
            throw new IllegalArgumentException("a value on " + topic + " is not in the schema registry wire format "
                    + "(magic byte 0 and a schema id); is the topic written with the JSON converter?");
        }
        int id = ByteBuffer.wrap(value, 1, 4).getInt();
        Schema writer = schemas.computeIfAbsent(id, this::fetchSchema);
        GenericRecord record;
        try {
            record = new GenericDatumReader<GenericRecord>(writer)
                    .read(null, DecoderFactory.get().binaryDecoder(value, 5, value.length - 5, null));
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException("a value on " + topic + " does not decode with schema " + id + ": "
                    + e.getMessage(), e);
        }
        return name -> writer.getField(name) == null ? null : toJava(record.get(name));
    }

    private Schema fetchSchema(int id) {
        URI uri = registry.resolve("schemas/ids/" + id);
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(30))
                    .header("Accept", "application/vnd.schemaregistry.v1+json, application/json").GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new IllegalStateException("the schema registry answered " + response.statusCode() + " for "
                        + uri);
            }
            JsonNode body = json.readTree(response.body());
            return new Schema.Parser().parse(body.get("schema").asText());
        } catch (IOException e) {
            throw new IllegalStateException("the schema registry at " + uri + " could not be read: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while reading " + uri, e);
        }
    }

    /** Avro's generic values as plain Java: text as String, arrays as lists, maps with String keys. */
    private static Object toJava(Object value) {
        if (value instanceof CharSequence text) {
            return text.toString();
        }
        if (value instanceof Collection<?> items) {
            List<Object> list = new ArrayList<>(items.size());
            items.forEach(item -> list.add(toJava(item)));
            return list;
        }
        if (value instanceof Map<?, ?> map) {
            Map<String, Object> copy = new LinkedHashMap<>();
            map.forEach((k, v) -> copy.put(k.toString(), toJava(v)));
            return copy;
        }
        return value;
    }
}
