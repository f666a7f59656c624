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
 * does not know are kept in {@code extra} as compact JSON text, numbers exactly as sent.
 *
 * <p>One odd row must not stop the replica, so a documented field whose value does not fit (a number
 * where a string belongs, a timestamp without an offset) is read as null and its raw value kept in
 * {@code extra} under the field's own name; a row without a usable id is skipped. Each case is reported
 * to a {@link MalformedRows}, by field name only: the value may be a member's email.
 */
final class RowReader {

    private final JsonFactory json;

    RowReader(JsonFactory json) {
        this.json = json;
    }

    /**
     * Reads the fields of a group; the parser is on its START_OBJECT.
     *
     * @param requestedId the id the request asked for (a GET), used when the body has no usable id; null
     *                    for a listed row, which is then skipped
     * @return the group, or null when it was skipped
     */
    Group group(JsonParser p, String requestedId, MalformedRows problems) throws IOException {
        Row row = new Row();
        String id = null;
        String name = null;
        String description = null;
        String sourceType = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        List<String> roles = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "id" -> id = row.text(p, field);
                case "name" -> name = row.text(p, field);
                case "description" -> description = row.text(p, field);
                case "source_type" -> sourceType = row.text(p, field);
                case "created_at" -> createdAt = row.timestamp(p, field);
                case "updated_at" -> updatedAt = row.timestamp(p, field);
                case "roles" -> roles = row.stringArray(p, field);
                default -> row.keepUnknown(p, field);
            }
        }
        if (isBlank(id)) {
            if (requestedId == null) {
                problems.add(MalformedRow.Kind.SKIPPED_WITHOUT_ID, null);
                return null;
            }
            row.missing("id");
            id = requestedId;
        }
        if (name == null) {
            row.missing("name");
        }
        problems.addAll(row.problems);
        return new Group(id, name, description, sourceType, createdAt, updatedAt, roles, row.extra);
    }

    /**
     * Reads the fields of a member; the group id comes from the request path.
     *
     * @return the member, or null when it was skipped (no usable user id)
     */
    GroupMember member(JsonParser p, String groupId, MalformedRows problems) throws IOException {
        Row row = new Row();
        String userId = null;
        String email = null;
        Instant createdAt = null;
        Instant updatedAt = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "user_id" -> userId = row.text(p, field);
                case "email" -> email = row.text(p, field);
                case "created_at" -> createdAt = row.timestamp(p, field);
                case "updated_at" -> updatedAt = row.timestamp(p, field);
                default -> row.keepUnknown(p, field);
            }
        }
        if (isBlank(userId)) {
            problems.add(MalformedRow.Kind.SKIPPED_WITHOUT_ID, null);
            return null;
        }
        problems.addAll(row.problems);
        return new GroupMember(groupId, userId, email, createdAt, updatedAt, row.extra);
    }

    /**
     * The value the parser is on as a string: null for JSON null.
     *
     * @throws MalformedResponseException when it is not a string (for the page's own fields, whose shape the
     *                                    listing depends on)
     */
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

    static boolean isBlank(String id) {
        return id == null || id.isBlank();
    }

    /** One row being read: its extra fields, raw values that did not fit, and its problems. */
    private final class Row {
        private Map<String, String> extra;
        private final MalformedRows problems = new MalformedRows();
        /** Fields already reported, so that a field is counted once however it failed. */
        private final List<String> reported = new ArrayList<>(2);

        String text(JsonParser p, String field) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_STRING) {
                fits(field);
                return p.getText();
            }
            if (token == JsonToken.VALUE_NULL) {
                fits(field);
                return null;
            }
            doesNotFit(field, capture(p), MalformedRow.Kind.WRONG_TYPE);
            return null;
        }

        Instant timestamp(JsonParser p, String field) throws IOException {
            String text = text(p, field);
            if (text == null) {
                return null;
            }
            try {
                return Rfc3339.parse(text);
            } catch (DateTimeException e) {
                doesNotFit(field, quoted(text), MalformedRow.Kind.BAD_TIMESTAMP);
                return null;
            }
        }

        List<String> stringArray(JsonParser p, String field) throws IOException {
            JsonToken token = p.currentToken();
            if (token == JsonToken.VALUE_NULL) {
                fits(field);
                return null;
            }
            String raw = capture(p);
            List<String> values = token == JsonToken.START_ARRAY ? stringsIn(raw) : null;
            if (values == null) {
                doesNotFit(field, raw, MalformedRow.Kind.WRONG_TYPE);
                return null;
            }
            fits(field);
            return values;
        }

        void keepUnknown(JsonParser p, String field) throws IOException {
            keep(field, capture(p));
        }

        void missing(String field) {
            if (!reported.contains(field)) {
                reported.add(field);
                problems.add(MalformedRow.Kind.MISSING_REQUIRED_FIELD, field);
            }
        }

        /** A later occurrence of a repeated field wins: a value that fits drops the raw one kept before. */
        private void fits(String field) {
            if (extra != null) {
                extra.remove(field);
            }
        }

        private void doesNotFit(String field, String raw, MalformedRow.Kind kind) {
            keep(field, raw);
            if (!reported.contains(field)) {
                reported.add(field);
                problems.add(kind, field);
            }
        }

        private void keep(String field, String raw) {
            if (extra == null) {
                extra = new LinkedHashMap<>();
            }
            extra.put(field, raw);
        }
    }

    /** The value the parser is on, with everything inside it, as compact JSON text. */
    private String capture(JsonParser p) throws IOException {
        StringWriter text = new StringWriter(32);
        try (JsonGenerator g = json.createGenerator(text)) {
            copyKeepingNumberText(p, g);
        }
        return text.toString();
    }

    private String quoted(String text) throws IOException {
        StringWriter out = new StringWriter(text.length() + 2);
        try (JsonGenerator g = json.createGenerator(out)) {
            g.writeString(text);
        }
        return out.toString();
    }

    /** The strings of a JSON array's text, or null when an element is not a string. */
    private List<String> stringsIn(String arrayText) throws IOException {
        List<String> values = new ArrayList<>();
        try (JsonParser p = json.createParser(arrayText)) {
            p.nextToken();
            JsonToken token;
            while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
                if (token != JsonToken.VALUE_STRING) {
                    return null;
                }
                values.add(p.getText());
            }
        }
        return values;
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
}
