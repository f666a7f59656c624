package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeRecord;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.source.SourceRecord;

import java.util.List;
import java.util.Map;

/**
 * One group's deletion, in two steps: its memberships (those the state knows, and those the feed
 * named that it may have lost), then, once Kafka has those, the group. Also the deletion of single
 * members, for a sync whose listing did not return them.
 */
final class GroupDeletion {

    /** The state, records, gate, progress and feed evidence it shares with {@link GroupSync}. */
    private final SyncContext context;
    /** A group whose memberships were deleted; the group's own deletion is the next step. */
    private GroupState deleting;

    GroupDeletion(SyncContext context) {
        this.context = context;
    }

    /** The group whose deletion is under way, or null. */
    String busyWith() {
        return deleting != null ? deleting.id() : null;
    }

    /** Deletes the group's memberships first; the group itself follows once Kafka has them. */
    List<SourceRecord> start(GroupState group) {
        RecordBatch batch = context.progress().newBatch();
        batch.state().deletionStarted(group);
        ChangeMetadata deleted = context.progress().metadata(ChangeType.DELETED);
        for (String userId : group.sortedMemberIds()) {
            deleteMember(batch, group, userId, deleted);
        }
        for (String userId : context.named().takeAllMembers(group.id())) {
            if (group.bucketOf(userId) < 0) {
                deleteUnknownMember(batch, group.id(), userId, deleted);
            }
        }
        deleting = group;
        context.coverage().markDeleted(group.id());
        batch.continuesChange();
        context.evidence().forget(group.id());
        return context.gate().emitInOrder(batch);
    }

    /** The group's own deletion, after its memberships'. */
    List<SourceRecord> finish() {
        GroupState group = deleting;
        deleting = null;
        RecordBatch batch = context.progress().newBatch();
        Map<String, Object> partition = batch.state().removeGroup(group);
        ChangeMetadata deleted = context.progress().metadata(ChangeType.DELETED);
        batch.addAll(context.records().groupDeleted(group.id(), deleted), partition);
        return context.gate().emit(batch);   // the group's change ends here
    }

    /**
     * A group the feed named is gone (404), or out of the prefix, and the state does not know it.
     * Under at-least-once a crash may have lost its offsets after its records reached Kafka: what
     * was stored of it is deleted; and a group that is gone is deleted with the members the feed
     * named, each with a tombstone (a DELETED for a key that never reached the topic is harmless).
     * When the delivery is known to be exactly-once (connector-defined transactions), nothing.
     *
     * @param gone whether the API answered 404 (not: renamed out of the prefix)
     */
    List<SourceRecord> startNotInState(String groupId, boolean gone) {
        if (!context.named().enabled()) {
            return List.of();
        }
        context.state().adoptStored(List.of(groupId));
        GroupState stored = context.state().get(groupId);
        if (stored != null) {
            return start(stored);
        }
        Iterable<String> members = context.named().takeAllMembers(groupId);
        if (!gone) {
            return List.of();
        }
        RecordBatch batch = context.progress().newBatch();
        ChangeMetadata deleted = context.progress().metadata(ChangeType.DELETED);
        for (String userId : members) {
            deleteUnknownMember(batch, groupId, userId, deleted);
        }
        // The group's own records last, in the same batch: nothing of it is stored to order against.
        for (ChangeRecord record : context.records().groupDeleted(groupId, deleted)) {
            batch.addWithOffset(record, StatePartitions.cursor(), context.progress().cursor().toOffset());
        }
        context.evidence().forget(groupId);
        return context.gate().emitInOrder(batch);
    }

    void deleteMember(RecordBatch batch, GroupState group, String userId, ChangeMetadata deleted) {
        Map<String, Object> partition = batch.state().removeMember(group, userId);
        batch.addAll(context.records().memberDeleted(group.id(), userId, deleted), partition);
    }

    /** A member the state does not know: its records carry the cursor's offset, which they leave as it is. */
    void deleteUnknownMember(RecordBatch batch, String groupId, String userId, ChangeMetadata deleted) {
        for (ChangeRecord record : context.records().memberDeleted(groupId, userId, deleted)) {
            batch.addWithOffset(record, StatePartitions.cursor(), context.progress().cursor().toOffset());
        }
    }
}
