package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DirectoryStateTest {

    /** Stands in for Connect's offset store: keeps the newest offset per partition. */
    private final Map<Map<String, Object>, Map<String, Object>> store = new HashMap<>();
    private final List<Integer> readSizes = new ArrayList<>();

    private Map<Map<String, Object>, Map<String, Object>> read(Collection<Map<String, Object>> partitions) {
        readSizes.add(partitions.size());
        Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
        partitions.forEach(p -> result.put(p, store.get(p)));
        return result;
    }

    private void commit(StateBatch batch, Collection<Map<String, Object>> partitions) {
        partitions.forEach(p -> store.put(p, batch.offsetAfter(p)));
    }

    @Test
    void stateSurvivesARestartThroughItsOffsets() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        List<Map<String, Object>> touched = new ArrayList<>();
        touched.add(batch.announceGroup("rbac_group_small"));
        touched.add(batch.announceGroup("rbac_group_big\twith\nodd%chars"));
        GroupState small = state.get("rbac_group_small");
        GroupState big = state.get("rbac_group_big\twith\nodd%chars");
        touched.add(batch.groupContent(small, 11L));
        touched.add(batch.addBuckets(big, 2));
        touched.add(batch.groupContent(big, -5L));
        for (int i = 0; i < 3; i++) {
            touched.add(batch.putMember(small, "user_" + i, 100 + i));
        }
        for (int i = 0; i < 2 * GroupState.BUCKET_CAPACITY + 10; i++) {
            touched.add(batch.putMember(big, "user_" + i, 1000 + i));
        }
        commit(batch, touched);

        readSizes.clear();
        DirectoryState loaded = DirectoryState.load(this::read);

        assertThat(readSizes).as("three batched reads: index shards, their buckets, the bucket past each count")
                .hasSize(3);
        assertThat(loaded.groupCount()).isEqualTo(2);
        assertThat(loaded.membershipCount()).isEqualTo(3 + 2L * GroupState.BUCKET_CAPACITY + 10);
        GroupState loadedBig = loaded.get("rbac_group_big\twith\nodd%chars");
        assertThat(loadedBig.fingerprint()).isEqualTo(-5L);
        assertThat(loadedBig.bucketCount()).isEqualTo(3);
        assertThat(loadedBig.memberFingerprint("user_8009")).isEqualTo(9009);
        assertThat(loaded.get("rbac_group_small").memberFingerprint("user_2")).isEqualTo(102);
        for (int b = 0; b < 3; b++) {
            assertThat(store.get(StatePartitions.members(loadedBig.id(), b)).get("members").toString().length())
                    .as("bucket offsets stay far below Kafka's 1 MB message limit").isLessThan(400_000);
        }
    }

    @Test
    void theChecksumPartStoredWithASyncMarkSurvivesARestartAndAChangeAfterTheListingIsNotStored() {
        DirectoryState state = new DirectoryState();
        StateBatch first = new StateBatch(state);
        Map<String, Object> shard = first.announceGroup("g");
        GroupState g = state.get("g");
        first.groupContent(g, 1L);
        Map<String, Object> bucket = first.putMember(g, "u", 2L);
        first.listingStarted(g, false);
        first.listingCompleted(g, new GroupDigest(0xabcL, -1L));
        first.sweepSyncCompleted(g);
        first.markSynced(g, 4);
        commit(first, List.of(shard, bucket));

        GroupState loaded = DirectoryState.load(this::read).get("g");
        assertThat(loaded.storedDigest()).isEqualTo(new GroupDigest(0xabcL, -1L));
        assertThat(loaded.digest()).isEqualTo(loaded.storedDigest());
        assertThat(loaded.syncedSweep()).isEqualTo(4);

        StateBatch second = new StateBatch(state);
        second.listingStarted(g, false);   // a refresh starts before the sweep's mark is stored
        second.markSynced(g, 4);
        assertThat(g.storedDigest()).as("the refresh's records may not be committed").isNull();
    }

    @Test
    void anIndexEntryOfVersion2HasNoStoredChecksumPart() {
        Map<String, Object> shard = StatePartitions.groupIndex(StatePartitions.shardOf("g"));
        store.put(shard, Map.of("v", 2, "groups", "g\t1f\t1\t3\n"));

        DirectoryState loaded = DirectoryState.load(this::read);

        assertThat(loaded.get("g").syncedSweep()).isEqualTo(3);
        assertThat(loaded.get("g").storedDigest()).isNull();
        assertThat(loaded.checksum()).as("no checksum can be vouched for").isNull();
    }

    @Test
    void aGroupAnnouncedButNeverEmittedIsKnownWithoutContent() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        Map<String, Object> p = batch.announceGroup("rbac_group_new");
        commit(batch, List.of(p));
        GroupState g = DirectoryState.load(this::read).get("rbac_group_new");
        assertThat(g).isNotNull();
        assertThat(g.contentEmitted()).isFalse();
    }

    @Test
    void beforeIsThePartitionAsItWasAndAfterAsItIs() {
        DirectoryState state = new DirectoryState();
        StateBatch first = new StateBatch(state);
        Map<String, Object> shard = first.announceGroup("g");
        first.groupContent(state.get("g"), 1L);
        commit(first, List.of(shard));

        StateBatch second = new StateBatch(state);
        Map<String, Object> bucket = second.putMember(state.get("g"), "user_1", 5L);
        second.groupContent(state.get("g"), 2L);
        assertThat(second.offsetBefore(shard)).isEqualTo(store.get(shard));
        assertThat(second.offsetBefore(bucket).get("members")).isEqualTo("");
        assertThat(second.offsetAfter(bucket).get("members")).as("fingerprint 5, field digests not known")
                .isEqualTo("user_1 AAAAAAAAAAU;");
        assertThat(second.offsetAfter(shard).get("groups")).as("1 bucket, sweep 0, fingerprint 2, no stored part")
                .isEqualTo("g AQAAAAAAAAAAAg;");
        assertThat(second.touchedGroups()).isEmpty();
        assertThat(first.touchedGroups()).extracting(GroupState::id).containsExactly("g");
    }

    @Test
    void removingAGroupWithMembersIsRefused() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("g");
        batch.putMember(state.get("g"), "u", 1L);
        assertThatThrownBy(() -> batch.removeGroup(state.get("g"))).isInstanceOf(IllegalStateException.class);
        batch.removeMember(state.get("g"), "u");
        batch.removeGroup(state.get("g"));
        assertThat(state.get("g")).isNull();
    }

    @Test
    void aGroupsSyncedSweepSurvivesARestartAndTheFormerIndexVersionIsStillRead() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        Map<String, Object> shard = batch.announceGroup("rbac_group_a");
        batch.markSynced(state.get("rbac_group_a"), 7);
        commit(batch, List.of(shard));
        assertThat(DirectoryState.load(this::read).get("rbac_group_a").syncedSweep()).isEqualTo(7);

        // Written by the previous version: no synced sweep, which reads as "never synced".
        store.clear();
        store.put(StatePartitions.groupIndex(StatePartitions.shardOf("rbac_group_b")),
                Map.of("v", 1L, "groups", "rbac_group_b\t1f\t2\n"));
        GroupState b = DirectoryState.load(this::read).get("rbac_group_b");
        assertThat(b.fingerprint()).isEqualTo(0x1f);
        assertThat(b.bucketCount()).isEqualTo(2);
        assertThat(b.syncedSweep()).isZero();
    }

    @Test
    void offsetsOfAnUnknownOlderVersionFailSayingToReset() {
        store.put(StatePartitions.groupIndex(3), Map.of("v", 0L, "groups", ""));
        assertThatThrownBy(() -> DirectoryState.load(this::read))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 0").hasMessageContaining("reset the connector's offsets");
    }

    /**
     * A rolling upgrade can put the task on a worker that still has the older plugin, after a newer
     * task wrote its offsets: the way out is the newer plugin everywhere, not a reset (a snapshot).
     */
    @Test
    void offsetsOfANewerVersionFailSayingToInstallItEverywhereNotToReset() {
        store.put(StatePartitions.groupIndex(3), Map.of("v", 99L, "groups", ""));
        assertThatThrownBy(() -> DirectoryState.load(this::read))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("version 99, written by a newer version of this connector")
                .hasMessageContaining("install the newer version on every worker")
                .hasMessageNotContaining("reset");
    }
}
