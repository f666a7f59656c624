package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The member bucket offset: version 2 keeps each member's field digests; version 1 is still read. */
class MemberEntriesTest {

    private static List<String> read(Map<String, ?> offset) {
        List<String> entries = new ArrayList<>();
        MemberEntries.forEach("members of g bucket 0", offset,
                (userId, fp, fd) -> entries.add(userId + "=" + Long.toHexString(fp) + "/" + Long.toHexString(fd)));
        return entries;
    }

    @Test
    void fingerprintsAndFieldDigestsSurviveTheOffsetAndOddIdsAreEscaped() {
        DirectoryState state = new DirectoryState();
        StateBatch batch = new StateBatch(state);
        batch.announceGroup("g");
        GroupState g = state.get("g");
        batch.putMember(g, "user_1", 0x1234L, 0xbc5465f500800000L);
        batch.putMember(g, "user 2;%", -1L, MemberFieldDigests.UNKNOWN);

        Map<String, Object> offset = MemberEntries.offset(g, 0);
        assertThat(offset.get("v")).isEqualTo(2);
        assertThat(read(offset)).containsExactlyInAnyOrder("user_1=1234/bc5465f500800000",
                "user 2;%=ffffffffffffffff/0");
    }

    @Test
    void theBase64IsTheJdksUrlEncodingWithoutPadding() {
        java.util.Random random = new java.util.Random(2);
        for (int length = 0; length <= 16; length++) {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            StringBuilder out = new StringBuilder();
            MemberEntries.appendBase64(out, bytes, length);
            assertThat(out.toString()).isEqualTo(java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(java.util.Arrays.copyOf(bytes, length)));
        }
    }

    @Test
    void version1EntriesHaveNoFieldDigests() {
        assertThat(read(Map.of("v", 1, "members", "user_1\tff\nuser_2\t1a\n")))
                .containsExactly("user_1=ff/0", "user_2=1a/0");
    }

    @Test
    void aDamagedEntryIsRefusedNamingTheOffset() {
        assertThatThrownBy(() -> read(Map.of("v", 2, "members", "user_1 AAA;")))
                .hasMessageContaining("members of g bucket 0").hasMessageContaining("8 or 16 bytes");
        assertThatThrownBy(() -> read(Map.of("v", 2, "members", "user_1;")))
                .hasMessageContaining("members of g bucket 0").hasMessageContaining("without a space");
        assertThatThrownBy(() -> read(Map.of("v", 3, "members", "")))
                .hasMessageContaining("newer version");
    }
}
