package io.complianceconnect.groups.verify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.mapping.ComplianceSchemas;
import io.complianceconnect.groups.mapping.ContentDigest;
import io.complianceconnect.groups.mapping.DirectoryChecksum;
import io.complianceconnect.groups.mapping.RecordValues;
import io.complianceconnect.groups.mapping.SweepEventData;
import io.complianceconnect.groups.mapping.SweepEventType;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.json.JsonConverter;
import org.junit.jupiter.api.Test;

/**
 * The verdicts of verify-replica over topics written as the JsonConverter writes them, without a
 * broker: the rule for records after the checksum, which side differs, and a missing checksum.
 */
class ReplicaVerifierTest {

    private static final Instant T = Instant.parse("2026-12-01T10:00:00Z");
    private static final long COMPLETED_MS = T.toEpochMilli() + 1000;

    private final JsonConverter json = new JsonConverter();
    private final List<TopicRecord> groups = new ArrayList<>();
    private final List<TopicRecord> members = new ArrayList<>();
    private final List<TopicRecord> sweeps = new ArrayList<>();

    ReplicaVerifierTest() {
        json.configure(Map.of("schemas.enable", "true", "converter.type", "value"));
    }

    private byte[] bytes(Schema schema, Object value) {
        return json.fromConnectData("t", schema, value);
    }

    private Struct group(String id, String name) {
        return RecordValues.groupValue(new Group(id, name, null, "scim", T, null, List.of(), Map.of()),
                new ChangeMetadata(ChangeType.SNAPSHOT, 1, T));
    }

    private Struct member(String groupId, String userId) {
        return RecordValues.memberValue(new GroupMember(groupId, userId, userId + "@example.com", T, T, Map.of()),
                new ChangeMetadata(ChangeType.SNAPSHOT, 1, T));
    }

    private void write(List<TopicRecord> topic, Schema keySchema, Struct key, Schema valueSchema, Struct value,
                       long timestampMs) {
        topic.add(new TopicRecord(0, topic.size(), timestampMs, bytes(keySchema, key),
                value == null ? null : bytes(valueSchema, value)));
    }

    /** Two groups, three memberships, one of them deleted with its tombstone; then SWEEP_COMPLETED. */
    private DirectoryChecksum replicaAndItsChecksum() {
        Struct g1 = group("g1", "one");
        Struct g2 = group("g2", "two");
        write(groups, ComplianceSchemas.GROUP_KEY, RecordValues.groupKey("g1"), ComplianceSchemas.GROUP_VALUE, g1, 1);
        write(groups, ComplianceSchemas.GROUP_KEY, RecordValues.groupKey("g2"), ComplianceSchemas.GROUP_VALUE, g2, 1);
        Struct m1 = member("g1", "u1");
        Struct m2 = member("g2", "u2");
        write(members, ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey("g1", "u1"), ComplianceSchemas.MEMBER_VALUE,
                m1, 2);
        write(members, ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey("g2", "u2"), ComplianceSchemas.MEMBER_VALUE,
                m2, 2);
        write(members, ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey("g2", "u3"), ComplianceSchemas.MEMBER_VALUE,
                member("g2", "u3"), 2);
        write(members, ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey("g2", "u3"), ComplianceSchemas.MEMBER_VALUE,
                RecordValues.memberDeleted("g2", "u3", new ChangeMetadata(ChangeType.DELETED, 1, T)), 3);
        write(members, ComplianceSchemas.MEMBER_KEY, RecordValues.memberKey("g2", "u3"), null, null, 3);
        DirectoryChecksum checksum = new DirectoryChecksum(
                DirectoryChecksum.Part.EMPTY.plus(ContentDigest.group(g1::get)).plus(ContentDigest.group(g2::get)),
                DirectoryChecksum.Part.EMPTY.plus(ContentDigest.membership(m1::get))
                        .plus(ContentDigest.membership(m2::get)));
        completed(checksum);
        return checksum;
    }

    private void completed(DirectoryChecksum checksum) {
        write(sweeps, ComplianceSchemas.SWEEP_KEY, RecordValues.sweepKey("c"), ComplianceSchemas.SWEEP_VALUE,
                RecordValues.sweepEvent(new SweepEventData("c", SweepEventType.SWEEP_COMPLETED, 1, T, 2, 3, 7, 5,
                        false, checksum)), COMPLETED_MS);
    }

