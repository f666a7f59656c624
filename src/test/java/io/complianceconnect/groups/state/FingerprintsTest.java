package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class FingerprintsTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.123456Z");

    private static Group group(String name, String description, List<String> roles, Map<String, String> extra) {
        return new Group("rbac_group_1", name, description, "scim", T, T, roles, extra);
    }

    @Test
    void sameContentSameFingerprintWhateverTheExtraMapOrder() {
        Map<String, String> a = new LinkedHashMap<>();
        a.put("x", "1");
        a.put("y", "\"two\"");
        Map<String, String> b = new LinkedHashMap<>();
        b.put("y", "\"two\"");
        b.put("x", "1");
        assertThat(Fingerprints.of(group("n", "d", List.of("r"), a)))
                .isEqualTo(Fingerprints.of(group("n", "d", List.of("r"), b)));
    }

    @Test
    void everyGroupFieldCounts() {
        long base = Fingerprints.of(group("n", "d", List.of("r"), Map.of()));
        assertThat(Fingerprints.of(group("n2", "d", List.of("r"), Map.of()))).isNotEqualTo(base);
        assertThat(Fingerprints.of(group("n", "d2", List.of("r"), Map.of()))).isNotEqualTo(base);
        assertThat(Fingerprints.of(group("n", "d", null, Map.of()))).isNotEqualTo(base);
        assertThat(Fingerprints.of(group("n", "d", List.of(), Map.of())))
                .isNotEqualTo(Fingerprints.of(group("n", "d", null, Map.of())));
        assertThat(Fingerprints.of(group("n", "d", List.of("r"), Map.of("new_field", "true")))).isNotEqualTo(base);
        // Text moved between fields is a change.
        assertThat(Fingerprints.of(group("nd", "", List.of("r"), Map.of())))
                .isNotEqualTo(Fingerprints.of(group("n", "d", List.of("r"), Map.of())));
        assertThat(Fingerprints.of(new Group("rbac_group_1", "n", "d", "scim", T.plusNanos(1000), T, List.of("r"),
                Map.of()))).isNotEqualTo(base);
    }

    @Test
    void memberEmailAndTimestampsCountAndNeverProduceTheReservedValue() {
        GroupMember m = new GroupMember("g", "user_1", "a@example.com", T, null, Map.of());
        assertThat(Fingerprints.of(m)).isNotEqualTo(Fingerprints.UNKNOWN)
                .isNotEqualTo(Fingerprints.of(new GroupMember("g", "user_1", "b@example.com", T, null, Map.of())))
                .isNotEqualTo(Fingerprints.of(new GroupMember("g", "user_1", "a@example.com", T, T, Map.of())));
        // The group id is the bucket's, not content: the same membership fingerprints alike anywhere.
        assertThat(Fingerprints.of(m))
                .isEqualTo(Fingerprints.of(new GroupMember("other", "user_1", "a@example.com", T, null, Map.of())));
    }

    @Test
    void fingerprintsAreStableAcrossVersions() {
        // Persisted in offsets: a change of the function would re-emit every entity as UPDATED.
        assertThat(Fingerprints.of(new GroupMember("g", "user_1", "a@example.com", T, null, Map.of())))
                .isEqualTo(FINGERPRINT_OF_SAMPLE_MEMBER);
    }

    /** Computed once by the first release; a new value here means every stored fingerprint is invalid. */
    private static final long FINGERPRINT_OF_SAMPLE_MEMBER = 925905360389482778L;
}
