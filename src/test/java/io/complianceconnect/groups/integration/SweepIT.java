package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The connector end to end on a real (in-process) Kafka and Connect cluster with two workers,
 * against the API simulator: snapshot, every kind of change, a stop with deletions meanwhile, and
 * the loss of the worker that runs the task.
 */
class SweepIT {

    private static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(90);

    private ConnectHarness harness;
    private Directory directory;

    @BeforeEach
    void start() {
        harness = new ConnectHarness(2, false);
        directory = harness.simulator.directory();
    }

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void snapshotThenEveryKindOfChangeThenNothingWhenNothingChanges() throws Exception {
        directory.populate(12, i -> i % 4 == 0 ? 12 : 3);   // some groups need several member pages
        harness.startConnector(harness.connectorConfig());
        TopicReplica replica = harness.replica();

        long first = replica.awaitSweepCompletedAfter(0, SWEEP_TIMEOUT);
        assertReplicaEqualsDirectory(replica);
        assertThat(replica.changes(TopicReplica.GROUPS)).extracting(Change::changeType).containsOnly("SNAPSHOT");
        assertThat(replica.changes(TopicReplica.MEMBERS)).extracting(Change::changeType).containsOnly("SNAPSHOT")
                .hasSize((int) directory.membershipCount());

        List<String> groupIds = directory.groups().stream().map(g -> g.id()).toList();
        String renamed = groupIds.get(1);
        String deleted = groupIds.get(2);
        String bigGroup = groupIds.get(0);
        SimMember leaving = directory.members(bigGroup).get(5);
        SimMember changingEmail = directory.members(groupIds.get(3)).get(0);
        int deletedGroupMembers = directory.members(deleted).size();

        long before = replica.changes(TopicReplica.GROUPS).size() + replica.changes(TopicReplica.MEMBERS).size();
        directory.renameGroup(renamed, "Renamed group");
        directory.deleteGroup(deleted);
        String created = directory.createGroup("Brand new", "created during the test", "direct", List.of("role_x"));
        String joiner = directory.addMember(created, "joiner@example.com");
        String added = directory.addMember(bigGroup, "added@example.com");
        directory.removeMember(bigGroup, leaving.userId());
        directory.updateMemberEmail(changingEmail.userId(), "changed@example.com");

        long afterChanges = replica.awaitSweepStartedAfter(Instant.now(), SWEEP_TIMEOUT);
        assertReplicaEqualsDirectory(replica);

        List<Change> groupChanges = newChanges(replica.changes(TopicReplica.GROUPS), first);
        List<Change> memberChanges = newChanges(replica.changes(TopicReplica.MEMBERS), first);
        assertThat(describe(groupChanges)).containsExactlyInAnyOrder(
                "UPDATED " + renamed, "CREATED " + created, "DELETED " + deleted, "tombstone " + deleted);
        Map<String, Long> memberTypes = memberChanges.stream().collect(Collectors.groupingBy(
                c -> c.tombstone() ? "tombstone" : c.changeType(), LinkedHashMap::new, Collectors.counting()));
        assertThat(memberTypes).containsEntry("CREATED", 2L)
                .containsEntry("DELETED", 1L + deletedGroupMembers)
                .containsEntry("tombstone", 1L + deletedGroupMembers);
        assertThat(describe(memberChanges)).contains("CREATED " + created + "/" + joiner, "CREATED " + bigGroup + "/"
                + added, "DELETED " + bigGroup + "/" + leaving.userId(), "tombstone " + bigGroup + "/" + leaving.userId());
        long emailUpdates = directory.groupsOfUser(changingEmail.userId()).size();
        assertThat(memberTypes.get("UPDATED")).isEqualTo(emailUpdates);

        // Nothing beyond those changes was emitted (their order is checked in SweepEngineTest).
        long total = replica.changes(TopicReplica.GROUPS).size() + replica.changes(TopicReplica.MEMBERS).size();
        assertThat(total - before).isEqualTo(groupChanges.size() + memberChanges.size());

        // A sweep over an unchanged directory emits nothing.
        long quiet = replica.awaitSweepStartedAfter(Instant.now(), SWEEP_TIMEOUT);
        assertThat(newChanges(replica.changes(TopicReplica.GROUPS), afterChanges)).isEmpty();
        assertThat(newChanges(replica.changes(TopicReplica.MEMBERS), afterChanges)).isEmpty();
        assertThat(quiet).isGreaterThan(afterChanges);
    }

