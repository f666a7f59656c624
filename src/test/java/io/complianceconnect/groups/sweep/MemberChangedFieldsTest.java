package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.Map;

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

    @Test
    void afterAnUpgradeFromOffsetsWithoutFieldDigestsTheFirstChangeIsNotNamedButTheNextOnesAre() throws Exception {
        directory.populate(2, 4);
        driver = new EngineDriver(simulator, key(), EngineDriver.settings(10));
        driver.runSweeps(1);
        downgradeMemberOffsetsToVersion1();
        driver.restart();

        String groupId = directory.groups().get(0).id();
        List<SimMember> members = directory.members(groupId);
        SimMember changedAtOnce = members.get(0);
        SimMember changedLater = members.get(1);
        directory.setMemberExtraField(groupId, changedAtOnce.userId(), "department", "\"research\"");
        int before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, changedAtOnce.userId())).as("nothing to compare with").isNull();

        // changedLater was listed unchanged in that sweep: its digests are known from then on, even
        // though no record stored them yet (its bucket was stored with changedAtOnce's record).
        directory.setMemberExtraField(groupId, changedLater.userId(), "department", "\"sales\"");
        before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, changedLater.userId())).containsExactly("extra.department");
    }

    /**
     * At-least-once, the realistic ratio: the worker flushes offsets rarely (every 60 s by default) and the
     * task restarts between two sweeps with none of the second's offsets flushed. The state then is the
     * committed one, so the membership's record emitted again names what changed since the committed record.
     */
    @Test
    void afterARestartBeforeTheFlushTheRecordNamesWhatChangedSinceTheCommittedOne() throws Exception {
        directory.populate(2, 4);
        driver = EngineDriver.builder(simulator.baseUrl(), key(), EngineDriver.settings(2)).recording().atLeastOnce()
                .build();
        driver.runSweeps(1);
        driver.flush();
        String groupId = directory.groups().get(1).id();
        SimMember member = directory.members(groupId).get(1);

        directory.updateMemberEmail(member.userId(), "moved@example.com");
        int before = driver.delivered.size();
        driver.runSweeps(1);   // no flush: its offsets stay unflushed
        assertThat(changedFieldsSince(before, groupId, member.userId())).containsExactly("email", "updated_at");

        directory.setMemberExtraField(groupId, member.userId(), "department", "\"research\"");
        driver.restart();
        before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(changedFieldsSince(before, groupId, member.userId()))
                .containsExactly("email", "updated_at", "extra.department");
    }

    /** Rewrites every stored member bucket as the connector before field digests wrote it (version 1). */
    private void downgradeMemberOffsetsToVersion1() {
        driver.offsets.replaceAll((partition, offset) -> {
            if (!"members".equals(partition.get("kind")) || offset == null) {
                return offset;
            }
            StringBuilder v1 = new StringBuilder();
            for (String entry : ((String) offset.get("members")).split(";")) {
                String[] fields = entry.split(" ");
                long fingerprint = java.nio.ByteBuffer.wrap(java.util.Base64.getUrlDecoder().decode(fields[1])).getLong();
                v1.append(fields[0]).append('\t').append(Long.toHexString(fingerprint)).append('\n');
            }
            return Map.of("v", 1, "members", v1.toString());
        });
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
