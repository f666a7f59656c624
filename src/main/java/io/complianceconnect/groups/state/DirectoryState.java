package io.complianceconnect.groups.state;

import io.complianceconnect.groups.mapping.DirectoryChecksum;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything the connector has emitted, as fingerprints: the replica's shadow. It is rebuilt from
 * Connect's offset store when a task starts, and every change to it reaches the offset store on
 * the records that announce the change (see {@link StateBatch}), so it never runs ahead of what
 * consumers can read.
 */
public final class DirectoryState {

    @SuppressWarnings("unchecked")
    private final Map<String, GroupState>[] shards = new Map[StatePartitions.INDEX_SHARDS];
    /**
     * Each shard's offset as last serialized, null once the shard changed since. A changed group's
     * record carries its whole shard (offsets are full values), so serializing costs time in
     * proportion to the shard; without this, the "before" of every batch serialized again what the
     * previous batch's "after" had just produced.
     */
    @SuppressWarnings("unchecked")
    private final Map<String, Object>[] indexOffsets = new Map[StatePartitions.INDEX_SHARDS];
    /** Shared by all groups, so that a user in many groups costs one id string. */
    private final UserIds userIds = new UserIds();
    /** The offset store this state was loaded from; null for a state built in memory. */
    private OffsetReader reader;

    public DirectoryState() {
        for (int i = 0; i < shards.length; i++) {
            shards[i] = new HashMap<>();
        }
    }

    /** Reads offsets for a set of partitions: {@code OffsetStorageReader::offsets} in production. */
    @FunctionalInterface
    public interface OffsetReader {
        Map<Map<String, Object>, Map<String, Object>> offsets(Collection<Map<String, Object>> partitions);
    }

    public GroupState get(String groupId) {
        return shards[StatePartitions.shardOf(groupId)].get(groupId);
    }

    public int groupCount() {
        int n = 0;
        for (Map<String, GroupState> shard : shards) {
            n += shard.size();
        }
        return n;
    }

    public long membershipCount() {
        long n = 0;
        for (Map<String, GroupState> shard : shards) {
            for (GroupState g : shard.values()) {
                n += g.memberCount();
            }
        }
        return n;
    }

    /**
     * What the replica holds, from each group's part: null when a group's part is not known (a
     * change outside a complete listing, a listing with rows it could not place, a stored part
     * from before version 3 not yet listed again).
     */
    public DirectoryChecksum checksum() {
        DirectoryChecksum.Part groups = DirectoryChecksum.Part.EMPTY;
        DirectoryChecksum.Part memberships = DirectoryChecksum.Part.EMPTY;
        for (Map<String, GroupState> shard : shards) {
            for (GroupState g : shard.values()) {
                if (!g.contentEmitted() && g.memberCount() == 0) {
                    continue;   // announced only: no record on the topics yet
                }
                GroupDigest d = g.digest();
                if (d == null || !g.contentEmitted()) {
                    return null;
                }
                groups = groups.plus(d.group());
                memberships = memberships.plus(new DirectoryChecksum.Part(g.memberCount(), d.members()));
            }
        }
        return new DirectoryChecksum(groups, memberships);
    }

    /** A copy of the known groups, safe to iterate while the state changes. */
    public List<GroupState> groups() {
        List<GroupState> all = new ArrayList<>();
        for (Map<String, GroupState> shard : shards) {
            all.addAll(shard.values());
        }
        return all;
    }

    GroupState add(String groupId) {
        GroupState g = new GroupState(groupId, userIds, Fingerprints.UNKNOWN, 1);
        int shard = StatePartitions.shardOf(groupId);
        indexChanging(shard);
        shards[shard].put(groupId, g);
        return g;
    }

    void remove(String groupId) {
        int shard = StatePartitions.shardOf(groupId);
        indexChanging(shard);
        shards[shard].remove(groupId);
    }

    /**
     * Must be called before an entry of the shard changes (a group's fingerprint or bucket count), so
     * that the next {@link #indexOffset} serializes the shard anew. {@link StateBatch} does.
     */
    void indexChanging(int shard) {
        indexOffsets[shard] = null;
    }

    /** The shard's offset: every group of the shard with its fingerprint and bucket count. */
    Map<String, Object> indexOffset(int shard) {
        Map<String, Object> offset = indexOffsets[shard];
        if (offset == null) {
            offset = serializeIndex(shard);
            indexOffsets[shard] = offset;
        }
        return offset;
    }

    private Map<String, Object> serializeIndex(int shard) {
        return IndexEntries.offset(shards[shard].values());
    }

    static Map<String, Object> membersOffset(GroupState group, int bucket) {
        return MemberEntries.offset(group, bucket);
    }

