package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the JSON object of an admin request and its typed fields. Anything malformed throws
 * {@link BadRequest}, whose message says which field and what was expected.
 */
final class AdminRequestBody {

    /** A bad admin request; the handler answers 400 with this message. */
    static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private static final ObjectMapper MAPPER = new ObjectMapper();

    private AdminRequestBody() {
    }

    static JsonNode object(byte[] body) {
        try {
            JsonNode node = MAPPER.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON");
        } catch (IOException e) {
            throw new BadRequest("the request body could not be read");
        }
    }

    /** A string field; null when it is absent or JSON null and not {@code required}. */
    static String text(JsonNode in, String field, boolean required) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest(field + " must be a string");
        }
        return value.asText();
    }

    static int integer(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new BadRequest(field + " must be an integer");
        }
        return value.asInt();
    }

    /** {@code source_type}, {@code direct} when absent, as for a group made in the admin UI. */
    static String sourceType(JsonNode in) {
        String sourceType = text(in, "source_type", false);
        return sourceType == null ? DirectoryStore.SOURCE_DIRECT : sourceType;
    }

    /** {@code roles}: an array of strings, JSON null (null), or {@code whenAbsent} when the field is missing. */
    static List<String> roles(JsonNode in, List<String> whenAbsent) {
        if (!in.has("roles")) {
            return whenAbsent;
        }
        JsonNode roles = in.get("roles");
        if (roles.isNull()) {
            return null;
        }
        if (!roles.isArray()) {
            throw new BadRequest("roles must be an array of strings or null");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode role : roles) {
            if (!role.isTextual()) {
                throw new BadRequest("roles must be an array of strings or null");
            }
            list.add(role.asText());
        }
        return list;
    }
}