    private ReplicaVerifier.Verdict verify() {
        return new ReplicaVerifier(new JsonValueDecoder(), null).verify(new ReplicaVerifier.Topic("groups", groups),
                new ReplicaVerifier.Topic("members", members), new ReplicaVerifier.Topic("sweeps", sweeps));
    }

    @Test
    void aReplicaOfExactlyTheChecksummedRecordsMatches() {
        replicaAndItsChecksum();

        ReplicaVerifier.Verdict verdict = verify();

        assertThat(verdict.outcome()).as(String.join("\n", verdict.report())).isEqualTo(ReplicaVerifier.Outcome.MATCHES);
        assertThat(verdict.report()).anySatisfy(l -> assertThat(l).startsWith("groups ").contains("2 records").endsWith(": match"));
    }

    @Test
    void aDifferenceWithNothingWrittenAfterTheChecksumDiffersAndNamesTheSide() {
        replicaAndItsChecksum();
        members.remove(0);

        ReplicaVerifier.Verdict verdict = verify();

        assertThat(verdict.outcome()).isEqualTo(ReplicaVerifier.Outcome.DIFFERS);
        assertThat(verdict.report()).anySatisfy(l -> assertThat(l).startsWith("memberships ")
                .endsWith("DIFFER (the replica has 1 fewer record)"));
        assertThat(verdict.report()).last().asString().endsWith("in its memberships.");
    }

    @Test
    void aDifferenceWithARecordAtOrAfterTheChecksumIsNotYetConverged() {
        replicaAndItsChecksum();
        write(groups, ComplianceSchemas.GROUP_KEY, RecordValues.groupKey("g1"), ComplianceSchemas.GROUP_VALUE,
                group("g1", "renamed"), COMPLETED_MS);

        assertThat(verify().outcome()).isEqualTo(ReplicaVerifier.Outcome.NOT_YET_CONVERGED);
    }

    @Test
    void aRecordAfterTheChecksumThatChangesNothingStillMatches() {
        replicaAndItsChecksum();
        write(groups, ComplianceSchemas.GROUP_KEY, RecordValues.groupKey("g1"), ComplianceSchemas.GROUP_VALUE,
                group("g1", "one"), COMPLETED_MS + 5);

        assertThat(verify().outcome()).isEqualTo(ReplicaVerifier.Outcome.MATCHES);
    }

    @Test
    void withoutAChecksumThereIsNothingToVerifyAgainst() {
        assertThat(verify().outcome()).isEqualTo(ReplicaVerifier.Outcome.NO_CHECKSUM);
        completed(null);
        ReplicaVerifier.Verdict verdict = verify();
        assertThat(verdict.outcome()).isEqualTo(ReplicaVerifier.Outcome.NO_CHECKSUM);
        assertThat(verdict.report()).anySatisfy(l -> assertThat(l).contains("carries no checksum"));
    }

    @Test
    void theOptionsAreTheIssuesFlagsWithTheConnectorsTopicsAsDefaults() {
        VerifyOptions options = VerifyOptions.parse(new String[]{"--bootstrap-server", "localhost:9092"});
        assertThat(options.groupsTopic()).isEqualTo("compliance.groups");
        assertThat(options.membersTopic()).isEqualTo("compliance.group-members");
        assertThat(options.sweepsTopic()).isEqualTo("compliance.sweeps");
        assertThat(options.schemaRegistryUrl()).isNull();
        assertThat(VerifyOptions.parse(new String[]{"--help"}).help()).isTrue();
        assertThatThrownBy(() -> VerifyOptions.parse(new String[]{"--groups-topic", "g"}))
                .hasMessageContaining("--bootstrap-server is required");
        assertThatThrownBy(() -> VerifyOptions.parse(new String[]{"--bootstrap-server", "h:1", "--topics", "x"}))
                .hasMessageContaining("unknown flag --topics");
        assertThat(VerifyReplicaMain.run(new String[]{"--nope"}, System.out, new java.io.PrintStream(
                java.io.OutputStream.nullOutputStream()))).isEqualTo(VerifyReplicaMain.USAGE_OR_READ_ERROR);
    }
}
