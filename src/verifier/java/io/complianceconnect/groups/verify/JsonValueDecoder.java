package io.complianceconnect.groups.verify;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Values written by Kafka's JsonConverter, with {@code schemas.enable} on (a {@code schema} and
 * {@code payload} envelope) or off (the payload alone). Either way timestamps are epoch
 * milliseconds, as the converter writes Connect timestamps.
 */
final class JsonValueDecoder implements ValueDecoder {

    private final ObjectMapper json = new ObjectMapper();

    @Override
    public Function<String, Object> decode(String topic, byte[] value) {
        JsonNode root;
        try {
            root = json.readTree(value);
        } catch (IOException e) {
            throw new IllegalArgumentException("a value on " + topic + " is not JSON: " + e.getMessage(), e);
        }
        JsonNode payload = root != null && root.size() == 2 && root.has("schema") && root.has("payload")
                ? root.get("payload") : root;
        if (payload == null || !payload.isObject()) {
            throw new IllegalArgumentException("a value on " + topic + " is not a JSON object");
        }
        return name -> toJava(payload.get(name));
    }

    private static Object toJava(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        if (node.isTextual()) {
            return node.textValue();
        }
        if (node.isIntegralNumber()) {
            return node.longValue();
        }
        if (node.isBoolean()) {
            return node.booleanValue();
        }
        if (node.isArray()) {
            List<Object> items = new ArrayList<>();
            node.forEach(item -> items.add(toJava(item)));
            return items;
        }
        if (node.isObject()) {
            Map<String, Object> map = new LinkedHashMap<>();
            node.fields().forEachRemaining(e -> map.put(e.getKey(), toJava(e.getValue())));
            return map;
        }
        // A fraction: no field of the contract is one, so the digest refuses it by name.
        return node.numberValue();
    }
}
