package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.errors.DataException;
import org.junit.jupiter.api.Test;

class RecordValuesTest {

    private static final Instant CREATED = Instant.parse("2025-03-01T09:15:30.123Z");
    private static final Instant UPDATED = Instant.parse("2026-10-02T17:45:00.456Z");
    private static final Instant OBSERVED = Instant.parse("2026-11-28T12:00:00.789Z");
    private static final ChangeMetadata UPDATED_IN_SWEEP_3 = new ChangeMetadata(ChangeType.UPDATED, 3, OBSERVED);
    private static final ChangeMetadata DELETED_IN_SWEEP_3 = new ChangeMetadata(ChangeType.DELETED, 3, OBSERVED);
    private static final String EMAIL = "ada.lovelace@example.com";

    @Test
    void groupValueCarriesEveryField() {
        Group group = new Group("rbac_group_1", "Security", "Reviews access", "scim", CREATED, UPDATED,
                List.of("role_admin"), Map.of("color", "\"blue\""));

        Struct value = RecordValues.groupValue(group, new ChangeMetadata(ChangeType.CREATED, 3, OBSERVED));

        assertThat(value.schema()).isSameAs(ComplianceSchemas.GROUP_VALUE);
        assertThat(value.getString("id")).isEqualTo("rbac_group_1");
        assertThat(value.getString("name")).isEqualTo("Security");
        assertThat(value.getString("description")).isEqualTo("Reviews access");
        assertThat(value.getString("source_type")).isEqualTo("scim");
        assertThat(value.get("created_at")).isEqualTo(Date.from(CREATED));
        assertThat(value.get("updated_at")).isEqualTo(Date.from(UPDATED));
        assertThat(value.<String>getArray("roles")).containsExactly("role_admin");
        assertThat(value.<String, String>getMap("extra")).containsExactly(Map.entry("color", "\"blue\""));
        assertThat(value.getString("change_type")).isEqualTo("CREATED");
        assertThat(value.getInt64("sweep")).isEqualTo(3L);
        assertThat(value.get("observed_at")).isEqualTo(Date.from(OBSERVED));
        value.validate();
    }

    @Test
    void anUpdatedGroupCarriesItsPreviousValuesAndTheFieldsThatChanged() {
        Group group = new Group("rbac_group_1", "Security", "Reviews access", "scim", CREATED, UPDATED,
                List.of("role_auditor"), Map.of());
        GroupChange change = new GroupChange(new GroupChange.Previous("Sec", "Reviews access", "scim", CREATED,
                CREATED, List.of("role_admin"), List.of()), List.of("name", "updated_at", "roles"));

        Struct value = RecordValues.groupValue(group, UPDATED_IN_SWEEP_3, change);

        Struct previous = value.getStruct("previous");
        assertThat(previous.getString("name")).isEqualTo("Sec");
        assertThat(previous.getString("description")).isEqualTo("Reviews access");
        assertThat(previous.getString("source_type")).isEqualTo("scim");
        assertThat(previous.get("created_at")).isEqualTo(Date.from(CREATED));
        assertThat(previous.get("updated_at")).isEqualTo(Date.from(CREATED));
        assertThat(previous.<String>getArray("roles")).containsExactly("role_admin");
        assertThat(previous.<String>getArray("not_kept")).isEmpty();
        assertThat(value.<String>getArray("changed_fields")).containsExactly("name", "updated_at", "roles");
        value.validate();
    }

    @Test
    void onlyAnUpdatedGroupCarriesAChangeAndAnUnknownOneIsNull() {
        Group group = new Group("rbac_group_1", "Security", null, null, null, null, null, null);
        GroupChange change = new GroupChange(new GroupChange.Previous("Sec", null, null, null, null, null, null),
                List.of("name"));

        for (ChangeType type : List.of(ChangeType.SNAPSHOT, ChangeType.CREATED)) {
            Struct value = RecordValues.groupValue(group, new ChangeMetadata(type, 3, OBSERVED), change);
            assertThat(value.get("previous")).as(type.name()).isNull();
            assertThat(value.get("changed_fields")).as(type.name()).isNull();
        }
        Struct unknown = RecordValues.groupValue(group, UPDATED_IN_SWEEP_3, GroupChange.UNKNOWN);
        assertThat(unknown.get("previous")).isNull();
        assertThat(unknown.get("changed_fields")).isNull();
        assertThat(RecordValues.groupDeleted("rbac_group_1", DELETED_IN_SWEEP_3).get("previous")).isNull();
    }

