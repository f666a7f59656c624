package io.complianceconnect.groups.state;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;

/**
 * The Connect source partitions under which the connector keeps its state. Every map carries a
 * {@code kind} so that {@code alterOffsets} and operators can tell them apart; values are strings
 * or numbers only, as Connect requires.
 *
 * <ul>
 *   <li>{@code {kind=cursor}}: where the running sweep is ({@link SweepCursor});</li>
 *   <li>{@code {kind=group_index, shard=N}}: ids, fingerprints and bucket counts of the groups whose
 *       id hashes to shard N (the index lets a restarted task enumerate what it had emitted);</li>
 *   <li>{@code {kind=members, group_id=G, bucket=B}}: one bucket of group G's memberships;</li>
 *   <li>{@code {kind=feed}}: how far the activity feed was read ({@link FeedPosition}).</li>
 * </ul>
 */
public final class StatePartitions {

    public static final String KIND = "kind";
    public static final String KIND_CURSOR = "cursor";
    public static final String KIND_GROUP_INDEX = "group_index";
    public static final String KIND_MEMBERS = "members";
    public static final String KIND_FEED = "feed";
    public static final String SHARD = "shard";
    public static final String GROUP_ID = "group_id";
    public static final String BUCKET = "bucket";

    /**
     * Fixed forever: changing it would orphan every stored shard. 64 shards stay under Kafka's 1 MB
     * message limit up to about 350,000 groups (an entry is about 70 bytes, {@link IndexEntries}, plus
     * about 120 of previous values with ordinary names and roles, at most 512 characters, {@link GroupValues}).
     */
    public static final int INDEX_SHARDS = 64;

    private static final Map<String, Object> CURSOR = partition(KIND, KIND_CURSOR);
    private static final Map<String, Object> FEED = partition(KIND, KIND_FEED);

    private StatePartitions() {
    }

    public static Map<String, Object> cursor() {
        return CURSOR;
    }

    /** Where the activity feed was read up to ({@link FeedPosition}). */
    public static Map<String, Object> feed() {
        return FEED;
    }

    public static Map<String, Object> groupIndex(int shard) {
        return partition(KIND, KIND_GROUP_INDEX, SHARD, shard);
    }

    public static Map<String, Object> members(String groupId, int bucket) {
        return partition(KIND, KIND_MEMBERS, GROUP_ID, groupId, BUCKET, bucket);
    }

    /**
     * Connect stores offsets under the JSON serialisation of the partition map, in the map's
     * iteration order, and re-serialises partitions it read back as {@link HashMap}s (offset resets,
     * the REST API). So partitions must iterate in HashMap order: {@code Map.of}'s order changes from
     * one JVM to the next, which would make a restarted worker miss its own offsets.
     */
    private static Map<String, Object> partition(Object... keysAndValues) {
        Map<String, Object> map = new HashMap<>();
        for (int i = 0; i < keysAndValues.length; i += 2) {
            map.put((String) keysAndValues[i], keysAndValues[i + 1]);
        }
        return Collections.unmodifiableMap(map);
    }

    /** The index shard of a group id: stable across versions (String.hashCode is specified by the JLS). */
    public static int shardOf(String groupId) {
        int h = groupId.hashCode();
        return Math.floorMod(h ^ (h >>> 16), INDEX_SHARDS);
    }
}
