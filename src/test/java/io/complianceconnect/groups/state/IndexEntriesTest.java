package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The group index shard's offset format (version 4, packed) read back exactly, the earlier text
 * versions still read, and a damaged offset refused with the shard and the entry named.
 */
class IndexEntriesTest {

    private record Entry(String id, long fingerprint, int buckets, long synced, GroupDigest digest, String values) {
        Entry(String id, long fingerprint, int buckets, long synced, GroupDigest digest) {
            this(id, fingerprint, buckets, synced, digest, null);
        }
    }

    @Test
    void everyFieldSurvivesTheRoundTripIdsWithReservedCharactersIncluded() {
        DirectoryState state = new DirectoryState();
        GroupState plain = state.add("rbac_group_01HZX3K5Q7W9Y2B4D6F8H0J2L4");
        plain.fingerprint(0x8000_0000_0000_0001L);
        plain.syncedSweep(1_000_000_007L);
        plain.storedDigest(new GroupDigest(-1L, Long.MIN_VALUE));
        GroupState odd = state.add("a group; 100% odd\tid\n");
        odd.addBuckets(199);
        GroupState announced = state.add("rbac_group_announced");

        Map<String, Object> offset = IndexEntries.offset(List.of(plain, odd, announced));

        assertThat(read(offset)).containsExactly(
                new Entry(plain.id(), 0x8000_0000_0000_0001L, 1, 1_000_000_007L, new GroupDigest(-1L, Long.MIN_VALUE)),
                new Entry(odd.id(), Fingerprints.UNKNOWN, 200, 0, null),
                new Entry(announced.id(), Fingerprints.UNKNOWN, 1, 0, null));
        assertThat((String) offset.get("groups")).as("no character the JSON converter writes as two bytes")
                .doesNotContain("\t", "\n");
    }

    /**
     * The reason for version 4: an entry with a tagged id of the API's length (33 characters), a
     * fingerprint and a stored checksum part, at sweep 9,000, takes 71 bytes in the offsets topic;
     * in version 3 it took 95 (55 characters of hex, six tabs and newlines written as two bytes each).
     */
    @Test
    void aTypicalEntryTakesSeventyOneCharacters() {
        GroupState g = new DirectoryState().add("rbac_group_7Hq2aB3cD4eF5gH6iJ7kL8");
        g.fingerprint(0x1234_5678_9abc_def0L);
        g.syncedSweep(9_000);
        g.storedDigest(new GroupDigest(0x0fed_cba9_8765_4321L, 0x1111_2222_3333_4444L));

        assertThat(((String) IndexEntries.offset(List.of(g)).get("groups")).length()).isEqualTo(71);
    }

    @Test
    void theValuesOfTheLastRecordSurviveTheRoundTripAfterTheNumbers() {
        DirectoryState state = new DirectoryState();
        GroupState g = state.add("rbac_group_a");
        g.fingerprint(7L);
        String values = GroupValues.stored(new io.complianceconnect.groups.client.Group("rbac_group_a",
                "Eng; 100% | all", "d e", "scim", null, null, List.of("role_1"), Map.of("visibility", "1")));
        g.values(values);
        GroupState announced = state.add("rbac_group_b");

        Map<String, Object> offset = IndexEntries.offset(List.of(g, announced));

        assertThat(offset.get("v")).isEqualTo(5);
        assertThat(read(offset)).containsExactly(new Entry("rbac_group_a", 7L, 1, 0, null, values),
                new Entry("rbac_group_b", Fingerprints.UNKNOWN, 1, 0, null));
    }

    @Test
    void version4EntriesAreReadWithoutValues() {
        Map<String, Object> v4 = Map.of("v", 4, "groups", "g AQAAAAAAAAAAAg;");

        assertThat(read(v4)).containsExactly(new Entry("g", 2L, 1, 0, null));
    }

    @Test
    void version3TextEntriesAreStillRead() {
        Map<String, Object> v3 = Map.of("v", 3L, "groups",
                "rbac_group_a\t1f\t2\t5\tab\tcd\nrbac_group%09b\t-\t1\t0\t-\t-\n");

        assertThat(read(v3)).containsExactly(
                new Entry("rbac_group_a", 0x1f, 2, 5, new GroupDigest(0xab, 0xcd)),
                new Entry("rbac_group\tb", Fingerprints.UNKNOWN, 1, 0, null));
    }

    @Test
    void aDamagedEntryIsRefusedNamingTheShardAndTheGroup() {
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g AQAAAAAAAAAAAg")))
                .hasMessageContaining("shard 7").hasMessageContaining("does not end");
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g AQAA;")))
                .hasMessageContaining("shard 7").hasMessageContaining("numbers of g are cut short");
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g AQAAAAAAAAAAAgA;")))
                .hasMessageContaining("numbers of g have 1 bytes too many");
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g A.AAAAAAAAAAAg;")))
                .hasMessageContaining("numbers of g are not base64url");
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g;")))
                .hasMessageContaining("an id, a space and its numbers");
        assertThatThrownBy(() -> read(Map.of("v", 4, "groups", "g AAAAAAAAAAAAAg;")))
                .hasMessageContaining("bucket count of g must be at least 1");
    }

    private static List<Entry> read(Map<String, ?> offset) {
        List<Entry> entries = new ArrayList<>();
        IndexEntries.forEach("group index shard 7", offset,
                (id, fp, buckets, synced, digest, values) -> entries.add(new Entry(id, fp, buckets, synced, digest,
                        values)));
        return entries;
    }
}
