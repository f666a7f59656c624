package io.complianceconnect.groups.bench;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The arithmetic behind {@code offsets_bytes_per_membership} and {@code offsets_bytes_per_group}. */
class OffsetsTopicSizesTest {

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void onlyTheNewestRecordOfAKeyIsLiveAndATombstoneRemovesIt() {
        OffsetsTopicSizes sizes = new OffsetsTopicSizes();
        String bucket = "[\"c\",{\"bucket\":0,\"group_id\":\"g\",\"kind\":\"members\"}]";
        String shard = "[\"c\",{\"kind\":\"group_index\",\"shard\":3}]";
        String other = "[\"other-connector\",{\"file\":\"x\"}]";
        String oldMembers = "{\"v\":1,\"members\":\"u\\t1\\n\"}";
        String newMembers = "{\"v\":1,\"members\":\"\"}";
        String groups = "{\"v\":2,\"groups\":\"g\\t1\\t1\\t0\\n\"}";
        String position = "{\"position\":7}";
        sizes.add(bytes(bucket), bytes(oldMembers));
        sizes.add(bytes(bucket), bytes(newMembers));
        sizes.add(bytes(shard), bytes(groups));
        sizes.add(bytes(other), bytes(position));
        sizes.add(bytes(other), null);

        assertThat(sizes.liveBytesByKind()).isEqualTo(Map.of(
                "members", (long) bucket.length() + newMembers.length(),
                "group_index", (long) shard.length() + groups.length()));
        assertThat(sizes.liveRecordsByKind()).isEqualTo(Map.of("members", 1L, "group_index", 1L));
        assertThat(sizes.liveBytes()).isEqualTo(bucket.length() + newMembers.length() + shard.length() + groups.length());
        assertThat(sizes.totalRecords()).isEqualTo(5);
        assertThat(sizes.totalBytes()).isEqualTo(2L * bucket.length() + oldMembers.length() + newMembers.length()
                + shard.length() + groups.length() + 2L * other.length() + position.length());
        assertThat(newMembers.length()).as("sizes are bytes of the JSON text").isEqualTo(20);
    }

    @Test
    void aPartitionWithoutAKindCountsAsOther() {
        assertThat(OffsetsTopicSizes.kindOf(bytes("[\"c\",{\"file\":\"x\"}]"))).isEqualTo("other");
        assertThat(OffsetsTopicSizes.kindOf(bytes("[\"c\",{\"kind\":\"cursor\"}]"))).isEqualTo("cursor");
    }
}
