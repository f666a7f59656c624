package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * One entry of the activity feed, as {@code GET /v1/compliance/activities} serves it: {@code id},
 * {@code created_at}, {@code organization_id}, {@code organization_uuid}, {@code actor}, {@code type},
 * then the type-specific {@code details} as top-level fields.
 *
 * @param createdAt when it happened (microsecond precision); it becomes visible in listings only the
 *                  feed's visibility delay later
 * @param details   type-specific fields in order, e.g. {@code group_id}; each value is a String,
 *                  Number, Boolean, null, or a List of Strings
 */
public record Activity(String id, Instant createdAt, String organizationId, String organizationUuid, Actor actor,
        String type, Map<String, Object> details) {

    public static final String GROUP_CREATED = "group_created";
    public static final String GROUP_UPDATED = "group_updated";
    public static final String GROUP_DELETED = "group_deleted";
    public static final String GROUP_MEMBER_ADDED = "group_member_added";
    public static final String GROUP_MEMBER_REMOVED = "group_member_removed";
    public static final String SCIM_USER_UPDATED = "scim_user_updated";
    public static final String RBAC_ROLE_ASSIGNED = "rbac_role_assigned";
    public static final String RBAC_ROLE_UNASSIGNED = "rbac_role_unassigned";
    public static final String RBAC_ROLE_DELETED = "rbac_role_deleted";
    public static final String GROUP_MEMBER_ADDITION_FAILED = "group_member_addition_failed";
    public static final String GROUP_MEMBER_REMOVAL_FAILED = "group_member_removal_failed";
    public static final String GROUP_VISIBILITY_UPDATED = "group_visibility_updated";
    public static final String ORG_USER_DELETED = "org_user_deleted";
    public static final String ORG_USER_LEFT = "org_user_left";

    /** The fields every activity has; details may not reuse them. */
    static final Set<String> COMMON_FIELDS =
            Set.of("id", "created_at", "organization_id", "organization_uuid", "actor", "type");

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(createdAt, "createdAt");
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(type, "type");
        details = copyDetails(details);
    }

    /** {@code group_id}, or null when this type has none. */
    public String groupId() {
        return (String) details.get("group_id");
    }

    /** {@code group_name} (of {@code group_created}), or null. */
    public String groupName() {
        return (String) details.get("group_name");
    }

    /** {@code member_ids} (of the membership types), or the one {@code member_id} of an older revision, or empty. */
    @SuppressWarnings("unchecked")
    public List<String> memberIds() {
        Object ids = details.get("member_ids");
        Object one = details.get("member_id");
        return ids != null ? (List<String>) ids : one != null ? List.of((String) one) : List.of();
    }

    /** {@code user_id} (of the {@code scim_user_*} types), or null. */
    public String userId() {
        return (String) details.get("user_id");
    }

    /** Names the activity without the actor's email. */
    @Override
    public String toString() {
        return "Activity[" + id + " " + type + " at " + createdAt + " by " + actor + " " + details + "]";
    }

    private static Map<String, Object> copyDetails(Map<String, ?> details) {
        Map<String, Object> copy = new LinkedHashMap<>();
        for (Map.Entry<String, ?> field : details.entrySet()) {
            String name = Objects.requireNonNull(field.getKey(), "detail name");
            if (COMMON_FIELDS.contains(name)) {
                throw new IllegalArgumentException(name + " is a field of every activity, not a detail");
            }
            copy.put(name, copyValue(name, field.getValue()));
        }
        return Collections.unmodifiableMap(copy);
    }

    private static Object copyValue(String name, Object value) {
        if (value instanceof Double || value instanceof Float) {
            if (!Double.isFinite(((Number) value).doubleValue())) {
                throw new IllegalArgumentException(name + " must be a finite number");
            }
            return value;
        }
        if (value == null || value instanceof String || value instanceof Number || value instanceof Boolean) {
            return value;
        }
        if (value instanceof List<?> list) {
            List<String> strings = new ArrayList<>(list.size());
            for (Object item : list) {
                if (!(item instanceof String text)) {
                    throw new IllegalArgumentException(name + " must be a list of strings");
                }
                strings.add(text);
            }
            return List.copyOf(strings);
        }
        throw new IllegalArgumentException(name + " must be a string, number, boolean, null or list of strings");
    }
}
