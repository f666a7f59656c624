package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.GroupMember;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** Which fields of a membership changed, told from small per-field digests (issue 23). */
class MemberFieldDigestsTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static GroupMember member(String email, Instant created, Instant updated, Map<String, String> extra) {
        return new GroupMember("rbac_group_1", "user_1", email, created, updated, extra);
    }

    private static List<String> changed(GroupMember before, GroupMember after) {
        return MemberFieldDigests.changedFields(MemberFieldDigests.of(before), MemberFieldDigests.of(after), after,
                true);
    }

    /** Extra keys, one per lane (so that each is named alone), found by trying names. */
    private static String[] keysInDistinctLanes() {
        String[] keys = new String[4];
        for (int i = 0, found = 0; found < 4; i++) {
            String key = "field_" + i;
            int lane = MemberFieldDigests.laneOf(key);
            if (keys[lane] == null) {
                keys[lane] = key;
                found++;
            }
        }
        return keys;
    }

    @Test
    void eachFieldThatChangedIsNamedAndNoOther() {
        String[] k = keysInDistinctLanes();
        GroupMember base = member("a@example.com", T, T, Map.of(k[0], "1", k[1], "\"x\""));

        assertThat(changed(base, member("b@example.com", T, T, base.extra()))).containsExactly("email");
        assertThat(changed(base, member("a@example.com", T.plusSeconds(1), T, base.extra())))
                .containsExactly("created_at");
        assertThat(changed(base, member("a@example.com", T, null, base.extra()))).containsExactly("updated_at");
        assertThat(changed(base, member("a@example.com", T, T, Map.of(k[0], "2", k[1], "\"x\""))))
                .containsExactly("extra." + k[0]);
        assertThat(changed(base, member("a@example.com", T, T, Map.of(k[0], "1", k[1], "\"x\"", k[2], "true"))))
                .as("a key that appeared").containsExactly("extra." + k[2]);
        assertThat(changed(base, member("a@example.com", T, T, Map.of(k[0], "1"))))
                .as("a removed key: the state keeps no key names").containsExactly("extra");
    }

    @Test
    void severalChangesAreNamedInTheRecordsFieldOrderThenExtraKeysByName() {
        String[] k = keysInDistinctLanes();
        GroupMember before = member("a@example.com", T, T, Map.of(k[3], "1"));
        GroupMember after = member("new@example.com", T, T.plusNanos(1000), Map.of(k[3], "1", k[2], "2", k[1], "3"));
        List<String> expectedKeys = new ArrayList<>(List.of("extra." + k[1], "extra." + k[2]));
        expectedKeys.sort(null);

        List<String> expected = new ArrayList<>(List.of("email", "updated_at"));
        expected.addAll(expectedKeys);
        assertThat(changed(before, after)).containsExactlyElementsOf(expected);
    }

    @Test
    void unknownDigestsOrDigestsThatCannotTellGiveNull() {
        GroupMember m = member("a@example.com", T, null, Map.of());
        long digests = MemberFieldDigests.of(m);

        assertThat(MemberFieldDigests.changedFields(MemberFieldDigests.UNKNOWN, digests, m, true))
                .as("offsets from before the digests existed").isNull();
        assertThat(MemberFieldDigests.changedFields(digests, digests, m, true))
                .as("the content changed, yet no digest differs: a collision").isNull();
        assertThat(MemberFieldDigests.changedFields(digests, digests, m, false))
                .as("re-emitted unchanged").isEmpty();
    }

    @Test
    void digestsIgnoreTheExtraMapsOrderAndAreNeverTheUnknownMarker() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("x", "1");
        a.put("y", "\"two\"");
        Map<String, String> b = new HashMap<>();
        b.put("y", "\"two\"");
        b.put("x", "1");
        assertThat(MemberFieldDigests.of(member(null, null, null, a)))
                .isEqualTo(MemberFieldDigests.of(member(null, null, null, b)))
                .isNotEqualTo(MemberFieldDigests.UNKNOWN);
        assertThat(changed(member(null, T, T, Map.of()), member("", T, T, Map.of())))
                .as("null and empty differ").containsExactly("email");
    }

    @Test
    void theFunctionIsFixedBecauseItsValuesArePersisted() {
        // A different function would name wrong fields for every membership after an upgrade.
        assertThat(Long.toHexString(MemberFieldDigests.of(member("a@example.com", T, null, Map.of("x", "1")))))
                .isEqualTo("bc5465f500800000");
    }
}