    @Test
    void deletionsWhileTheConnectorIsStoppedAreEmittedAfterItRestarts() throws Exception {
        directory.populate(8, 4);
        harness.startConnector(harness.connectorConfig());
        TopicReplica replica = harness.replica();
        long first = replica.awaitSweepCompletedAfter(0, SWEEP_TIMEOUT);

        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "did not stop");
        String gone = directory.groups().get(4).id();
        int members = directory.members(gone).size();
        directory.deleteGroup(gone);
        SimMember left = directory.members(directory.groups().get(0).id()).get(0);
        directory.removeMember(directory.groups().get(0).id(), left.userId());

        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "did not resume");
        replica.awaitSweepCompletedAfter(first, SWEEP_TIMEOUT);
        Eventually.until(() -> !replica.groups().containsKey(gone), SWEEP_TIMEOUT.toMillis(),
                "deleted group still in the replica");
        assertReplicaEqualsDirectory(replica);
        assertThat(describe(newChanges(replica.changes(TopicReplica.GROUPS), first)))
                .containsExactly("DELETED " + gone, "tombstone " + gone);
        assertThat(newChanges(replica.changes(TopicReplica.MEMBERS), first))
                .filteredOn(c -> "DELETED".equals(c.changeType())).hasSize(members + 1);
    }

    @Test
    void losingTheTasksWorkerMidSweepResumesFromTheCommittedPageToken() throws Exception {
        directory.populate(60, 2);
        Map<String, String> config = harness.connectorConfig();
        // Slow enough to stop the worker mid-sweep: about 10 requests a second.
        config.put("requests.per.minute", "600");
        config.put("page.size", "5");
        harness.startConnector(config);
        TopicReplica replica = harness.replica();
        RequestLog log = harness.simulator.requestLog();

        // Wait until the task has committed a position beyond the third groups page.
        Eventually.until(() -> log.entries().stream().filter(e -> e.endpoint() == Endpoint.LIST_GROUPS)
                .count() >= 4, SWEEP_TIMEOUT.toMillis(), "sweep did not progress");
        Thread.sleep(1500);   // two offset flushes
        WorkerHandle running = harness.workerRunningTask();
        int requestsBefore = log.entries().size();
        harness.connect.removeWorker(running);

        long first = replica.awaitSweepCompletedAfter(0, Duration.ofSeconds(180));
        List<RequestLog.Entry> afterMove = log.entries().subList(requestsBefore, log.entries().size());
        RequestLog.Entry firstGroupsRequest = afterMove.stream().filter(e -> e.endpoint() == Endpoint.LIST_GROUPS)
                .findFirst().orElseThrow();
        assertThat(firstGroupsRequest.query()).as("the moved task resumed from a stored page token, not page one")
                .containsKey("page");
        assertThat(first).isEqualTo(1);
        // The resumed sweep skipped its deletion phase; the next full sweep completes the picture.
        replica.awaitSweepCompletedAfter(first, SWEEP_TIMEOUT);
        assertReplicaEqualsDirectory(replica);
        assertThat(replica.changes(TopicReplica.GROUPS)).extracting(Change::changeType).containsOnly("SNAPSHOT");
    }

    private void assertReplicaEqualsDirectory(TopicReplica replica) {
        assertThat(TopicReplica.actualGroups(replica.groups()))
                .isEqualTo(TopicReplica.expectedGroups(directory.groups()));
        Map<String, List<SimMember>> members = new LinkedHashMap<>();
        directory.groups().forEach(g -> members.put(g.id(), directory.members(g.id())));
        assertThat(TopicReplica.actualMembers(replica.members())).isEqualTo(TopicReplica.expectedMembers(members));
    }

    private static List<Change> newChanges(List<Change> all, long afterSweep) {
        // Tombstones carry no sweep number: keep those following a kept change.
        List<Change> result = new java.util.ArrayList<>();
        boolean keepTombstone = false;
        for (Change c : all) {
            if (c.tombstone()) {
                if (keepTombstone) {
                    result.add(c);
                }
            } else {
                keepTombstone = c.sweep() > afterSweep;
                if (keepTombstone) {
                    result.add(c);
                }
            }
        }
        return result;
    }

    private static List<String> describe(List<Change> changes) {
        return changes.stream().map(c -> (c.tombstone() ? "tombstone" : c.changeType()) + " " + c.key()).toList();
    }
}
