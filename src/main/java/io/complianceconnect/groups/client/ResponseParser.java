package io.complianceconnect.groups.client;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the API's JSON bodies with Jackson's streaming parser: one pass, no intermediate tree, so a
 * 1,000-member page costs little more than the objects it produces. This class reads the page around
 * the rows; {@link RowReader} reads each group or member. Problems are reported without quoting the
 * body, which may hold members' emails. Thread-safe.
 */
final class ResponseParser {

    /** What the error body of a failed request says; either part may be null. */
    record ErrorBody(String type, String message) {
        static final ErrorBody NONE = new ErrorBody(null, null);
    }

    private final ObjectMapper mapper;
    private final JsonFactory json;
    private final RowReader rows;

    ResponseParser(ObjectMapper mapper) {
        this.mapper = mapper;
        this.json = mapper.getFactory();
        this.rows = new RowReader(json);
    }

    /** A page of groups; rows that do not fit are reported to {@code problems} (see {@link RowReader}). */
    Page<Group> groupsPage(byte[] body, MalformedRows problems) throws MalformedResponseException {
        return page(body, problems, (p, found) -> rows.group(p, null, found));
    }

    Page<GroupMember> membersPage(byte[] body, String groupId, MalformedRows problems)
            throws MalformedResponseException {
        return page(body, problems, (p, found) -> rows.member(p, groupId, found));
    }

    /** One group; {@code requestedId} stands in for an id the body lacks. */
    Group group(byte[] body, String requestedId, MalformedRows problems) throws MalformedResponseException {
        try (JsonParser p = json.createParser(body)) {
            expectRootObject(p);
            return rows.group(p, requestedId, problems);
        } catch (IOException e) {
            throw malformed(e, body.length);
        }
    }

    /**
     * A page of the activity feed. Read as a tree: the feed is small and its entries vary by type;
     * only what identifies the affected groups and users is kept. An activity that cannot be used (no
     * id or type, or no id of the group or user its type is about) is skipped: the next sweep
     * reconciles whatever it said.
     */
    ActivityPage activitiesPage(byte[] body, MalformedRows problems) throws MalformedResponseException {
        JsonNode root;
        try {
            root = mapper.readTree(body);
        } catch (IOException e) {
            throw malformed(e, body.length);
        }
        if (root == null || !root.isObject() || !root.path("data").isArray()) {
            throw new MalformedResponseException("the activity page has no data array", false, null);
        }
        List<Activity> items = new ArrayList<>();
        for (JsonNode a : root.get("data")) {
            Activity activity = activity(a, problems);
            if (activity != null) {
                items.add(activity);
            }
        }
        return new ActivityPage(items, root.path("has_more").asBoolean(false), text(root, "first_id"),
                text(root, "last_id"));
    }

    /** The activity, or null when it cannot be used. */
    private static Activity activity(JsonNode a, MalformedRows problems) {
        String id = text(a, "id");
        String type = text(a, "type");
        String groupId = text(a, "group_id");
        String userId = text(a, "user_id");
        if (type != null && type.startsWith(Activity.ROLE_TYPE_PREFIX) && "group".equals(text(a, "principal_type"))) {
            groupId = text(a, "principal_id");   // a role assigned to or unassigned from a group
        }
        if (userId == null) {
            // org_user_deleted names the user; the one who leaves (org_user_left) is its actor.
            userId = text(a, "deleted_user_id") != null ? text(a, "deleted_user_id") : text(a.path("actor"), "user_id");
        }
        if (RowReader.isBlank(id) || RowReader.isBlank(type)
                || type.startsWith(Activity.GROUP_TYPE_PREFIX) && RowReader.isBlank(groupId)
                || Activity.isAboutOneUser(type) && RowReader.isBlank(userId)) {
            problems.add(MalformedRow.Kind.SKIPPED_ACTIVITY, null);
            return null;
        }
        List<String> memberIds = new ArrayList<>();
        a.path("member_ids").forEach(m -> {
            if (m.isTextual()) {
                memberIds.add(m.asText());
            }
        });
        String oneMember = text(a, "member_id");   // entries older than revision G
        if (oneMember != null && !memberIds.contains(oneMember)) {
            memberIds.add(oneMember);
        }
        Instant createdAt = null;
        JsonNode created = a.path("created_at");
        if (created.isTextual()) {
            try {
                createdAt = Rfc3339.parse(created.asText());
            } catch (DateTimeException e) {
                problems.add(MalformedRow.Kind.BAD_TIMESTAMP, "created_at");
            }
        } else if (!created.isMissingNode() && !created.isNull()) {
            problems.add(MalformedRow.Kind.WRONG_TYPE, "created_at");
        }
        return new Activity(id, createdAt, type, groupId, memberIds, userId);
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && v.isTextual() ? v.asText() : null;
    }

