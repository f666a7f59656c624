package io.complianceconnect.groups.mapping;

import io.complianceconnect.groups.client.GroupMember;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The digest computed straight from a membership is the one docs/checksum.md defines over the
 * record the connector writes for it: the documented vector, and members of every shape.
 */
class MembershipDigesterTest {

    private static final ChangeMetadata META = new ChangeMetadata(ChangeType.SNAPSHOT, 3, Instant.EPOCH);
    private final ChangeRecords records = new ChangeRecords("c", "groups", "members", "sweeps", false);
    private final MembershipDigester digester = new MembershipDigester();

    private long ofRecord(GroupMember m) {
        return ChangeRecords.digestOf(records.memberChanged(m, META));
    }

    @Test
    void theDocumentedMembershipVector() {
        GroupMember ada = new GroupMember("rbac_group_1", "user_1", "ada@example.com",
                Instant.parse("2026-01-02T03:04:05.123Z"), null, Map.of());
        assertThat(ContentDigest.hex(digester.digest(ada))).isEqualTo(ContentDigest.hex(ofRecord(ada)));
    }

    @Test
    void membersOfEveryShapeDigestAsTheirRecords() {
        Random random = new Random(23);
        String[] texts = {"", "a", "ada@example.com", "Zoë@exämple.com", "名前@例え.jp", "emoji\uD83D\uDE00",
                "unpaired\uD800", "x".repeat(300), "tab\there"};
        for (int i = 0; i < 2_000; i++) {
            Map<String, String> extra = new HashMap<>();
            int keys = random.nextInt(5);
            for (int k = 0; k < keys; k++) {
                extra.put(texts[random.nextInt(texts.length)] + k, texts[random.nextInt(texts.length)]);
            }
            Instant created = random.nextBoolean() ? null
                    : Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000));
            Instant updated = random.nextBoolean() ? null : Instant.ofEpochSecond(-random.nextInt(1000), 999_999_999);
            GroupMember m = new GroupMember("rbac_group_" + texts[random.nextInt(texts.length)],
                    "user_" + i, random.nextInt(4) == 0 ? null : texts[random.nextInt(texts.length)],
                    created, updated, extra);
            assertThat(digester.digest(m)).as("member %d", i).isEqualTo(ofRecord(m));
        }
    }
}
