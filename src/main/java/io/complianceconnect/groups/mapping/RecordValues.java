package io.complianceconnect.groups.mapping;

import static io.complianceconnect.groups.mapping.ComplianceSchemas.GROUP_KEY;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.GROUP_VALUE;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.MEMBER_KEY;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.MEMBER_VALUE;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.SWEEP_KEY;
import static io.complianceconnect.groups.mapping.ComplianceSchemas.SWEEP_VALUE;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Field;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds the keys and values of {@link ComplianceSchemas} from the client's records.
 *
 * <p>Called once per record at high rates, so the fields are looked up once here and the
 * client's already immutable lists and maps are put into the structs as they are, not copied.
 * Every value passes Connect's own validation as it is put, so a null in a required field fails
 * here with a {@link org.apache.kafka.connect.errors.DataException} rather than in a converter.
 *
 * <p>Instants become {@link Date}s, which keep milliseconds only: finer parts are dropped.
 *
 * <p>Kafka's {@link Struct#toString()} prints every field, the member's email included: do not log
 * member values above DEBUG.
 */
public final class RecordValues {

    private static final Field GROUP_KEY_ID = field(GROUP_KEY, "id");

    private static final Field GROUP_ID = field(GROUP_VALUE, "id");
    private static final Field GROUP_NAME = field(GROUP_VALUE, "name");
    private static final Field GROUP_DESCRIPTION = field(GROUP_VALUE, "description");
    private static final Field GROUP_SOURCE_TYPE = field(GROUP_VALUE, "source_type");
    private static final Field GROUP_CREATED_AT = field(GROUP_VALUE, "created_at");
    private static final Field GROUP_UPDATED_AT = field(GROUP_VALUE, "updated_at");
    private static final Field GROUP_ROLES = field(GROUP_VALUE, "roles");
    private static final Field GROUP_EXTRA = field(GROUP_VALUE, "extra");
    private static final Field GROUP_CHANGE_TYPE = field(GROUP_VALUE, "change_type");
    private static final Field GROUP_SWEEP = field(GROUP_VALUE, "sweep");
    private static final Field GROUP_OBSERVED_AT = field(GROUP_VALUE, "observed_at");

    private static final Field MEMBER_KEY_GROUP_ID = field(MEMBER_KEY, "group_id");
    private static final Field MEMBER_KEY_USER_ID = field(MEMBER_KEY, "user_id");

    private static final Field MEMBER_GROUP_ID = field(MEMBER_VALUE, "group_id");
    private static final Field MEMBER_USER_ID = field(MEMBER_VALUE, "user_id");
    private static final Field MEMBER_EMAIL = field(MEMBER_VALUE, "email");
    private static final Field MEMBER_CREATED_AT = field(MEMBER_VALUE, "created_at");
    private static final Field MEMBER_UPDATED_AT = field(MEMBER_VALUE, "updated_at");
    private static final Field MEMBER_EXTRA = field(MEMBER_VALUE, "extra");
    private static final Field MEMBER_CHANGE_TYPE = field(MEMBER_VALUE, "change_type");
    private static final Field MEMBER_SWEEP = field(MEMBER_VALUE, "sweep");
    private static final Field MEMBER_OBSERVED_AT = field(MEMBER_VALUE, "observed_at");
    private static final Field MEMBER_CHANGED_FIELDS = field(MEMBER_VALUE, "changed_fields");

    private static final Field SWEEP_KEY_CONNECTOR = field(SWEEP_KEY, "connector");

