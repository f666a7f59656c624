package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The offsets of the group index shards across many batches: each batch's "before" is what the
 * previous batch left ("after"), and each "after" is exactly the groups in the shard at that moment,
 * however the batch changed them (announced, content, more buckets, removed), several times over.
 */
class IndexShardOffsetsTest {

    @Test
    void everyAfterIsTheShardAsItIsAndEveryBeforeIsTheLastAfter() {
        DirectoryState state = new DirectoryState();
        Map<Map<String, Object>, Map<String, Object>> lastAfter = new HashMap<>();
        Random random = new Random(42);
        List<String> ids = new ArrayList<>();

        for (int round = 0; round < 400; round++) {
            StateBatch batch = new StateBatch(state);
            List<Map<String, Object>> touched = new ArrayList<>();
            int changes = 1 + random.nextInt(6); // a shard is often touched more than once in a batch
            for (int c = 0; c < changes; c++) {
                int action = ids.isEmpty() ? 0 : random.nextInt(10);
                if (action < 3) {
                    String id = "rbac_group_" + round + "_" + c;
                    ids.add(id);
                    touched.add(batch.announceGroup(id));
                } else if (action < 7) {
                    GroupState g = state.get(ids.get(random.nextInt(ids.size())));
                    touched.add(batch.groupContent(g, 1 + random.nextInt(1_000_000)));
                } else if (action < 9) {
                    touched.add(batch.addBuckets(state.get(ids.get(random.nextInt(ids.size()))), 1));
                } else {
                    String id = ids.remove(random.nextInt(ids.size()));
                    touched.add(batch.removeGroup(state.get(id)));
                }
            }
            for (Map<String, Object> partition : touched) {
                Map<String, Object> previous = lastAfter.get(partition);
                if (previous != null) {
                    assertThat(batch.offsetBefore(partition)).as("before of round %d", round).isEqualTo(previous);
                }
            }
            for (Map<String, Object> partition : touched) {
                Map<String, Object> after = batch.offsetAfter(partition);
                int shard = ((Number) partition.get(StatePartitions.SHARD)).intValue();
                assertThat(entries(after)).as("after of round %d", round).isEqualTo(shardNow(state, shard));
                lastAfter.put(partition, after);
            }
        }
        assertThat(ids).hasSizeGreaterThan(50);
    }

    /** The entries an offset holds: group id to "fingerprint/buckets". */
    private static Map<String, String> entries(Map<String, Object> offset) {
        Map<String, String> entries = new TreeMap<>();
        IndexEntries.forEach("test", offset, (id, fp, buckets, synced, digest, values) -> entries.put(id, fp + "/" + buckets));
        return entries;
    }

    private static Map<String, String> shardNow(DirectoryState state, int shard) {
        Map<String, String> entries = new TreeMap<>();
        for (GroupState g : state.groups()) {
            if (StatePartitions.shardOf(g.id()) == shard) {
                entries.put(g.id(), g.fingerprint() + "/" + g.bucketCount());
            }
        }
        return entries;
    }
}
