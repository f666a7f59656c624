package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * Undocumented fields a test adds to a group's or a membership's JSON, to check that clients ignore
 * them: their names (never a documented field's), their values (one JSON value, kept in Jackson's
 * compact form) and the maps they are stored in.
 */
final class ExtraFields {

    static final Set<String> GROUP_FIELDS =
            Set.of("id", "name", "description", "source_type", "created_at", "updated_at", "roles");
    static final Set<String> MEMBER_FIELDS = Set.of("user_id", "email", "created_at", "updated_at");

    private final ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    static void requireName(String name, Set<String> documented) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("extra field name is empty");
        }
        if (documented.contains(name)) {
            throw new IllegalArgumentException(name + " is a documented field, not an extra one");
        }
    }

    /** {@code jsonText} in compact form; null stays null (it removes the field). */
    String normalize(String jsonText) {
        if (jsonText == null) {
            return null;
        }
        try {
            JsonNode node = json.readTree(jsonText);
            if (node == null || node.isMissingNode()) {
                throw new IllegalArgumentException("extra field value is empty, expected one JSON value");
            }
            return json.writeValueAsString(node);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("extra field value is not one JSON value: " + e.getOriginalMessage());
        }
    }

    /** {@code text} as a JSON string value. */
    String string(String text) {
        try {
            return json.writeValueAsString(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a string is always JSON", e);
        }
    }

    /** A copy of {@code extra} with the field set, or removed when {@code jsonText} is null; null when empty. */
    static Map<String, String> with(Map<String, String> extra, String name, String jsonText) {
        Map<String, String> copy = extra == null ? new LinkedHashMap<>() : new LinkedHashMap<>(extra);
        if (jsonText == null) {
            copy.remove(name);
        } else {
            copy.put(name, jsonText);
        }
        return copy.isEmpty() ? null : copy;
    }
}
