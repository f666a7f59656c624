package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/** Writes the API's JSON bodies: groups, members, activities, pages and errors, shaped by the active fault. */
final class JsonBodies {

    /** How a fault changes the objects of a successful response. */
    enum Shaping { NONE, EXTRA_FIELDS, NULL_TIMESTAMPS_AND_ROLES }

    @FunctionalInterface
    private interface Body {
        void write(JsonGenerator out) throws IOException;
    }

    @FunctionalInterface
    interface ItemWriter<T> {
        void write(JsonGenerator out, T item, Shaping shaping) throws IOException;
    }

    /** RFC 3339 in UTC with all six digits of microseconds, as the activity feed writes {@code created_at}. */
    private static final DateTimeFormatter MICROSECONDS =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private final JsonFactory factory = new JsonFactory();

    byte[] error(String type, String message) {
        return render(out -> {
            out.writeStartObject();
            out.writeObjectFieldStart("error");
            out.writeStringField("type", type);
            out.writeStringField("message", message);
            out.writeEndObject();
            out.writeEndObject();
        });
    }

    byte[] group(SimGroup group, Shaping shaping) {
        return render(out -> writeGroup(out, group, shaping));
    }

    <T> byte[] page(List<T> items, ItemWriter<T> itemWriter, boolean hasMore, String nextPage, Shaping shaping) {
        return render(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("data");
            for (T item : items) {
                itemWriter.write(out, item, shaping);
            }
            out.writeEndArray();
            out.writeBooleanField("has_more", hasMore);
            out.writeStringField("next_page", nextPage);
            writeExtras(out, shaping);
            out.writeEndObject();
        });
    }

    /**
     * A page of the activity feed. {@code first_id} is the newest activity on the page and
     * {@code last_id} the oldest; both null on an empty page.
     */
    byte[] activityPage(List<Activity> activities, boolean hasMore, Shaping shaping) {
        return render(out -> {
            out.writeStartObject();
            out.writeArrayFieldStart("data");
            for (Activity activity : activities) {
                writeActivity(out, activity, shaping);
            }
            out.writeEndArray();
            out.writeBooleanField("has_more", hasMore);
            out.writeStringField("first_id", activities.isEmpty() ? null : activities.get(0).id());
            out.writeStringField("last_id", activities.isEmpty() ? null : activities.get(activities.size() - 1).id());
            writeExtras(out, shaping);
            out.writeEndObject();
        });
    }

    /** An activity: the common fields, then its details; NULL_TIMESTAMPS_AND_ROLES nulls {@code created_at}. */
    static void writeActivity(JsonGenerator out, Activity activity, Shaping shaping) throws IOException {
        out.writeStartObject();
        out.writeStringField("id", activity.id());
        out.writeStringField("created_at",
                shaping == Shaping.NULL_TIMESTAMPS_AND_ROLES ? null : MICROSECONDS.format(activity.createdAt()));
        out.writeStringField("organization_id", activity.organizationId());
        out.writeStringField("organization_uuid", activity.organizationUuid());
        out.writeObjectFieldStart("actor");
        out.writeStringField("type", activity.actor().type());
        for (Map.Entry<String, String> field : activity.actor().fields().entrySet()) {
            out.writeStringField(field.getKey(), field.getValue());
        }
        writeExtras(out, shaping);
        out.writeEndObject();
        out.writeStringField("type", activity.type());
        for (Map.Entry<String, Object> detail : activity.details().entrySet()) {
            out.writeFieldName(detail.getKey());
            writeDetail(out, detail.getValue());
        }
        writeExtras(out, shaping);
        out.writeEndObject();
    }

    private static void writeDetail(JsonGenerator out, Object value) throws IOException {
        if (value == null) {
            out.writeNull();
        } else if (value instanceof String text) {
            out.writeString(text);
        } else if (value instanceof Boolean flag) {
            out.writeBoolean(flag);
        } else if (value instanceof Number number) {
            out.writeNumber(number.toString()); // finite: Activity refuses NaN and infinities
        } else {
            out.writeStartArray();
            for (Object item : (List<?>) value) {
                out.writeString((String) item);
            }
            out.writeEndArray();
        }
    }

    /** Any small JSON object, for the admin API. */
    byte[] object(Map<String, ?> fields) {
        return render(out -> {
            out.writeStartObject();
            for (Map.Entry<String, ?> field : fields.entrySet()) {
                writeValue(out, field.getKey(), field.getValue());
            }
            out.writeEndObject();
        });
    }

    static void writeGroup(JsonGenerator out, SimGroup group, Shaping shaping) throws IOException {
        boolean blank = shaping == Shaping.NULL_TIMESTAMPS_AND_ROLES;
        out.writeStartObject();
        out.writeStringField("id", group.id());
        out.writeStringField("name", group.name());
        out.writeStringField("description", group.description());
        out.writeStringField("source_type", group.sourceType());
        out.writeStringField("created_at", blank ? null : timestamp(group.createdAt()));
        out.writeStringField("updated_at", blank ? null : timestamp(group.updatedAt()));
        if (blank || group.roles() == null) {
            out.writeNullField("roles");
        } else {
            out.writeArrayFieldStart("roles");
            for (String role : group.roles()) {
                out.writeString(role);
            }
            out.writeEndArray();
        }
        writeStoredExtras(out, group.extra());
        writeExtras(out, shaping);
        out.writeEndObject();
    }

    /** A member object: no group id, like the real API. */
    static void writeMember(JsonGenerator out, SimMember member, Shaping shaping) throws IOException {
        boolean blank = shaping == Shaping.NULL_TIMESTAMPS_AND_ROLES;
        out.writeStartObject();
        out.writeStringField("user_id", member.userId());
        out.writeStringField("email", member.email());
        out.writeStringField("created_at", blank ? null : timestamp(member.createdAt()));
        out.writeStringField("updated_at", blank ? null : timestamp(member.updatedAt()));
        writeStoredExtras(out, member.extra());
        writeExtras(out, shaping);
        out.writeEndObject();
    }

    private static void writeStoredExtras(JsonGenerator out, Map<String, String> extra) throws IOException {
        for (Map.Entry<String, String> field : extra.entrySet()) {
            out.writeFieldName(field.getKey());
            out.writeRawValue(field.getValue());
        }
    }

    /** The unknown fields of {@link Fault#extraFields()}: one of each JSON type, nesting included. */
    private static void writeExtras(JsonGenerator out, Shaping shaping) throws IOException {
        if (shaping != Shaping.EXTRA_FIELDS) {
            return;
        }
        out.writeStringField("x_sim_string", "a field this client version does not know");
        out.writeNumberField("x_sim_number", 42.5);
        out.writeBooleanField("x_sim_boolean", true);
        out.writeNullField("x_sim_null");
        out.writeFieldName("x_sim_object");
        out.writeRawValue("{\"nested\":{\"list\":[1,\"two\",null]}}");
        out.writeFieldName("x_sim_array");
        out.writeRawValue("[\"a\",{\"b\":1}]");
    }

    private static void writeValue(JsonGenerator out, String name, Object value) throws IOException {
        if (value instanceof Number number) {
            out.writeNumberField(name, number.longValue());
        } else if (value instanceof Map<?, ?> map) {
            out.writeObjectFieldStart(name);
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                writeValue(out, String.valueOf(entry.getKey()), entry.getValue());
            }
            out.writeEndObject();
        } else {
            out.writeStringField(name, value == null ? null : value.toString());
        }
    }

    static String timestamp(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    private byte[] render(Body body) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
        try (JsonGenerator out = factory.createGenerator(bytes)) {
            body.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("writing JSON to memory", e);
        }
        return bytes.toByteArray();
    }
}