    /** Never fails: a body that is not the documented error shape yields {@link ErrorBody#NONE}. */
    ErrorBody error(byte[] body) {
        try {
            JsonNode error = mapper.readTree(body).path("error");
            return new ErrorBody(textOrNull(error.get("type")), textOrNull(error.get("message")));
        } catch (IOException | RuntimeException e) {
            return ErrorBody.NONE;
        }
    }

    /** Reads one row, the parser on its START_OBJECT; null when the row was skipped. */
    @FunctionalInterface
    private interface ItemReader<T> {
        T read(JsonParser p, MalformedRows problems) throws IOException;
    }

    private <T> Page<T> page(byte[] body, MalformedRows problems, ItemReader<T> reader)
            throws MalformedResponseException {
        try (JsonParser p = json.createParser(body)) {
            expectRootObject(p);
            List<T> items = null;
            MalformedRows found = new MalformedRows();
            Boolean hasMore = null;
            String nextPage = null;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                JsonToken value = p.nextToken();
                switch (field) {
                    case "data":
                        found = new MalformedRows();   // a repeated data field: the last one counts
                        items = readArray(p, value, reader, found);
                        break;
                    case "has_more":
                        if (value != JsonToken.VALUE_NULL) {
                            if (!value.isBoolean()) {
                                throw new MalformedResponseException("field has_more is not a boolean", false, null);
                            }
                            hasMore = value == JsonToken.VALUE_TRUE;
                        }
                        break;
                    case "next_page":
                        nextPage = RowReader.string(p, "next_page");
                        break;
                    default:
                        p.skipChildren();
                }
            }
            if (items == null) {
                throw new MalformedResponseException("required field data is missing", false, null);
            }
            if (nextPage != null && nextPage.isEmpty()) {
                nextPage = null;
            }
            if (Boolean.TRUE.equals(hasMore) && nextPage == null) {
                throw new MalformedResponseException(
                        "has_more is true but next_page is null: the listing cannot continue", false, null);
            }
            problems.addAll(found);
            // Stop when either field says there is no more.
            return new Page<>(items, Boolean.FALSE.equals(hasMore) ? null : nextPage, found.skipped());
        } catch (IOException e) {
            throw malformed(e, body.length);
        }
    }

    private <T> List<T> readArray(JsonParser p, JsonToken value, ItemReader<T> reader, MalformedRows found)
            throws IOException, MalformedResponseException {
        if (value != JsonToken.START_ARRAY) {
            throw new MalformedResponseException("field data is not an array", false, null);
        }
        List<T> items = new ArrayList<>();
        JsonToken token;
        while ((token = p.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.START_OBJECT) {
                // Not a row at all, so no id either: skipped like a row without one.
                p.skipChildren();
                found.add(MalformedRow.Kind.SKIPPED_WITHOUT_ID, null);
                continue;
            }
            T item = reader.read(p, found);
            if (item != null) {
                items.add(item);
            }
        }
        return items;
    }

    private static void expectRootObject(JsonParser p) throws IOException, MalformedResponseException {
        JsonToken first = p.nextToken();
        if (first == null) {
            throw new MalformedResponseException("the response body is empty", true, null);
        }
        if (first != JsonToken.START_OBJECT) {
            throw new MalformedResponseException("the response body is not a JSON object", false, null);
        }
    }

    private static MalformedResponseException malformed(IOException e, int bodyLength) {
        // Jackson's own message quotes the offending input; keep only the kind of problem and location.
        long offset = e instanceof JsonProcessingException jpe && jpe.getLocation() != null
                ? jpe.getLocation().getByteOffset() : -1;
        // A body cut off after a comma or inside a literal fails as a parse error at the very end of the
        // input rather than as an end-of-input error; both are truncation.
        boolean truncated = e instanceof JsonEOFException || offset >= bodyLength;
        String where = offset >= 0 ? " at byte " + offset + " of " + bodyLength : "";
        String message = truncated ? "the response body ended early (truncated JSON)" + where
                : "the response body is not valid JSON" + where;
        return new MalformedResponseException(message, truncated, null);
    }

    private static String textOrNull(JsonNode node) {
        return node != null && node.isTextual() ? node.textValue() : null;
    }
}
