package io.complianceconnect.groups.mapping;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

class ChangeRecordsTest {

    private static final Instant OBSERVED = Instant.parse("2026-11-28T12:00:00.789Z");
    private static final ChangeMetadata CREATED = new ChangeMetadata(ChangeType.CREATED, 2, OBSERVED);
    private static final ChangeMetadata DELETED = new ChangeMetadata(ChangeType.DELETED, 2, OBSERVED);

    private final ChangeRecords withTombstones = new ChangeRecords("hr", "g", "m", "s", true);
    private final ChangeRecords withoutTombstones = new ChangeRecords("hr", "g", "m", "s", false);

    @Test
    void aChangedGroupGoesToTheGroupsTopicKeyedByItsId() {
        Group group = new Group("rbac_group_1", "Security", null, null, null, null, null, null);

        ChangeRecord record = withTombstones.groupChanged(group, CREATED);

        assertThat(record.topic()).isEqualTo("g");
        assertThat(record.keySchema()).isSameAs(ComplianceSchemas.GROUP_KEY);
        assertThat(((Struct) record.key()).getString("id")).isEqualTo("rbac_group_1");
        assertThat(record.valueSchema()).isSameAs(ComplianceSchemas.GROUP_VALUE);
        assertThat(((Struct) record.value()).getString("name")).isEqualTo("Security");
        assertThat(record.change()).isEqualTo(ChangeType.CREATED);
        assertThat(record.isTombstone()).isFalse();
    }

    @Test
    void aChangedMembershipGoesToTheMembersTopicKeyedByGroupAndUser() {
        GroupMember member = new GroupMember("rbac_group_1", "user_7", "ada@example.com", null, null, Map.of());

        ChangeRecord record = withTombstones.memberChanged(member, CREATED);

        assertThat(record.topic()).isEqualTo("m");
        assertThat(record.key()).isEqualTo(RecordValues.memberKey("rbac_group_1", "user_7"));
        assertThat(((Struct) record.value()).getString("email")).isEqualTo("ada@example.com");
        assertThat(record.change()).isEqualTo(ChangeType.CREATED);
    }

    @Test
    void aDeletionIsFollowedByATombstoneForTheSameKeyWhenConfigured() {
        List<ChangeRecord> member = withTombstones.memberDeleted("rbac_group_1", "user_7", DELETED);
        List<ChangeRecord> group = withTombstones.groupDeleted("rbac_group_1", DELETED);

        for (List<ChangeRecord> records : List.of(member, group)) {
            assertThat(records).hasSize(2);
            assertThat(records.get(0).change()).isEqualTo(ChangeType.DELETED);
            assertThat(((Struct) records.get(0).value()).getString("change_type")).isEqualTo("DELETED");
            assertThat(records.get(1).isTombstone()).isTrue();
            assertThat(records.get(1).valueSchema()).isNull();
            assertThat(records.get(1).change()).isNull();
            assertThat(records.get(1).key()).isEqualTo(records.get(0).key());
            assertThat(records.get(1).topic()).isEqualTo(records.get(0).topic());
        }
        assertThat(member.get(0).topic()).isEqualTo("m");
        assertThat(group.get(0).topic()).isEqualTo("g");
    }

    @Test
    void withoutTombstonesADeletionIsTheDeletedRecordAlone() {
        assertThat(withoutTombstones.memberDeleted("rbac_group_1", "user_7", DELETED))
                .singleElement().satisfies(r -> assertThat(r.change()).isEqualTo(ChangeType.DELETED));
        assertThat(withoutTombstones.groupDeleted("rbac_group_1", DELETED))
                .singleElement().satisfies(r -> assertThat(r.isTombstone()).isFalse());
    }

    @Test
    void aSweepEventIsKeyedByTheConnectorAndReportsNoChangeOfItsOwn() {
        SweepEventData data = new SweepEventData("hr", SweepEventType.CHECKPOINT, 2, OBSERVED, 5, 40, 3, 7, false);

        ChangeRecord record = withTombstones.sweepEvent(data);

        assertThat(record.topic()).isEqualTo("s");
        assertThat(record.key()).isEqualTo(RecordValues.sweepKey("hr"));
        assertThat(((Struct) record.value()).getString("event")).isEqualTo("CHECKPOINT");
        assertThat(((Struct) record.value()).getInt64("requests")).isEqualTo(7L);
        assertThat(record.change()).isNull();
        assertThat(record.isTombstone()).isFalse();
    }
}
