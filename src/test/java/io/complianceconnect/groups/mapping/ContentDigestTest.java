package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import java.time.Instant;
import java.util.Date;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

/**
 * The canonical encoding and digest of docs/checksum.md: the vectors there are these, so a
 * consumer's reimplementation can be checked against the same bytes and numbers.
 */
class ContentDigestTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.123Z");

    /** The group of the documented vector. */
    private static Map<String, Object> vectorGroup() {
        Map<String, Object> extra = new LinkedHashMap<>();
        extra.put("tier", "\"gold\"");
        extra.put("archived", "false");
        Map<String, Object> g = new HashMap<>();
        g.put("id", "rbac_group_1");
        g.put("name", "Engineering");
        g.put("description", null);
        g.put("source_type", "scim");
        g.put("created_at", Date.from(CREATED));
        g.put("updated_at", null);
        g.put("roles", List.of("role_admin", "role_viewer"));
        g.put("extra", extra);
        return g;
    }

    /** The membership of the documented vector. */
    private static Map<String, Object> vectorMembership() {
        Map<String, Object> m = new HashMap<>();
        m.put("group_id", "rbac_group_1");
        m.put("user_id", "user_1");
        m.put("email", "ada@example.com");
        m.put("created_at", CREATED.toEpochMilli());
        m.put("updated_at", null);
        m.put("extra", Map.of());
        return m;
    }

    @Test
    void theDocumentedGroupVector() {
        Map<String, Object> g = vectorGroup();

        assertThat(HexFormat.of().formatHex(ContentDigest.encodeGroup(g::get))).isEqualTo(
                "010000001a636f6d706c69616e63652d67726f7570732f67726f75702f7631"   // domain
                        + "010000000c726261635f67726f75705f31"                         // id
                        + "010000000b456e67696e656572696e67"                           // name
                        + "00"                                                         // description: null
                        + "01000000047363696d"                                         // source_type
                        + "020000019b7ca98d03"                                         // created_at
                        + "00"                                                         // updated_at: null
                        + "0300000002010000000a726f6c655f61646d696e010000000b726f6c655f766965776572"  // roles
                        + "0400000002"                                                 // extra: 2 entries, by key
                        + "01000000086172636869766564010000000566616c7365"
                        + "010000000474696572010000000622676f6c6422");
        assertThat(ContentDigest.hex(ContentDigest.group(g::get))).isEqualTo("e7ce79d1fa6555d3");
    }

    @Test
    void theDocumentedMembershipVectorAndTheirSum() {
        Map<String, Object> m = vectorMembership();
        Map<String, Object> g = vectorGroup();

        assertThat(HexFormat.of().formatHex(ContentDigest.encodeMembership(m::get))).isEqualTo(
                "010000001f636f6d706c69616e63652d67726f7570732f6d656d626572736869702f7631"
                        + "010000000c726261635f67726f75705f31"
                        + "0100000006757365725f31"
                        + "010000000f616461406578616d706c652e636f6d"
                        + "020000019b7ca98d03"
                        + "00"
                        + "0400000000");
        assertThat(ContentDigest.hex(ContentDigest.membership(m::get))).isEqualTo("feba993c6f59c039");
        // Sums wrap around mod 2^64.
        assertThat(ContentDigest.hex(ContentDigest.group(g::get) + ContentDigest.membership(m::get)))
                .isEqualTo("e689130e69bf160c");
    }

    @Test
    void extraIsDigestedInKeyOrderWhateverTheMapOrder() {
        Map<String, Object> g = vectorGroup();
        Map<String, Object> reordered = new HashMap<>(g);
        reordered.put("extra", new TreeMap<>(Map.of("tier", "\"gold\"", "archived", "false")).descendingMap());

        assertThat(ContentDigest.group(reordered::get)).isEqualTo(ContentDigest.group(g::get));
    }

    @Test
    void aMissingOrNullExtraIsAnEmptyOne() {
        Map<String, Object> m = vectorMembership();
        Map<String, Object> nullExtra = new HashMap<>(m);
        nullExtra.put("extra", null);

        assertThat(ContentDigest.membership(nullExtra::get)).isEqualTo(ContentDigest.membership(m::get));
    }

    @Test
    void everyContentFieldCountsAndNullIsNotEmpty() {
        long base = ContentDigest.group(vectorGroup()::get);
        for (Map.Entry<String, Object> change : Map.<String, Object>of(
                "description", "", "name", "Engineering ", "roles", List.of(), "updated_at", CREATED.toEpochMilli(),
                "extra", Map.of("tier", "\"gold\""), "id", "rbac_group_2", "source_type", "direct").entrySet()) {
            Map<String, Object> g = new HashMap<>(vectorGroup());
            g.put(change.getKey(), change.getValue());
            assertThat(ContentDigest.group(g::get)).as(change.getKey()).isNotEqualTo(base);
        }
        Map<String, Object> nullRoles = new HashMap<>(vectorGroup());
        nullRoles.put("roles", null);
        Map<String, Object> emptyRoles = new HashMap<>(vectorGroup());
        emptyRoles.put("roles", List.of());
        assertThat(ContentDigest.group(nullRoles::get)).isNotEqualTo(ContentDigest.group(emptyRoles::get));
    }

    @Test
    void textMovedBetweenFieldsChangesTheDigest() {
        Map<String, Object> a = new HashMap<>(vectorGroup());
        a.put("name", "ab");
        a.put("description", "");
        Map<String, Object> b = new HashMap<>(vectorGroup());
        b.put("name", "a");
        b.put("description", "b");

        assertThat(ContentDigest.group(a::get)).isNotEqualTo(ContentDigest.group(b::get));
    }

    @Test
    void metadataFieldsAreNotContent() {
        Map<String, Object> m = new HashMap<>(vectorMembership());
        long base = ContentDigest.membership(m::get);
        m.put("change_type", "UPDATED");
        m.put("sweep", 7L);
        m.put("observed_at", new Date());

        assertThat(ContentDigest.membership(m::get)).isEqualTo(base);
    }

    @Test
    void everyDecodedTimestampFormIsTheSameMillisecond() {
        Map<String, Object> asDate = new HashMap<>(vectorMembership());
        asDate.put("created_at", Date.from(CREATED));
        Map<String, Object> asInstant = new HashMap<>(vectorMembership());
        asInstant.put("created_at", CREATED);
        long asMillis = ContentDigest.membership(vectorMembership()::get);

        assertThat(ContentDigest.membership(asDate::get)).isEqualTo(asMillis);
        assertThat(ContentDigest.membership(asInstant::get)).isEqualTo(asMillis);
    }

    @Test
    void sumsAreOrderIndependent() {
        long a = ContentDigest.group(vectorGroup()::get);
        long b = ContentDigest.membership(vectorMembership()::get);
        DirectoryChecksum.Part ab = DirectoryChecksum.Part.EMPTY.plus(a).plus(b);
        DirectoryChecksum.Part ba = DirectoryChecksum.Part.EMPTY.plus(b).plus(a);

        assertThat(ab).isEqualTo(ba).isEqualTo(new DirectoryChecksum.Part(2, a + b));
    }

    @Test
    void theConnectRecordDigestsLikeItsDecodedForm() {
        Group group = new Group("rbac_group_1", "Engineering", null, "scim", CREATED.plusNanos(456_789), null,
                List.of("role_admin", "role_viewer"), Map.of("tier", "\"gold\"", "archived", "false"));
        Struct value = RecordValues.groupValue(group, new ChangeMetadata(ChangeType.SNAPSHOT, 3, Instant.now()));

        // Nanoseconds are not on the topic, so they are not in the digest.
        assertThat(ContentDigest.group(value::get)).isEqualTo(ContentDigest.group(vectorGroup()::get));
        GroupMember member = new GroupMember("rbac_group_1", "user_1", "ada@example.com", CREATED, null, Map.of());
        Struct memberValue = RecordValues.memberValue(member, new ChangeMetadata(ChangeType.UPDATED, 3, Instant.now()));
        assertThat(ContentDigest.membership(memberValue::get)).isEqualTo(ContentDigest.membership(vectorMembership()::get));
    }

    @Test
    void aFieldOfTheWrongTypeIsRefusedByName() {
        Map<String, Object> g = new HashMap<>(vectorGroup());
        g.put("created_at", "2026-01-02");

        assertThatThrownBy(() -> ContentDigest.group(g::get)).hasMessageContaining("created_at");
    }

    @Test
    void hexIsSixteenDigitsBothWays() {
        assertThat(ContentDigest.hex(1)).isEqualTo("0000000000000001");
        assertThat(ContentDigest.parseHex("ffffffffffffffff")).isEqualTo(-1L);
        assertThatThrownBy(() -> ContentDigest.parseHex("1")).hasMessageContaining("16 hex digits");
    }
}