    /**
     * Rebuilds the state from stored offsets with batched reads (index shards, then every member
     * bucket they name, then any bucket beyond a group's stored count): the offset store answers
     * each read with a round trip to Kafka.
     *
     * <p>Under at-least-once the worker stores each source partition's offset apart, so a crash can
     * keep a member bucket and lose the index entry that counts it, or names the group at all. So
     * the buckets past a group's count are read too, and a group the index does not know is looked
     * for when the engine first meets it ({@link #adoptStored}): no stored membership is left unknown.
     *
     * @throws IllegalArgumentException naming the partition and field when a stored offset is not
     *                                  one this version wrote
     */
    public static DirectoryState load(OffsetReader reader) {
        DirectoryState state = new DirectoryState();
        state.reader = reader;
        List<Map<String, Object>> shardPartitions = new ArrayList<>();
        for (int s = 0; s < StatePartitions.INDEX_SHARDS; s++) {
            shardPartitions.add(StatePartitions.groupIndex(s));
        }
        Map<Map<String, Object>, Map<String, Object>> shardOffsets = reader.offsets(shardPartitions);
        List<Map<String, Object>> bucketPartitions = new ArrayList<>();
        for (Map<String, Object> partition : shardPartitions) {
            Map<String, Object> offset = shardOffsets.get(partition);
            if (offset == null) {
                continue;
            }
            IndexEntries.forEach("group index " + partition.get(StatePartitions.SHARD), offset,
                    (id, fp, buckets, synced, digest, values) -> {
                GroupState g = state.add(id);
                g.fingerprint(fp);
                g.values(values);
                g.syncedSweep(synced);
                g.restoreDigest(digest);
                if (buckets > 1) {
                    g.addBuckets(buckets - 1);
                }
                for (int b = 0; b < buckets; b++) {
                    bucketPartitions.add(StatePartitions.members(id, b));
                }
            });
        }
        if (!bucketPartitions.isEmpty()) {
            state.restoreBuckets(reader.offsets(bucketPartitions), bucketPartitions);
        }
        state.restoreBucketsBeyondCount(state.groups());
        return state;
    }

    /**
     * Groups the index does not know, met for the first time (a groups page, the feed): any member
     * buckets stored for them (a crash kept those and lost the index entry) are restored, and such a
     * group is known from now on, with its content still to emit. Without an offset store (a state
     * that was not loaded), nothing is stored and nothing happens.
     */
    public void adoptStored(Collection<String> groupIds) {
        if (reader == null) {
            return;
        }
        List<GroupState> probes = new ArrayList<>();
        for (String id : groupIds) {
            if (get(id) == null) {
                probes.add(new GroupState(id, userIds, Fingerprints.UNKNOWN, 1));
            }
        }
        if (probes.isEmpty()) {
            return;
        }
        List<Map<String, Object>> firstBuckets = probes.stream().map(g -> StatePartitions.members(g.id(), 0)).toList();
        Map<Map<String, Object>, Map<String, Object>> stored = reader.offsets(firstBuckets);
        List<GroupState> found = new ArrayList<>();
        for (GroupState g : probes) {
            if (stored.get(StatePartitions.members(g.id(), 0)) != null) {
                int shard = StatePartitions.shardOf(g.id());
                indexChanging(shard);
                shards[shard].put(g.id(), g);
                found.add(g);
            }
        }
        if (!found.isEmpty()) {
            restoreBuckets(stored, firstBuckets.stream().filter(p -> get((String) p.get(StatePartitions.GROUP_ID)) != null)
                    .toList());
            restoreBucketsBeyondCount(found);
        }
    }

    /** Reads bucket {@code count} of each group, then the next of those that had one, until none has. */
    private void restoreBucketsBeyondCount(List<GroupState> groups) {
        List<GroupState> probing = groups;
        while (!probing.isEmpty()) {
            List<Map<String, Object>> next = probing.stream()
                    .map(g -> StatePartitions.members(g.id(), g.bucketCount())).toList();
            Map<Map<String, Object>, Map<String, Object>> stored = reader.offsets(next);
            List<GroupState> found = new ArrayList<>();
            List<Map<String, Object>> foundPartitions = new ArrayList<>();
            for (int i = 0; i < probing.size(); i++) {
                if (stored.get(next.get(i)) != null) {
                    GroupState g = probing.get(i);
                    g.addBuckets(1);
                    indexChanging(StatePartitions.shardOf(g.id()));
                    found.add(g);
                    foundPartitions.add(next.get(i));
                }
            }
            restoreBuckets(stored, foundPartitions);
            probing = found;
        }
    }

    private void restoreBuckets(Map<Map<String, Object>, Map<String, Object>> bucketOffsets,
                                List<Map<String, Object>> bucketPartitions) {
        for (Map<String, Object> partition : bucketPartitions) {
            Map<String, Object> offset = bucketOffsets.get(partition);
            if (offset == null) {
                continue;
            }
            String groupId = (String) partition.get(StatePartitions.GROUP_ID);
            int bucket = ((Number) partition.get(StatePartitions.BUCKET)).intValue();
            GroupState g = get(groupId);
            forEachMemberEntry("members of " + groupId + " bucket " + bucket, offset,
                    (userId, fp, fd) -> g.restoreMember(bucket, userId, fp, fd));
        }
    }

    static void forEachMemberEntry(String what, Map<String, ?> offset, MemberEntries.Consumer consumer) {
        MemberEntries.forEach(what, offset, consumer);
    }
}