    @Test
    void groupValueKeepsNullsWhereTheApiGaveNone() {
        Group group = new Group("rbac_group_1", "Security", null, null, null, null, null, null);

        Struct value = RecordValues.groupValue(group, UPDATED_IN_SWEEP_3);

        assertThat(value.getString("description")).isNull();
        assertThat(value.getString("source_type")).isNull();
        assertThat(value.get("created_at")).isNull();
        assertThat(value.get("updated_at")).isNull();
        assertThat(value.getArray("roles")).isNull();
        assertThat(value.getMap("extra")).isNotNull().isEmpty();
        value.validate();
    }

    /** What the client makes of a row that did not fit: the field null, its raw value in extra. */
    @Test
    void aMalformedGroupRowMapsWithTheFieldNullAndTheRawValueInExtra() {
        Group group = new Group("rbac_group_1", null, "Reviews access", null, null, UPDATED, null,
                Map.of("name", "42", "source_type", "{\"kind\":\"scim\"}", "created_at", "\"2025-03-01T09:15:30\""));

        Struct value = RecordValues.groupValue(group, UPDATED_IN_SWEEP_3);

        assertThat(value.getString("name")).isNull();
        assertThat(value.getString("source_type")).isNull();
        assertThat(value.get("created_at")).isNull();
        assertThat(value.<String, String>getMap("extra")).containsEntry("name", "42")
                .containsEntry("created_at", "\"2025-03-01T09:15:30\"").hasSize(3);
        value.validate();
    }

    @Test
    void rolesNotReportedAndNoRolesStayDistinct() {
        Group unreported = new Group("rbac_group_1", "Security", "", "direct", null, null, null, Map.of());
        Group none = new Group("rbac_group_1", "Security", "", "direct", null, null, List.of(), Map.of());

        Struct unreportedValue = RecordValues.groupValue(unreported, UPDATED_IN_SWEEP_3);
        Struct noneValue = RecordValues.groupValue(none, UPDATED_IN_SWEEP_3);

        assertThat(unreportedValue.getArray("roles")).isNull();
        assertThat(noneValue.getArray("roles")).isNotNull().isEmpty();
        assertThat(unreportedValue).isNotEqualTo(noneValue);
    }

    @Test
    void clientCollectionsAreCarriedWithoutCopying() {
        Group group = new Group("rbac_group_1", "Security", "", "direct", null, null,
                List.of("role_a", "role_b"), Map.of("k", "1"));
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, null, null, Map.of("k", "2"));

