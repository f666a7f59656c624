package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeRecord;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.state.Fingerprints;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.MemberFieldDigests;

import java.util.List;
import java.util.Map;

/**
 * One page of a group's member listing against what the state knows: the buckets its new members
 * need, and the records of the members that are new or changed (the per-member hot path: an
 * unchanged member costs a fingerprint and a lookup, no record).
 */
final class MemberPageChanges {

    private final ChangeRecords records;
    private final SweepProgress progress;

    MemberPageChanges(ChangeRecords records, SweepProgress progress) {
        this.records = records;
        this.progress = progress;
    }

    /**
     * When the page's new members do not fit the group's buckets: adds buckets and holds the page
     * for the next step (a restore finds a bucket past the stored count, so nothing waits).
     */
    boolean addBucketsFor(Page<GroupMember> page, MemberListing l, RecordBatch batch) {
        GroupState g = l.known();
        int newMembers = 0;
        for (GroupMember m : page.items()) {
            if (g.bucketOf(m.userId()) < 0) {
                newMembers++;
            }
        }
        if (newMembers <= g.freeCapacity()) {
            l.hold(null);
            return false;
        }
        int more = (newMembers - g.freeCapacity() + GroupState.BUCKET_CAPACITY - 1) / GroupState.BUCKET_CAPACITY;
        batch.state().addBuckets(g, more);
        l.hold(page);
        return true;
    }

    /** The page's new and changed members' records (and unchanged ones a re-snapshot re-emits), with their state. */
    void emit(Page<GroupMember> page, MemberListing l, RecordBatch batch) {
        GroupState g = l.known();
        // One moment for the page's records (a page is observed at once), not a clock read and object a member.
        ChangeMetadata created = null;
        ChangeMetadata updated = null;
        for (GroupMember m : page.items()) {
            // What the record shows: a new email mode or key changes every membership.
            GroupMember shown = records.published(m);
            long fingerprint = Fingerprints.of(shown);
            long previous = g.memberFingerprint(m.userId());
            long fieldDigests = MemberFieldDigests.of(shown);
            if (previous == fingerprint && !l.named(m.userId())) {
                if (l.reEmits(m.userId())) {
                    ChangeRecord record = records.memberChanged(shown, progress.metadata(ChangeType.SNAPSHOT));
                    batch.add(record, batch.state().unchangedMember(g, m.userId()));
                    l.listed(m.userId(), ChangeRecords.digestOf(record));
                    continue;
                }
                // Unchanged: the topic holds the record this content makes.
                g.fieldDigestsListed(m.userId(), fieldDigests);
                l.listed(m.userId(), records.memberDigest(shown));
                continue;
            }
            ChangeType type = previous == Fingerprints.UNKNOWN ? progress.creationType() : ChangeType.UPDATED;
            List<String> changedFields = type != ChangeType.UPDATED ? null : MemberFieldDigests.changedFields(
                    g.memberFieldDigests(m.userId()), fieldDigests, shown, previous != fingerprint);
            Map<String, Object> partition = batch.state().putMember(g, m.userId(), fingerprint, fieldDigests);
            ChangeMetadata meta;
            if (type == ChangeType.UPDATED) {
                meta = updated != null ? updated : (updated = progress.metadata(type));
            } else {
                meta = created != null ? created : (created = progress.metadata(type));
            }
            ChangeRecord record = records.memberChanged(shown, meta, changedFields);
            l.listed(m.userId(), records.memberDigest(shown));
            batch.add(record, partition);
        }
    }
}