    private static final Field SWEEP_CONNECTOR = field(SWEEP_VALUE, "connector");
    private static final Field SWEEP_EVENT = field(SWEEP_VALUE, "event");
    private static final Field SWEEP_NUMBER = field(SWEEP_VALUE, "sweep");
    private static final Field SWEEP_AT = field(SWEEP_VALUE, "at");
    private static final Field SWEEP_GROUPS_SEEN = field(SWEEP_VALUE, "groups_seen");
    private static final Field SWEEP_MEMBERS_SEEN = field(SWEEP_VALUE, "members_seen");
    private static final Field SWEEP_CHANGES = field(SWEEP_VALUE, "changes");
    private static final Field SWEEP_REQUESTS = field(SWEEP_VALUE, "requests");
    private static final Field SWEEP_RESUMED = field(SWEEP_VALUE, "resumed");
    private static final Field SWEEP_GROUP_COUNT = field(SWEEP_VALUE, "group_count");
    private static final Field SWEEP_GROUP_DIGEST = field(SWEEP_VALUE, "group_digest");
    private static final Field SWEEP_MEMBERSHIP_COUNT = field(SWEEP_VALUE, "membership_count");
    private static final Field SWEEP_MEMBERSHIP_DIGEST = field(SWEEP_VALUE, "membership_digest");
    private static final Field SWEEP_SNAPSHOT_REQUEST = field(SWEEP_VALUE, "snapshot_request");

    private RecordValues() {
    }

    public static Struct groupKey(String groupId) {
        return new Struct(GROUP_KEY).put(GROUP_KEY_ID, groupId);
    }

    /**
     * The whole observed state of a group.
     *
     * @throws IllegalArgumentException if {@code meta} says DELETED: use {@link #groupDeleted}
     */
    public static Struct groupValue(Group group, ChangeMetadata meta) {
        return groupValue(group, meta, null);
    }

    /**
     * The whole observed state of a group and, in an UPDATED record, what it was before.
     *
     * @param change the change an UPDATED record reports; ignored in other records; may be null
     * @throws IllegalArgumentException if {@code meta} says DELETED: use {@link #groupDeleted}
     */
    public static Struct groupValue(Group group, ChangeMetadata meta, GroupChange change) {
        if (meta.changeType() == ChangeType.DELETED) {
            throw new IllegalArgumentException("A DELETED record carries identity only: use "
                    + "groupDeleted for group " + group.id());
        }
        Struct value = withChange(new Struct(GROUP_VALUE), meta, GROUP_CHANGE_TYPE, GROUP_SWEEP, GROUP_OBSERVED_AT)
                .put(GROUP_ID, group.id())
                .put(GROUP_NAME, group.name())
                .put(GROUP_DESCRIPTION, group.description())
                .put(GROUP_SOURCE_TYPE, group.sourceType())
                .put(GROUP_CREATED_AT, toDate(group.createdAt()))
                .put(GROUP_UPDATED_AT, toDate(group.updatedAt()))
                .put(GROUP_ROLES, group.roles())
                .put(GROUP_EXTRA, group.extra());
        return GroupChangeValues.put(value, change, meta.changeType());
    }

    /**
     * A group that is gone: its id, the change and nothing else.
     *
     * @throws IllegalArgumentException if {@code meta} does not say DELETED
     */
    public static Struct groupDeleted(String groupId, ChangeMetadata meta) {
        requireDeleted(meta, "group " + groupId);
        return withChange(new Struct(GROUP_VALUE), meta, GROUP_CHANGE_TYPE, GROUP_SWEEP, GROUP_OBSERVED_AT)
                .put(GROUP_ID, groupId)
                .put(GROUP_EXTRA, Map.of());
    }

    public static Struct memberKey(String groupId, String userId) {
        return new Struct(MEMBER_KEY)
                .put(MEMBER_KEY_GROUP_ID, groupId)
                .put(MEMBER_KEY_USER_ID, userId);
    }

    /**
     * The whole observed state of a membership.
     *
     * @throws IllegalArgumentException if {@code meta} says DELETED: use {@link #memberDeleted}
     */
    public static Struct memberValue(GroupMember member, ChangeMetadata meta) {
        return memberValue(member, meta, null);
    }

