package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code changed_fields} of membership records through the engine (issue 23): an UPDATED record names
 * the fields that changed, also when the state it compares with was restored from the offsets; other
 * records carry null.
 */
@Timeout(120)
class MemberChangedFieldsTest extends SimulatedEngineTest {

    MemberChangedFieldsTest() {
        super("changed-fields-key", 23);
    }

    @Test
    void anUpdatedMembershipNamesTheFieldsThatChangedBeforeAndAfterARestart() throws Exception {
        directory.populate(3, 4);
        driver = new EngineDriver(simulator, key(), EngineDriver.settings(3));   // several member pages
        driver.runSweeps(1);
        assertThat(memberRecordsSince(0)).isNotEmpty()
                .allSatisfy(r -> assertThat(value(r).getArray("changed_fields")).as("SNAPSHOT").isNull());

        String groupId = directory.groups().get(1).id();
        SimMember member = directory.members(groupId).get(2);
        directory.updateMemberEmail(member.userId(), "renamed@example.com");   // bumps updated_at too
        directory.setMemberExtraField(groupId, member.userId(), "department", "\"research\"");
        int before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, member.userId()))
                .containsExactly("email", "updated_at", "extra.department");

        driver.restart();   // the state comes from the stored offsets now
        directory.setMemberExtraField(groupId, member.userId(), "title", "\"lead\"");
        before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, member.userId())).containsExactly("extra.title");

        directory.setMemberExtraField(groupId, member.userId(), "department", "\"sales\"");
        driver.restart();
        before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, member.userId())).containsExactly("extra.department");
    }

    @Test
    void createdAndDeletedMembershipsCarryNoChangedFields() throws Exception {
        directory.populate(2, 3);
        driver = new EngineDriver(simulator, key(), EngineDriver.settings(10));
        driver.runSweeps(1);
        String groupId = directory.groups().get(0).id();
        String joiner = directory.addMember(groupId, "joiner@example.com");
        directory.removeMember(groupId, directory.members(groupId).get(0).userId());
        int before = driver.delivered.size();
        driver.runSweeps(1);

        List<SourceRecord> records = memberRecordsSince(before);
        assertThat(records).extracting(r -> value(r).getString("change_type"))
                .containsExactlyInAnyOrder("CREATED", "DELETED");
        assertThat(records).allSatisfy(r -> assertThat(value(r).getArray("changed_fields")).isNull());
        assertThat(records).anySatisfy(r -> assertThat(value(r).getString("user_id")).isEqualTo(joiner));
    }

    private List<String> changedFieldsSince(int from, String groupId, String userId) {
        List<SourceRecord> updated = memberRecordsSince(from).stream()
                .filter(r -> groupId.equals(value(r).getString("group_id"))
                        && userId.equals(value(r).getString("user_id"))).toList();
        assertThat(updated).hasSize(1);
        assertThat(value(updated.get(0)).getString("change_type")).isEqualTo("UPDATED");
        return value(updated.get(0)).getArray("changed_fields");
    }

    private List<SourceRecord> memberRecordsSince(int from) {
        return driver.delivered.subList(from, driver.delivered.size()).stream()
                .filter(r -> "members".equals(r.topic()) && r.value() != null).toList();
    }

    private static Struct value(SourceRecord r) {
        return (Struct) r.value();
    }
}
