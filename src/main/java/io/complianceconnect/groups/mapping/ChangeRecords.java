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
import java.util.List;
import java.util.Objects;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;

/**
 * Builds every record the connector writes, each kind in one place: a group or membership that
 * changed, one that is gone (DELETED, then a tombstone when configured, so compaction drops the
 * key), and the sweep's progress events. Keys and values come from {@link RecordValues}.
 */
public final class ChangeRecords {

    /** Metadata for records built only to be digested: the digest leaves it out. */
    private static final ChangeMetadata DIGEST_ONLY = new ChangeMetadata(ChangeType.SNAPSHOT, 0, Instant.EPOCH);

    private final String connector;
    private final String groupsTopic;
    private final String membersTopic;
    private final String sweepsTopic;
    private final boolean tombstonesOnDelete;
    private final MemberEmails emails;
    private final MembershipDigester memberDigester = new MembershipDigester();

    /** Members' emails as the API gives them. */
    public ChangeRecords(String connector, String groupsTopic, String membersTopic, String sweepsTopic,
                         boolean tombstonesOnDelete) {
        this(connector, groupsTopic, membersTopic, sweepsTopic, tombstonesOnDelete, MemberEmails.plain());
    }

    /**
     * @param connector          the connector's name, the key of its sweep events
     * @param tombstonesOnDelete whether a DELETED record is followed by a tombstone for the same key
     * @param emails             what a membership record carries as the member's email
     */
    public ChangeRecords(String connector, String groupsTopic, String membersTopic, String sweepsTopic,
                         boolean tombstonesOnDelete, MemberEmails emails) {
        this.connector = Objects.requireNonNull(connector, "connector");
        this.groupsTopic = Objects.requireNonNull(groupsTopic, "groupsTopic");
        this.membersTopic = Objects.requireNonNull(membersTopic, "membersTopic");
        this.sweepsTopic = Objects.requireNonNull(sweepsTopic, "sweepsTopic");
        this.tombstonesOnDelete = tombstonesOnDelete;
        this.emails = Objects.requireNonNull(emails, "emails");
    }

    /** The connector's name, as written in every sweep event. */
    public String connector() {
        return connector;
    }

    /** A group found new or changed: its whole observed state. */
    public ChangeRecord groupChanged(Group group, ChangeMetadata meta) {
        return groupChanged(group, meta, null);
    }

    /**
     * A group found new or changed, and in an UPDATED record what it was before.
     *
     * @param change what changed; used in UPDATED records only, may be null
     */
    public ChangeRecord groupChanged(Group group, ChangeMetadata meta, GroupChange change) {
        return new ChangeRecord(groupsTopic, GROUP_KEY, RecordValues.groupKey(group.id()), GROUP_VALUE,
                RecordValues.groupValue(group, meta, change), meta.changeType());
    }

    /** A group that is gone: its DELETED record, then its tombstone when configured. */
    public List<ChangeRecord> groupDeleted(String groupId, ChangeMetadata meta) {
        return deletion(groupsTopic, GROUP_KEY, RecordValues.groupKey(groupId), GROUP_VALUE,
                RecordValues.groupDeleted(groupId, meta));
    }

    /**
     * A membership as its record shows it, the email as {@code member.email.mode} says: what change
     * detection compares, so that a new mode or key is a change of every membership.
     */
    public GroupMember published(GroupMember member) {
        return emails.published(member);
    }

    /**
     * The content digest of the record {@link #groupChanged} writes for the group: what a consumer
     * computes from the topic.
     */
    public long groupDigest(Group group) {
        return ContentDigest.group(((Struct) groupChanged(group, DIGEST_ONLY).value())::get);
    }

    /**
     * The content digest of the record {@link #memberChanged} writes for the membership.
     *
     * @param shown the membership as {@link #published} gives it
     */
    public long memberDigest(GroupMember shown) {
        return memberDigester.digest(shown);
    }

    /** The content digest of a membership record this builder made. */
    public static long digestOf(ChangeRecord membershipRecord) {
        return ContentDigest.membership(((Struct) membershipRecord.value())::get);
    }

    /**
     * A membership found new or changed: its whole observed state.
     *
     * @param shown the membership as {@link #published} gives it: the caller has it already (change
     *              detection compares it), and pseudonymising twice would cost a second HMAC a member
     */
    public ChangeRecord memberChanged(GroupMember shown, ChangeMetadata meta) {
        return memberChanged(shown, meta, null);
    }

    /**
     * As {@link #memberChanged(GroupMember, ChangeMetadata)}, naming the fields that changed.
     *
     * @param changedFields UPDATED only: the fields that changed, null when not known
     */
    public ChangeRecord memberChanged(GroupMember shown, ChangeMetadata meta, List<String> changedFields) {
        return new ChangeRecord(membersTopic, MEMBER_KEY, RecordValues.memberKey(shown.groupId(), shown.userId()),
                MEMBER_VALUE, RecordValues.memberValue(shown, meta, changedFields), meta.changeType());
    }

    /** A membership that is gone: its DELETED record, then its tombstone when configured. */
    public List<ChangeRecord> memberDeleted(String groupId, String userId, ChangeMetadata meta) {
        return deletion(membersTopic, MEMBER_KEY, RecordValues.memberKey(groupId, userId), MEMBER_VALUE,
                RecordValues.memberDeleted(groupId, userId, meta));
    }

    /** One progress event of a sweep, keyed by the connector's name. */
    public ChangeRecord sweepEvent(SweepEventData data) {
        return new ChangeRecord(sweepsTopic, SWEEP_KEY, RecordValues.sweepKey(connector), SWEEP_VALUE,
                RecordValues.sweepEvent(data), null);
    }

    private List<ChangeRecord> deletion(String topic, Schema keySchema, Object key,
                                        Schema valueSchema, Object deleted) {
        ChangeRecord record = new ChangeRecord(topic, keySchema, key, valueSchema, deleted, ChangeType.DELETED);
        if (!tombstonesOnDelete) {
            return List.of(record);
        }
        return List.of(record, new ChangeRecord(topic, keySchema, key, null, null, null));
    }
}
