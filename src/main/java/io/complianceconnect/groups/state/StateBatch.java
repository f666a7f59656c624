package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The state changes made while building one batch of records, with the offsets each touched
 * partition had before the batch and has after it.
 *
 * <p>Why both: Connect commits, per source partition, the offset of the newest record whose
 * predecessors in that partition are all acknowledged. Every record of the batch that touches a
 * partition carries the "before" offset except the last one, which carries "after". So the stored
 * state can only advance once every record announcing the change is in Kafka: a crash never leaves
 * state that claims a change consumers did not get. Under exactly-once the batch is one transaction
 * and the distinction does not matter.
 */
public final class StateBatch {

    private final DirectoryState state;
    private final Map<Map<String, Object>, Map<String, Object>> before = new HashMap<>();
    private final Map<Map<String, Object>, Supplier<Map<String, Object>>> after = new HashMap<>();
    private final Set<Map<String, Object>> indexPartitions = new LinkedHashSet<>();
    private final List<GroupState> layoutChanged = new ArrayList<>();
    /** The member bucket touched last, and its partition (touched again for most members of a page). */
    private GroupState lastBucketGroup;
    private int lastBucket = -1;
    private Map<String, Object> lastBucketPartition;

    public StateBatch(DirectoryState state) {
        this.state = state;
    }

    /**
     * Groups seen for the first time: announced in the index (with no content yet), with whatever
     * member buckets a crash left stored for them ({@link DirectoryState#adoptStored}).
     */
    public Map<String, Object> announceGroup(String groupId) {
        announceGroups(List.of(groupId));
        return StatePartitions.groupIndex(StatePartitions.shardOf(groupId));
    }

    /** As {@link #announceGroup}, with one read of the offset store for all of them. */
    public void announceGroups(Collection<String> groupIds) {
        state.adoptStored(groupIds);
        for (String groupId : groupIds) {
            touchIndex(groupId);
            GroupState known = state.get(groupId);
            layoutChanged.add(known != null ? known : state.add(groupId));
        }
    }

    /** The group's record changed to {@code content}, whose fingerprint is {@code fingerprint}. */
    public Map<String, Object> groupContent(GroupState group, long fingerprint, Group content) {
        Map<String, Object> partition = groupContent(group, fingerprint);
        group.values(GroupValues.stored(content));
        return partition;
    }

    /** The group's record changed, to a content whose values are not kept. */
    public Map<String, Object> groupContent(GroupState group, long fingerprint) {
        Map<String, Object> partition = touchIndex(group.id());
        group.fingerprint(fingerprint);
        group.values(null);
        group.digestOutdated();
        return partition;
    }

    /**
     * The group's record is {@code content} (its fingerprint matched) but its values are not stored
     * (an index entry written before version 5): they are kept from now on and reach the offsets with
     * the shard's next write. Nothing else changes, so the shard is not rewritten for it.
     */
    public void valuesKnown(GroupState group, Group content) {
        if (group.values() == null && group.contentEmitted()) {
            group.values(GroupValues.stored(content));
        }
    }

    /**
     * Stores that the sweep synced the group, with the group's part of the checksum when that sync
     * set it. The caller makes sure the sync's records are committed first: the mark lets a resumed
     * sweep skip the group, and trust the stored part.
     */
    public Map<String, Object> markSynced(GroupState group, long sweep) {
        Map<String, Object> partition = touchIndex(group.id());
        group.syncedSweep(sweep);
        group.storedDigest(group.digestToMark());
        return partition;
    }

    /**
     * A listing of the group's members starts: the records it emits may change what the group's
     * stored part of the checksum describes.
     *
     * @param forgetStored whether to drop the stored part too (the group is marked synced in the
     *                     running sweep, so a restart would trust it): the caller then makes this
     *                     batch durable before the listing emits anything
     * @return whether the index entry changed (the batch then carries it)
     */
    public boolean listingStarted(GroupState group, boolean forgetStored) {
        group.listingStarted();
        if (!forgetStored || group.storedDigest() == null) {
            return false;
        }
        touchIndex(group.id());
        group.storedDigest(null);
        return true;
    }

    /** A listing completed: every current record of the group is the one it emitted or confirmed. */
    public void listingCompleted(GroupState group, GroupDigest digest) {
        group.listed(digest);
    }

    /** The completed listing is a sweep's sync, which the sweep marks once it is committed. */
    public void sweepSyncCompleted(GroupState group) {
        group.sweepSyncCompleted();
    }

    /**
     * The group's memberships are being deleted: its stored part of the checksum no longer holds.
     * The caller emits the batch durably (as a group deletion is anyway).
     */
    public void deletionStarted(GroupState group) {
        group.digestOutdated();
        if (group.storedDigest() != null) {
            touchIndex(group.id());
            group.storedDigest(null);
        }
    }

