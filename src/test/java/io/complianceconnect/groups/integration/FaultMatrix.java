package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.FaultInjector;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_INITIAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_MAX_MS;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix: the connector against every misbehaviour of the API that the simulator can
 * inject, on a real Connect cluster. Each test takes a snapshot with faults, then changes the directory
 * (every kind of change) and sweeps again with faults, and ends with the compacted view of both topics
 * equal to the directory and every change emitted. Faults are injected with a count, so they end; where
 * the connector retries, every change is emitted exactly once; where it must stop (the API said not to
 * retry, or broke the paging contract), the task fails with a message and a restart resumes.
 *
 * <p>The tests are in one class a theme, {@link RateLimitStormIT}, {@link RequestFailuresIT},
 * {@link PagingFaultsIT} and {@link MalformedRowsIT}, each with a cluster of its own so that Failsafe's
 * forks run them side by side. This class is what they share: the cluster and simulator, each test's
 * connector, the standard directory and changes, and the checks of the request log and the task's
 * metrics.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class FaultMatrix {

    ConnectHarness harness;
    RequestHooks hooks;
    FaultInjector faults;
    Directory directory;
    LogCapture logs;
    IsolatedConnector run;

    @BeforeAll
    void startCluster() {
        // One cluster and one simulator for the class; each test has its own connector, topics and
        // groups (IsolatedConnector), deleted after it. Offsets are flushed every 100 ms instead of
        // 500: a sweep waits for commits (once per groups page, before SWEEP_COMPLETED), and every
        // test here runs several sweeps, so the flush interval is most of the class's run time.
        harness = new ConnectHarness(1, false, Map.of("offset.flush.interval.ms", "100"), simulator -> { });
        hooks = new RequestHooks(harness.simulator);
        faults = harness.simulator.faults();
        directory = harness.simulator.directory();
        logs = LogCapture.attach();
    }

    @AfterAll
    void stopCluster() {
        if (logs != null) {
            logs.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    @BeforeEach
    void newConnector(TestInfo test) {
        run = new IsolatedConnector(harness, "faults-" + test.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase().substring(0, 12));
        logs.clear();
    }

    @AfterEach
    void removeConnector() throws InterruptedException {
        try {
            run.delete();
        } finally {
            faults.clear();
            hooks.clear();
        }
    }

    // ---- the scenario ------------------------------------------------------------------------------

    /** Ten groups over three pages of four; groups 0, 3, 6 and 9 have three pages of members. */
    List<String> standardDirectory() {
        List<String> ids = run.populate(10, i -> i % 3 == 0 ? 9 : 2);
        // One user in two groups, so that an email change updates two memberships.
        SimMember shared = directory.members(ids.get(5)).get(0);
        directory.addMember(ids.get(6), shared.userId(), shared.email());
        return ids;
    }

    /** Every kind of change: rename, update, delete, renamed out of the prefix, create, join, leave, new email. */
    private void applyStandardChanges(List<String> ids) {
        directory.renameGroup(ids.get(1), run.prefix + "group-1 renamed");
        directory.updateGroup(ids.get(2), "A new description", List.of("role_new"));
        directory.deleteGroup(ids.get(3));
        directory.renameGroup(ids.get(7), "outside/" + run.name);
        run.createGroup("created", 5);
        directory.addMember(ids.get(4), run.email("joiner"));
        SimMember leaving = directory.members(ids.get(6)).get(1);
        directory.removeMember(ids.get(6), leaving.userId());
        SimMember shared = directory.members(ids.get(5)).get(0);
        directory.updateMemberEmail(shared.userId(), run.email("changed"));
    }

    void snapshotThenChanges(Runnable snapshotFaults, Runnable changeFaults) throws Exception {
        snapshotThenChanges(run.config(), snapshotFaults, changeFaults);
    }

    /**
     * The standard directory; {@code snapshotFaults} armed at the task's first request; the snapshot
     * checked; the standard changes; {@code changeFaults} armed; the sweep after them checked.
     */
    void snapshotThenChanges(Map<String, String> config, Runnable snapshotFaults, Runnable changeFaults)
            throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // Not before start: configuring the connector sends validate()'s probe requests.
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns), e -> snapshotFaults.run());
        run.start(config);
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesUpTo(first)).as("one SNAPSHOT record per group and membership")
                .isEqualTo(initial.snapshot());
        changesThenAssert(ids, initial, first, changeFaults, false);
    }

    /** After a failed snapshot: restart, and check the snapshot once it completes; returns its sweep. */
    long restartAndAwaitSnapshot(DirectoryView initial) throws Exception {
        run.restartTask();
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        assertEmittedAtLeastOnce(run.changesUpTo(first), initial.snapshot());
        return first;
    }

    /**
     * Applies the standard changes and arms {@code changeFaults} when the next sweep's first groups
     * page is served (that page still shows the directory before them), so which sweep sees which
     * change does not depend on timing; then checks the sweep after. When {@code faultStopsTask},
     * waits for the task to fail, restarts it, and returns the failure's trace.
     */
    String changesThenAssert(List<String> ids, DirectoryView initial, long first, Runnable changeFaults,
                             boolean faultStopsTask) throws Exception {
        CompletableFuture<DirectoryView> changed = new CompletableFuture<>();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()), e -> {
            try {
                applyStandardChanges(ids);
                changeFaults.run();
                changed.complete(run.view());
            } catch (RuntimeException | Error failure) {
                changed.completeExceptionally(failure);
                throw failure;
            }
        });
        DirectoryView expected = changed.get(IsolatedConnector.TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        Instant sweepAfter = Instant.now();
        String trace = null;
        if (faultStopsTask) {
            trace = run.awaitTaskFailed();
            run.restartTask();
            // A sweep resumed after a restart skips its deletion pass: wait for a whole one.
            sweepAfter = Instant.now();
        }
        run.awaitSweepStartedAfter(sweepAfter);
        run.assertReplicaEqualsDirectory();
        if (faultStopsTask) {
            assertEmittedAtLeastOnce(run.changesAfter(first), initial.changesTo(expected));
        } else {
            assertThat(run.changesAfter(first)).as("every change exactly once")
                    .isEqualTo(initial.changesTo(expected));
        }
        return trace;
    }

    /** After a task failure, delivery is at-least-once: every expected change, nothing else. */
    static void assertEmittedAtLeastOnce(List<String> actual, List<String> expected) {
        assertThat(new TreeSet<>(actual)).isEqualTo(new TreeSet<>(expected));
    }

    /**
     * This test's connector configuration with the waits after a failure without retry-after doubling
     * from {@code initialMs} up to {@code maxMs}.
     */
    Map<String, String> configWithBackoff(long initialMs, long maxMs) {
        Map<String, String> config = run.config();
        config.put(RETRY_BACKOFF_INITIAL_MS, Long.toString(initialMs));
        config.put(RETRY_BACKOFF_MAX_MS, Long.toString(maxMs));
        return config;
    }

    static boolean sameRequest(RequestLog.Entry a, RequestLog.Entry b) {
        return a.path().equals(b.path()) && a.query().equals(b.query());
    }

    /**
     * The task's metrics, read over JMX, against what its one life did: the requests the simulator
     * answered it, the 429s and retries among them, and the change records in its topics by type.
     */
    void assertMetricsMatchTheRun(int rateLimited, int retries) {
        List<String> changes = run.allChanges();
        long answeredBefore = answeredTaskRequests();
        long requests = TaskMetricsReader.value(run.name, "requests-total");
        long answeredAfter = answeredTaskRequests();
        // A request is logged before it is answered, and counted once the answer is in: at most one between.
        assertThat(requests).as("requests-total").isBetween(answeredBefore - 1, answeredAfter);
        assertThat(TaskMetricsReader.value(run.name, "rate-limited-responses-total")).as("rate-limited-responses-total")
                .isEqualTo(rateLimited);
        assertThat(TaskMetricsReader.value(run.name, "retries-total")).as("retries-total").isEqualTo(retries);
        for (String type : List.of("SNAPSHOT", "CREATED", "UPDATED", "DELETED")) {
            String metric = "records-" + type.toLowerCase() + "-total";
            assertThat(TaskMetricsReader.value(run.name, metric)).as(metric)
                    .isEqualTo(changes.stream().filter(c -> c.startsWith(type + " ")).count());
        }
        assertThat(TaskMetricsReader.value(run.name, "tombstones-total")).as("tombstones-total")
                .isEqualTo(changes.stream().filter(c -> c.startsWith("tombstone ")).count());
    }

    /** The task's requests the simulator answered in full (not validate()'s probes, not cut ones). */
    private long answeredTaskRequests() {
        return run.ownRequests().stream().filter(e -> !"1".equals(e.query().get("limit")) && e.status() != 0).count();
    }

    List<RequestLog.Entry> withStatus(int status) {
        return run.ownRequests().stream().filter(e -> e.status() == status).toList();
    }
}
