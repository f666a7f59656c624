package io.complianceconnect.groups.mapping;

import static io.complianceconnect.groups.mapping.ComplianceSchemas.GROUP_PREVIOUS;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.GROUP_VALUE;

import java.time.Instant;
import java.util.Date;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Struct;

/**
 * Puts a {@link GroupChange} into a group record: {@code previous} and {@code changed_fields}, on
 * UPDATED records only (a SNAPSHOT or CREATED record has no before, a re-snapshot's included).
 */
final class GroupChangeValues {

    private static final Field PREVIOUS = GROUP_VALUE.field("previous");
    private static final Field CHANGED_FIELDS = GROUP_VALUE.field("changed_fields");

    private static final Field NAME = GROUP_PREVIOUS.field("name");
    private static final Field DESCRIPTION = GROUP_PREVIOUS.field("description");
    private static final Field SOURCE_TYPE = GROUP_PREVIOUS.field("source_type");
    private static final Field CREATED_AT = GROUP_PREVIOUS.field("created_at");
    private static final Field UPDATED_AT = GROUP_PREVIOUS.field("updated_at");
    private static final Field ROLES = GROUP_PREVIOUS.field("roles");
    private static final Field NOT_KEPT = GROUP_PREVIOUS.field("not_kept");

    private GroupChangeValues() {
    }

    static Struct put(Struct group, GroupChange change, ChangeType type) {
        if (change == null || type != ChangeType.UPDATED) {
            return group;
        }
        GroupChange.Previous p = change.previous();
        if (p != null) {
            group.put(PREVIOUS, new Struct(GROUP_PREVIOUS)
                    .put(NAME, p.name())
                    .put(DESCRIPTION, p.description())
                    .put(SOURCE_TYPE, p.sourceType())
                    .put(CREATED_AT, toDate(p.createdAt()))
                    .put(UPDATED_AT, toDate(p.updatedAt()))
                    .put(ROLES, p.roles())
                    .put(NOT_KEPT, p.notKept()));
        }
        return group.put(CHANGED_FIELDS, change.changedFields());
    }

    private static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }
}