    /**
     * A group re-emitted unchanged (a re-snapshot): its record carries the index shard's offset,
     * which it leaves as it was.
     */
    public Map<String, Object> unchangedGroup(GroupState group) {
        return touchIndex(group.id());
    }

    /** A membership re-emitted unchanged (a re-snapshot): its record carries its bucket's offset, unchanged. */
    public Map<String, Object> unchangedMember(GroupState group, String userId) {
        int bucket = group.bucketOf(userId);
        if (bucket < 0) {
            throw new IllegalArgumentException("user is not a member of " + group.id());
        }
        return touchBucket(group, bucket);
    }

    public Map<String, Object> addBuckets(GroupState group, int count) {
        Map<String, Object> partition = touchIndex(group.id());
        group.addBuckets(count);
        layoutChanged.add(group);
        return partition;
    }

    public Map<String, Object> removeGroup(GroupState group) {
        if (group.memberCount() > 0) {
            throw new IllegalStateException("group " + group.id() + " still has members in state");
        }
        Map<String, Object> partition = touchIndex(group.id());
        state.remove(group.id());
        return partition;
    }

    /** Records a member's new fingerprint, its field digests not known; returns the partition of its bucket. */
    public Map<String, Object> putMember(GroupState group, String userId, long fingerprint) {
        return putMember(group, userId, fingerprint, MemberFieldDigests.UNKNOWN);
    }

    /** Records a member's new fingerprint and field digests; returns the partition of its bucket. */
    public Map<String, Object> putMember(GroupState group, String userId, long fingerprint, long fieldDigests) {
        int bucket = group.bucketOf(userId);
        if (bucket < 0) {
            // Find where it will land first, so the "before" is the bucket as it was.
            bucket = group.bucketWithRoom();
        }
        Map<String, Object> partition = touchBucket(group, bucket);
        group.digestOutdated();
        int actual = group.putMember(userId, fingerprint, fieldDigests);
        if (actual != bucket) {
            throw new IllegalStateException("member bucket moved from " + bucket + " to " + actual);
        }
        return partition;
    }

    public Map<String, Object> removeMember(GroupState group, String userId) {
        int bucket = group.bucketOf(userId);
        if (bucket < 0) {
            throw new IllegalArgumentException("user is not a member of " + group.id());
        }
        Map<String, Object> partition = touchBucket(group, bucket);
        group.digestOutdated();
        group.removeMember(userId);
        return partition;
    }

    /** Index shards changed in this batch, in the order first touched. */
    public Set<Map<String, Object>> indexPartitionsTouched() {
        return indexPartitions;
    }

    /**
     * Groups whose index entry (existence or bucket count) this batch changed: nothing more about
     * them may be stored before the batch is acknowledged.
     */
    public List<GroupState> touchedGroups() {
        return layoutChanged;
    }

    /** The offset a touched partition had before this batch. */
    public Map<String, Object> offsetBefore(Map<String, Object> partition) {
        return require(before.get(partition), partition);
    }

    /** The offset a touched partition has now; computed once per partition per call site. */
    public Map<String, Object> offsetAfter(Map<String, Object> partition) {
        return require(after.get(partition), partition).get();
    }

    private Map<String, Object> touchIndex(String groupId) {
        int shard = StatePartitions.shardOf(groupId);
        Map<String, Object> partition = StatePartitions.groupIndex(shard);
        indexPartitions.add(partition);
        if (!before.containsKey(partition)) {
            before.put(partition, state.indexOffset(shard));
            after.put(partition, () -> state.indexOffset(shard));
        }
        // Every caller changes the shard next.
        state.indexChanging(shard);
        return partition;
    }

    private Map<String, Object> touchBucket(GroupState group, int bucket) {
        if (group == lastBucketGroup && bucket == lastBucket) {
            // A page's members mostly share a bucket: no new partition map and no hashing of it a member.
            return lastBucketPartition;
        }
        Map<String, Object> partition = StatePartitions.members(group.id(), bucket);
        lastBucketGroup = group;
        lastBucket = bucket;
        lastBucketPartition = partition;
        if (!before.containsKey(partition)) {
            before.put(partition, DirectoryState.membersOffset(group, bucket));
            after.put(partition, () -> DirectoryState.membersOffset(group, bucket));
        }
        return partition;
    }

    private static <T> T require(T value, Map<String, Object> partition) {
        if (value == null) {
            throw new IllegalArgumentException("partition " + partition + " was not touched in this batch");
        }
        return value;
    }
}