    /**
     * The whole observed state of a membership, with the fields that changed.
     *
     * @param changedFields UPDATED only (else null): the fields that changed, or null when not known
     * @throws IllegalArgumentException if {@code meta} says DELETED, or changed fields come with another type
     */
    public static Struct memberValue(GroupMember member, ChangeMetadata meta, List<String> changedFields) {
        if (changedFields != null && meta.changeType() != ChangeType.UPDATED) {
            throw new IllegalArgumentException("Only an UPDATED record names changed fields, not a "
                    + meta.changeType() + " one, for " + member);
        }
        if (meta.changeType() == ChangeType.DELETED) {
            // GroupMember's toString leaves the email out, so naming the member here is safe.
            throw new IllegalArgumentException("A DELETED record carries identity only: use "
                    + "memberDeleted for " + member);
        }
        Struct value = withChange(new Struct(MEMBER_VALUE), meta, MEMBER_CHANGE_TYPE, MEMBER_SWEEP, MEMBER_OBSERVED_AT)
                .put(MEMBER_GROUP_ID, member.groupId())
                .put(MEMBER_USER_ID, member.userId())
                .put(MEMBER_EMAIL, member.email())
                .put(MEMBER_CREATED_AT, toDate(member.createdAt()))
                .put(MEMBER_UPDATED_AT, toDate(member.updatedAt()))
                .put(MEMBER_EXTRA, member.extra());
        // Absent is null: left unset outside UPDATED records, as Connect's put checks and labels every value.
        return changedFields == null ? value : value.put(MEMBER_CHANGED_FIELDS, changedFields);
    }

    /**
     * A membership that is gone: group id, user id, the change and nothing else.
     *
     * @throws IllegalArgumentException if {@code meta} does not say DELETED
     */
    public static Struct memberDeleted(String groupId, String userId, ChangeMetadata meta) {
        requireDeleted(meta, "user " + userId + " in group " + groupId);
        return withChange(new Struct(MEMBER_VALUE), meta, MEMBER_CHANGE_TYPE, MEMBER_SWEEP, MEMBER_OBSERVED_AT)
                .put(MEMBER_GROUP_ID, groupId)
                .put(MEMBER_USER_ID, userId)
                .put(MEMBER_EXTRA, Map.of());
    }

    public static Struct sweepKey(String connector) {
        return new Struct(SWEEP_KEY).put(SWEEP_KEY_CONNECTOR, connector);
    }

    public static Struct sweepEvent(SweepEventData data) {
        Struct event = new Struct(SWEEP_VALUE)
                .put(SWEEP_CONNECTOR, data.connector())
                .put(SWEEP_EVENT, data.event().name())
                .put(SWEEP_NUMBER, data.sweep())
                .put(SWEEP_AT, Date.from(data.at()))
                .put(SWEEP_GROUPS_SEEN, data.groupsSeen())
                .put(SWEEP_MEMBERS_SEEN, data.membersSeen())
                .put(SWEEP_CHANGES, data.changes())
                .put(SWEEP_REQUESTS, data.requests())
                .put(SWEEP_RESUMED, data.resumed());
        DirectoryChecksum checksum = data.checksum();
        if (checksum != null) {
            event.put(SWEEP_GROUP_COUNT, checksum.groups().count())
                    .put(SWEEP_GROUP_DIGEST, ContentDigest.hex(checksum.groups().digest()))
                    .put(SWEEP_MEMBERSHIP_COUNT, checksum.memberships().count())
                    .put(SWEEP_MEMBERSHIP_DIGEST, ContentDigest.hex(checksum.memberships().digest()));
        }
        if (data.snapshotRequest() != null) {
            event.put(SWEEP_SNAPSHOT_REQUEST, data.snapshotRequest());
        }
        return event;
    }

    private static Struct withChange(Struct struct, ChangeMetadata meta,
                                     Field changeType, Field sweep, Field observedAt) {
        return struct
                .put(changeType, meta.changeType().name())
                .put(sweep, meta.sweep())
                .put(observedAt, Date.from(meta.observedAt()));
    }

    private static void requireDeleted(ChangeMetadata meta, String what) {
        if (meta.changeType() != ChangeType.DELETED) {
            throw new IllegalArgumentException("An identity-only record must be DELETED, not "
                    + meta.changeType() + ", for " + what);
        }
    }

    private static Date toDate(Instant instant) {
        return instant == null ? null : Date.from(instant);
    }

    private static Field field(Schema schema, String name) {
        Field field = schema.field(name);
        if (field == null) {
            throw new IllegalStateException(schema.name() + " has no field " + name);
        }
        return field;
    }
}
