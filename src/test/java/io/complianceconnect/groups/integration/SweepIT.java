package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

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
        List<SimMember> deletedGroupMembers = directory.members(deleted);

        directory.renameGroup(renamed, "Renamed group");
        directory.deleteGroup(deleted);
        String created = directory.createGroup("Brand new", "created during the test", "direct", List.of("role_x"));
        String joiner = directory.addMember(created, "joiner@example.com");
        String added = directory.addMember(bigGroup, "added@example.com");
        directory.removeMember(bigGroup, leaving.userId());
        directory.updateMemberEmail(changingEmail.userId(), "changed@example.com");
        directory.setMemberExtraField(changingEmail.groupId(), changingEmail.userId(), "department", "\"research\"");

        long afterChanges = replica.awaitSweepStartedAfter(Instant.now(), SWEEP_TIMEOUT);
        assertReplicaEqualsDirectory(replica);

        List<Change> groupChanges = newChanges(replica.changes(TopicReplica.GROUPS), first);
        List<Change> memberChanges = newChanges(replica.changes(TopicReplica.MEMBERS), first);
        assertThat(describe(groupChanges)).containsExactlyInAnyOrder(
                "UPDATED " + renamed, "CREATED " + created, "DELETED " + deleted, "tombstone " + deleted);
        // Exactly the diff of the scripted directory: nothing more, nothing twice.
        List<String> expectedMembers = new ArrayList<>(List.of("CREATED " + created + "/" + joiner,
                "CREATED " + bigGroup + "/" + added, "DELETED " + bigGroup + "/" + leaving.userId(),
                "tombstone " + bigGroup + "/" + leaving.userId()));
        for (SimMember m : deletedGroupMembers) {
            expectedMembers.add("DELETED " + deleted + "/" + m.userId());
            expectedMembers.add("tombstone " + deleted + "/" + m.userId());
        }
        for (String group : directory.groupsOfUser(changingEmail.userId())) {
            expectedMembers.add("UPDATED " + group + "/" + changingEmail.userId());
        }
        assertThat(describe(memberChanges)).containsExactlyInAnyOrderElementsOf(expectedMembers);
        // The UPDATED records say what changed, as the worker's converter wrote them; the others do not.
        for (Change c : memberChanges) {
            List<Object> changedFields = c.value() == null ? null : c.value().getArray("changed_fields");
            if (!"UPDATED".equals(c.changeType())) {
                assertThat(changedFields).as(c.key()).isNull();
            } else if (c.key().equals(changingEmail.groupId() + "/" + changingEmail.userId())) {
                assertThat(changedFields).as(c.key()).containsExactly("email", "updated_at", "extra.department");
            } else {
                assertThat(changedFields).as(c.key()).containsExactly("email", "updated_at");
            }
        }

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
        List<SimMember> goneMembers = directory.members(gone);
        directory.deleteGroup(gone);
        String shrinking = directory.groups().get(0).id();
        SimMember left = directory.members(shrinking).get(0);
        directory.removeMember(shrinking, left.userId());

        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "did not resume");
        replica.awaitSweepCompletedAfter(first, SWEEP_TIMEOUT);
        Eventually.until(() -> !replica.groups().containsKey(gone), SWEEP_TIMEOUT.toMillis(),
                "deleted group still in the replica");
        assertReplicaEqualsDirectory(replica);
        assertThat(describe(newChanges(replica.changes(TopicReplica.GROUPS), first)))
                .containsExactly("DELETED " + gone, "tombstone " + gone);
        List<String> expectedMembers = new ArrayList<>(List.of("DELETED " + shrinking + "/" + left.userId(),
                "tombstone " + shrinking + "/" + left.userId()));
        goneMembers.forEach(m -> expectedMembers.addAll(List.of("DELETED " + gone + "/" + m.userId(),
                "tombstone " + gone + "/" + m.userId())));
        assertThat(describe(newChanges(replica.changes(TopicReplica.MEMBERS), first)))
                .containsExactlyInAnyOrderElementsOf(expectedMembers);
    }

    @Test
    void losingTheTasksWorkerMidSweepResumesFromTheCommittedPageToken() throws Exception {
        directory.populate(60, 2);
        Map<String, String> config = harness.connectorConfig();
        // Slow enough to stop the worker mid-sweep: about 10 requests a second.
        config.put("requests.per.minute", "600");
        config.put("page.size", "5");
        config.put("request.timeout.ms", "120000");   // the held request must not time out and be retried
        harness.startConnector(config);
        TopicReplica replica = harness.replica();
        RequestLog log = harness.simulator.requestLog();
        RequestHooks hooks = new RequestHooks(harness.simulator);

        // Hold a member request of the fourth groups page while the worker goes: the old task cannot
        // send anything after the removal, so every request from then on is the moved task's.
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        hooks.onFirst(e -> e.endpoint() == Endpoint.LIST_MEMBERS && log.count(Endpoint.LIST_GROUPS) >= 4, e -> {
            reached.countDown();
            try {
                released.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        Map<String, Object> stored;
        int requestsBefore;
        try {
            assertThat(reached.await(SWEEP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)).as("sweep did not progress").isTrue();
            stored = StoredCursor.awaitSettled(harness.connect, ConnectHarness.CONNECTOR,
                    StoredCursor.ON_A_LATER_GROUPS_PAGE);
            requestsBefore = log.entries().size();
            harness.connect.removeWorker(harness.workerRunningTask());
            // The held request is released only once the moved task completed the sweep: a worker that
            // gives up on a task slow to stop (under load) leaves its thread running, and what it sends
            // after the release must not be taken for the moved task's requests.
            replica.awaitSweepCompletedAfter(0, Duration.ofSeconds(180));
        } finally {
            released.countDown();
        }

        Instant completed = StoredCursor.completionOf(1, replica.sweepEvents());
        List<RequestLog.Entry> entries = log.entries();
        StoredCursor.assertResumedFrom(stored, entries.subList(requestsBefore, entries.size()).stream()
                .filter(e -> !e.at().isAfter(completed)).toList());
        hooks.clear();
        // The next full sweep completes the picture.
        replica.awaitSweepCompletedAfter(1, SWEEP_TIMEOUT);
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
        List<Change> result = new ArrayList<>();
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