        assertThat(RecordValues.groupValue(group, UPDATED_IN_SWEEP_3).getArray("roles")).isSameAs(group.roles());
        assertThat(RecordValues.groupValue(group, UPDATED_IN_SWEEP_3).getMap("extra")).isSameAs(group.extra());
        assertThat(RecordValues.memberValue(member, UPDATED_IN_SWEEP_3).getMap("extra")).isSameAs(member.extra());
    }

    @Test
    void groupDeletedCarriesIdentityOnly() {
        Struct value = RecordValues.groupDeleted("rbac_group_1", DELETED_IN_SWEEP_3);

        assertThat(value.getString("id")).isEqualTo("rbac_group_1");
        for (String field : List.of("name", "description", "source_type", "created_at", "updated_at", "roles")) {
            assertThat(value.get(field)).as(field).isNull();
        }
        assertThat(value.getMap("extra")).isNotNull().isEmpty();
        assertThat(value.getString("change_type")).isEqualTo("DELETED");
        assertThat(value.getInt64("sweep")).isEqualTo(3L);
        assertThat(value.get("observed_at")).isEqualTo(Date.from(OBSERVED));
        value.validate();
    }

    @Test
    void changeTypeAndRecordKindMustAgree() {
        Group group = new Group("rbac_group_1", "Security", "", "direct", null, null, null, Map.of());
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, null, null, Map.of());

        assertThatThrownBy(() -> RecordValues.groupValue(group, DELETED_IN_SWEEP_3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("groupDeleted");
        assertThatThrownBy(() -> RecordValues.groupDeleted("rbac_group_1", UPDATED_IN_SWEEP_3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UPDATED");
        assertThatThrownBy(() -> RecordValues.memberValue(member, DELETED_IN_SWEEP_3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("memberDeleted");
        assertThatThrownBy(() -> RecordValues.memberDeleted("rbac_group_1", "user_1", UPDATED_IN_SWEEP_3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UPDATED");
    }

    @Test
    void memberValueCarriesEveryField() {
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, CREATED, UPDATED,
                Map.of("role", "\"owner\""));

        Struct value = RecordValues.memberValue(member, new ChangeMetadata(ChangeType.SNAPSHOT, 1, OBSERVED));

        assertThat(value.schema()).isSameAs(ComplianceSchemas.MEMBER_VALUE);
        assertThat(value.getString("group_id")).isEqualTo("rbac_group_1");
        assertThat(value.getString("user_id")).isEqualTo("user_1");
        assertThat(value.getString("email")).isEqualTo(EMAIL);
        assertThat(value.get("created_at")).isEqualTo(Date.from(CREATED));
        assertThat(value.get("updated_at")).isEqualTo(Date.from(UPDATED));
        assertThat(value.<String, String>getMap("extra")).containsExactly(Map.entry("role", "\"owner\""));
        assertThat(value.getString("change_type")).isEqualTo("SNAPSHOT");
        assertThat(value.getInt64("sweep")).isEqualTo(1L);
        assertThat(value.get("observed_at")).isEqualTo(Date.from(OBSERVED));
        value.validate();
    }

    @Test
    void memberValueKeepsNullsWhereTheApiGaveNone() {
        GroupMember member = new GroupMember("rbac_group_1", "user_1", null, null, null, null);

        Struct value = RecordValues.memberValue(member, UPDATED_IN_SWEEP_3);

        assertThat(value.getString("email")).isNull();
        assertThat(value.get("created_at")).isNull();
        assertThat(value.get("updated_at")).isNull();
        assertThat(value.getMap("extra")).isNotNull().isEmpty();
        value.validate();
    }

    @Test
    void memberDeletedCarriesIdentityOnly() {
        Struct value = RecordValues.memberDeleted("rbac_group_1", "user_1", DELETED_IN_SWEEP_3);

        assertThat(value.getString("group_id")).isEqualTo("rbac_group_1");
        assertThat(value.getString("user_id")).isEqualTo("user_1");
        assertThat(value.getString("email")).isNull();
        assertThat(value.get("created_at")).isNull();
        assertThat(value.get("updated_at")).isNull();
        assertThat(value.getMap("extra")).isNotNull().isEmpty();
        assertThat(value.getString("change_type")).isEqualTo("DELETED");
        value.validate();
    }

    @Test
    void misuseErrorsNameTheMembershipButNeverTheEmail() {
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, null, null, Map.of());

        assertThatThrownBy(() -> RecordValues.memberValue(member, DELETED_IN_SWEEP_3))
                .hasMessageContaining("user_1")
                .hasMessageNotContaining(EMAIL)
                .hasMessageNotContaining("ada.lovelace");
    }

    @Test
    void keysCarryIdentity() {
        assertThat(RecordValues.groupKey("rbac_group_1")).isEqualTo(
                new Struct(ComplianceSchemas.GROUP_KEY).put("id", "rbac_group_1"));
        assertThat(RecordValues.memberKey("rbac_group_1", "user_1")).isEqualTo(
                new Struct(ComplianceSchemas.MEMBER_KEY).put("group_id", "rbac_group_1").put("user_id", "user_1"));
        assertThat(RecordValues.sweepKey("compliance-groups")).isEqualTo(
                new Struct(ComplianceSchemas.SWEEP_KEY).put("connector", "compliance-groups"));
    }

    @Test
    void requiredIdentityCannotBeNull() {
        assertThatThrownBy(() -> RecordValues.groupKey(null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> RecordValues.memberKey("rbac_group_1", null)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> RecordValues.groupDeleted(null, DELETED_IN_SWEEP_3)).isInstanceOf(DataException.class);
        assertThatThrownBy(() -> RecordValues.memberDeleted(null, "user_1", DELETED_IN_SWEEP_3))
                .isInstanceOf(DataException.class);
    }

    @Test
    void timestampsKeepMillisecondsAndDropFinerParts() {
        Instant withNanos = Instant.parse("2026-11-28T12:00:00.789654321Z");
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, withNanos, null, Map.of());

        Struct value = RecordValues.memberValue(member, new ChangeMetadata(ChangeType.CREATED, 1, withNanos));

        Date millis = new Date(Instant.parse("2026-11-28T12:00:00.789Z").toEpochMilli());
        assertThat(value.get("created_at")).isEqualTo(millis);
        assertThat(value.get("observed_at")).isEqualTo(millis);
    }

    @Test
    void sweepEventCarriesEveryField() {
        Struct value = RecordValues.sweepEvent(new SweepEventData("compliance-groups",
                SweepEventType.CHECKPOINT, 12, OBSERVED, 40, 5_000, 17, 63, true));

        assertThat(value.schema()).isSameAs(ComplianceSchemas.SWEEP_VALUE);
        assertThat(value.getString("connector")).isEqualTo("compliance-groups");
        assertThat(value.getString("event")).isEqualTo("CHECKPOINT");
        assertThat(value.getInt64("sweep")).isEqualTo(12L);
        assertThat(value.get("at")).isEqualTo(Date.from(OBSERVED));
        assertThat(value.getInt64("groups_seen")).isEqualTo(40L);
        assertThat(value.getInt64("members_seen")).isEqualTo(5_000L);
        assertThat(value.getInt64("changes")).isEqualTo(17L);
        assertThat(value.getInt64("requests")).isEqualTo(63L);
        assertThat(value.getBoolean("resumed")).isTrue();
        assertThat(value.get("group_count")).isNull();
        assertThat(value.get("group_digest")).isNull();
        value.validate();
    }

    @Test
    void sweepCompletedCarriesTheChecksumWithDigestsInHex() {
        Struct value = RecordValues.sweepEvent(new SweepEventData("compliance-groups",
                SweepEventType.SWEEP_COMPLETED, 12, OBSERVED, 40, 5_000, 17, 63, false,
                new DirectoryChecksum(new DirectoryChecksum.Part(39, -1L), new DirectoryChecksum.Part(4_990, 255))));

        assertThat(value.getInt64("group_count")).isEqualTo(39L);
        assertThat(value.getString("group_digest")).isEqualTo("ffffffffffffffff");
        assertThat(value.getInt64("membership_count")).isEqualTo(4_990L);
        assertThat(value.getString("membership_digest")).isEqualTo("00000000000000ff");
        value.validate();
    }

    @Test
    void changeMetadataRejectsWhatNoSweepProduces() {
        assertThatThrownBy(() -> new ChangeMetadata(ChangeType.CREATED, -1, OBSERVED))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ChangeMetadata(null, 1, OBSERVED)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> new ChangeMetadata(ChangeType.CREATED, 1, null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void onlyAnUpdatedMembershipNamesItsChangedFields() {
        GroupMember member = new GroupMember("rbac_group_1", "user_1", EMAIL, CREATED, UPDATED, Map.of());
        Struct updated = RecordValues.memberValue(member, UPDATED_IN_SWEEP_3, List.of("email", "extra.team"));
        assertThat(updated.getArray("changed_fields")).containsExactly("email", "extra.team");
        assertThat(RecordValues.memberValue(member, UPDATED_IN_SWEEP_3, null).getArray("changed_fields"))
                .as("not known").isNull();
        ChangeMetadata snapshot = new ChangeMetadata(ChangeType.SNAPSHOT, 3, OBSERVED);
        assertThat(RecordValues.memberValue(member, snapshot).getArray("changed_fields")).isNull();
        assertThatThrownBy(() -> RecordValues.memberValue(member, snapshot, List.of("email")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("UPDATED")
                .hasMessageNotContaining(EMAIL);
        assertThat(RecordValues.memberDeleted("rbac_group_1", "user_1", DELETED_IN_SWEEP_3).getArray("changed_fields"))
                .isNull();
    }
}
