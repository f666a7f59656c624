package io.complianceconnect.groups.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import java.io.IOException;
import java.io.StringWriter;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one group or member object of a response with Jackson's streaming parser. Fields this version
 * does not know are kept in {@code extra} as compact JSON text, numbers exactly as sent. Problems are
 * reported without quoting the value, which may be a member's email.
 */
final class RowReader {

    private final JsonFactory json;

    RowReader(JsonFactory json) {
        this.json = json;
    }

    /** Reads the fields of a group; the parser is on its START_OBJECT. */
    Group group(JsonParser p) throws IOException, MalformedResponseException {
        String id = null;
        String name = null;
        String description = null;
        String sourceType = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        List<String> roles = null;
        Map<String, String> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = string(p, "group id");
                case "name" -> name = string(p, "group name");
                case "description" -> description = string(p, "group description");
                case "source_type" -> sourceType = string(p, "group source_type");
                case "created_at" -> createdAt = timestamp(p, "group created_at");
                case "updated_at" -> updatedAt = timestamp(p, "group updated_at");
                case "roles" -> roles = stringArray(p, "group roles");
                default -> extra = keepUnknown(p, field, extra);
            }
        }
        require(id, "group", "id", null);
        require(name, "group", "name", id);
        return new Group(id, name, description, sourceType, createdAt, updatedAt, roles, extra);
    }

    /** Reads the fields of a member; the group id comes from the request path. */
    GroupMember member(JsonParser p, String groupId) throws IOException, MalformedResponseException {
        String userId = null;
        String email = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        Map<String, String> extra = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "user_id" -> userId = string(p, "member user_id");
                case "email" -> email = string(p, "member email");
                case "created_at" -> createdAt = timestamp(p, "member created_at");
                case "updated_at" -> updatedAt = timestamp(p, "member updated_at");
                default -> extra = keepUnknown(p, field, extra);
            }
        }
        require(userId, "member", "user_id", null);
        return new GroupMember(groupId, userId, email, createdAt, updatedAt, extra);
    }

    private Map<String, String> keepUnknown(JsonParser p, String field, Map<String, String> extra) throws IOException {
        Map<String, String> kept = extra == null ? new LinkedHashMap<>() : extra;
        StringWriter text = new StringWriter(32);
        try (JsonGenerator g = json.createGenerator(text)) {
            copyKeepingNumberText(p, g);
        }
        kept.put(field, text.toString());
        return kept;
    }

    /**
     * {@link JsonGenerator#copyCurrentStructure} without its number conversion: it copies floats through
     * {@code double}, which rounds long decimals and turns {@code 1e400} into the string "Infinity". An
     * unknown field must reach consumers as the API sent it, so numbers are written from their own text.
     */
    private static void copyKeepingNumberText(JsonParser p, JsonGenerator g) throws IOException {
        int depth = 0;
        JsonToken token = p.currentToken();
        do {
            if (token == JsonToken.VALUE_NUMBER_INT || token == JsonToken.VALUE_NUMBER_FLOAT) {
                g.writeNumber(p.getText());
            } else {
                g.copyCurrentEvent(p);
            }
            if (token.isStructStart()) {
                depth++;
            } else if (token.isStructEnd()) {
                depth--;
            }
        } while (depth > 0 && (token = p.nextToken()) != null);
    }

    static String string(JsonParser p, String what) throws IOException, MalformedResponseException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.VALUE_STRING) {
            p.skipChildren();
            throw new MalformedResponseException("field " + what + " is not a string", false, null);
        }
        return p.getText();
    }

    private static Instant timestamp(JsonParser p, String what) throws IOException, MalformedResponseException {
        String text = string(p, what);
        if (text == null) {
            return null;
        }
        try {
            return Rfc3339.parse(text);
        } catch (DateTimeException e) {
            throw new MalformedResponseException("field " + what + " is not an RFC 3339 timestamp", false, null);
        }
    }

    private static List<String> stringArray(JsonParser p, String what) throws IOException, MalformedResponseException {
        JsonToken token = p.currentToken();
        if (token == JsonToken.VALUE_NULL) {
            return null;
        }
        if (token != JsonToken.START_ARRAY) {
            p.skipChildren();
            throw new MalformedResponseException("field " + what + " is not an array", false, null);
        }
        List<String> values = new ArrayList<>();
        while (p.nextToken() != JsonToken.END_ARRAY) {
            if (p.currentToken() != JsonToken.VALUE_STRING) {
                throw new MalformedResponseException("field " + what + " holds a value that is not a string", false, null);
            }
            values.add(p.getText());
        }
        return values;
    }

    private static void require(String value, String object, String field, String objectId)
            throws MalformedResponseException {
        if (value == null) {
            throw new MalformedResponseException("required field " + field + " is missing or null in a " + object
                    + (objectId == null ? "" : " (id " + objectId + ")"), false, null);
        }
    }
}
