package io.complianceconnect.groups.state;

import java.util.Map;

/** Checks offsets written by an operator (KIP-875) before Connect stores them. */
public final class OffsetValidation {

    private OffsetValidation() {
    }

    /**
     * @param offset null removes the partition's offset, which is always allowed
     * @throws IllegalArgumentException saying what is wrong
     */
    public static void validate(Map<String, ?> partition, Map<String, ?> offset) {
        Object kind = partition == null ? null : partition.get(StatePartitions.KIND);
        if (!(kind instanceof String k)) {
            throw new IllegalArgumentException("the partition has no 'kind'; this connector's partitions have kind "
                    + "cursor, group_index, members or feed");
        }
        switch (k) {
            case StatePartitions.KIND_CURSOR -> {
                if (offset != null) {
                    SweepCursor.fromOffset(offset);
                }
            }
            case StatePartitions.KIND_FEED -> FeedPosition.fromOffset(offset);
            case StatePartitions.KIND_GROUP_INDEX -> {
                requireNumber(partition, StatePartitions.SHARD);
                if (offset != null) {
                    IndexEntries.forEach("group index", offset, (id, fp, buckets, synced, digest, values) -> { });
                }
            }
            case StatePartitions.KIND_MEMBERS -> {
                requireNumber(partition, StatePartitions.BUCKET);
                if (!(partition.get(StatePartitions.GROUP_ID) instanceof String)) {
                    throw new IllegalArgumentException("members partition needs a string 'group_id'");
                }
                if (offset != null) {
                    DirectoryState.forEachMemberEntry("members", offset, (userId, fp, fd) -> { });
                }
            }
            default -> throw new IllegalArgumentException("unknown partition kind '" + k + "'");
        }
    }

    private static void requireNumber(Map<String, ?> partition, String field) {
        if (!(partition.get(field) instanceof Number)) {
            throw new IllegalArgumentException("partition field '" + field + "' must be a number");
        }
    }
}
