package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.state.MemberEntries;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The phantom of issue 11 under exactly-once, with a real crash: a member is added, the record that
 * introduces it is acknowledged, the worker running the task is killed (SIGKILL, a separate JVM)
 * before that record's offsets are committed, and the member is removed before the moved task lists
 * the group. Without exactly-once the restored state forgets the member while consumers have its
 * record, so no DELETED ever follows. With exactly-once a read_committed consumer's replica ends
 * exactly equal to the directory, whether the crash came before the commit (the record is aborted
 * with its offsets: nothing about the member at all) or after it (the restored state knows the
 * member: its DELETED follows once).
 *
 * <p>"Before the commit" needs a transaction that stays open: {@code transaction.boundary=interval}
 * with a long {@code transaction.boundary.interval.ms} (its default is the worker's
 * {@code offset.flush.interval.ms}, the at-least-once flush of the scenario) from the sweep that
 * finds the member until the kill; the same connector then runs on with poll boundaries.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExactlyOnceCrashIT {

    private static final String TRANSACTION_BOUNDARY = "transaction.boundary";
    private static final String TRANSACTION_BOUNDARY_INTERVAL_MS = "transaction.boundary.interval.ms";

    /** Between two sweeps long enough to stop and reconfigure the connector while it is idle. */
    private static final long SWEEP_INTERVAL_MS = 10_000;
    /** Long enough to kill the worker between the member's record and the next commit. */
    private static final int TRANSACTION_INTERVAL_MS = 12_000;

    private ConnectHarness harness;
    private ChildWorkerProcess childWorker;
    private IsolatedConnector run;

    @BeforeAll
    void startCluster() throws InterruptedException {
        harness = ChildWorkerProcess.exactlyOnceCluster();
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    @AfterEach
    void removeConnectorAndChildWorker() throws InterruptedException {
        try {
            if (run != null) {
                run.delete();
            }
        } finally {
            if (childWorker != null) {
                childWorker.close();
            }
        }
    }

    @Test
    void aMemberWhoseRecordWasUncommittedAtTheCrashAndWhoLeftMeanwhileLeavesNoTrace() throws Exception {
        List<String> ids = startOnAChildWorker("eos-open", SWEEP_INTERVAL_MS);
        DirectoryView initial = run.view();
        run.awaitSweepCompletedAfter(0);

        // Stopped while idle, resumed with interval boundaries: a transaction commits every INTERVAL.
        run.stopThenResume(() -> harness.connect.configureConnector(run.name,
                withBoundary(run.config(), "interval", TRANSACTION_INTERVAL_MS)));
        childWorker.awaitRunningTaskOf(run);
        String group = ids.get(1);
        String userId = run.directory.addMember(group, run.email("joins"));
        String member = group + "/" + userId;

        // Kafka has the member's record (a read_uncommitted consumer sees it); its transaction is open.
        // It is sent just after a commit (a groups page is synced once its checkpoint is committed), so
        // the next commit is about an interval away: the kill comes well before it.
        Change created;
        try (ChangeFeed uncommitted = new ChangeFeed(harness.connect.kafka(), false, run.membersTopic)) {
            Change[] seen = new Change[1];
            run.await("the member's CREATED record in Kafka", () -> {
                uncommitted.refresh();
                seen[0] = uncommitted.changes(run.membersTopic).stream()
                        .filter(c -> c.key().equals(member) && "CREATED".equals(c.changeType())).findFirst().orElse(null);
                return seen[0] != null;
            }, true);
            created = seen[0];
        }
        assertThat(childWorker.kill()).as("SIGKILL").isEqualTo(ChildWorkerProcess.KILLED_EXIT_CODE);
        Instant removed = Instant.now();
        run.directory.removeMember(group, userId);

        // What the moved task restores: the committed offsets, which know the group's two members, not the third.
        assertThat(storedMembers(group)).as("the committed member state of the group")
                .hasSize(2).doesNotContain(userId);
        assertThat(created.sweep()).as("the sweep that found the member").isGreaterThan(1);

        // Poll boundaries again (the leader fences the dead task's producer, aborting its transaction).
        harness.connect.configureConnector(run.name, withBoundary(run.config(), "poll", null));
        run.awaitSweepStartedAfter(removed);

        run.assertReplicaEqualsDirectory();
        assertThat(run.allChanges()).as("read_committed: the snapshot, and nothing about the member who came and went")
                .isEqualTo(initial.snapshot());
    }

    @Test
    void aMemberCommittedBeforeTheCrashWhoLeftBeforeTheMovedTaskListedTheGroupIsDeletedOnce() throws Exception {
        List<String> ids = startOnAChildWorker("eos-done", 1000);
        DirectoryView initial = run.view();
        run.awaitSweepCompletedAfter(0);

        String member = ids.get(2) + "/" + run.directory.addMember(ids.get(2), run.email("joins"));
        run.await("the member's CREATED record, committed", () -> run.allChanges().contains("CREATED " + member), true);
        assertThat(childWorker.kill()).as("SIGKILL").isEqualTo(ChildWorkerProcess.KILLED_EXIT_CODE);
        Instant removed = Instant.now();
        run.directory.removeMember(ids.get(2), member.substring(member.indexOf('/') + 1));

        run.await("the task to run on the in-process worker", () -> {
            ConnectorStateInfo status = run.status();
            return status != null && !status.tasks().isEmpty() && "RUNNING".equals(status.tasks().get(0).state())
                    && !childWorker.workerId().equals(status.tasks().get(0).workerId());
        }, false);
        run.awaitSweepStartedAfter(removed);

        run.assertReplicaEqualsDirectory();
        List<String> expected = new ArrayList<>(initial.snapshot());
        expected.addAll(List.of("CREATED " + member, "DELETED " + member, "tombstone " + member));
        assertThat(run.allChanges()).as("read_committed: the member's arrival and departure, each once")
                .isEqualTo(DirectoryView.sorted(expected));
    }

    /** Three groups of two members on a new child worker; the connector started there. Returns the group ids. */
    private List<String> startOnAChildWorker(String label, long sweepIntervalMs) throws Exception {
        childWorker = ChildWorkerProcess.start(harness);
        run = new IsolatedConnector(harness, label);
        List<String> ids = run.populate(3, i -> 2);
        Map<String, String> config = run.config();
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, String.valueOf(sweepIntervalMs));
        run.start(config);
        childWorker.awaitRunningTaskOf(run);
        return ids;
    }

    /** The user ids in the group's member state as Connect has it committed (the REST offsets endpoint). */
    private List<String> storedMembers(String groupId) {
        List<String> userIds = new ArrayList<>();
        harness.connect.connectorOffsets(run.name).offsets().stream()
                .filter(o -> StatePartitions.KIND_MEMBERS.equals(o.partition().get(StatePartitions.KIND))
                        && groupId.equals(o.partition().get(StatePartitions.GROUP_ID)))
                .forEach(o -> MemberEntries.forEach("members of " + groupId, o.offset(),
                        (userId, fp, fd) -> userIds.add(userId)));
        return userIds;
    }

    private Map<String, String> withBoundary(Map<String, String> config, String boundary, Integer intervalMs) {
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, String.valueOf(SWEEP_INTERVAL_MS));
        config.put(TRANSACTION_BOUNDARY, boundary);
        if (intervalMs != null) {
            config.put(TRANSACTION_BOUNDARY_INTERVAL_MS, String.valueOf(intervalMs));
        }
        return config;
    }
}
