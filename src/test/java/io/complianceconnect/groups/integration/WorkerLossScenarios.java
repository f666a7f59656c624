package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.RequestLog;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static io.complianceconnect.groups.integration.RequestHooks.aboutGroup;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.integration.RequestHooks.withPageToken;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two workers; the one running the task is lost at a chosen point of a sweep, held there by
 * keeping the task's request unanswered. The task moves to the other worker, resumes from the
 * offsets committed with the records, and finishes with the exact directory. Run without
 * exactly-once ({@link WorkerLossIT}: nothing lost, a change may repeat) and with it
 * ({@link ExactlyOnceWorkerLossIT}: every change record exactly once under read_committed).
 *
 * <p>How the worker is lost differs. With exactly-once it is a real crash: the task runs on a worker
 * in a JVM of its own ({@link ChildWorkerProcess}), which is SIGKILLed: no stop, no final
 * transaction, the group notices it only when its session times out. Without exactly-once it is an
 * in-process worker removed while the task waits for its request: Connect calls
 * {@code SourceTask.stop()} only after {@code poll()} returns, so the worker gives up on it after
 * {@code task.shutdown.graceful.timeout.ms} (cut to 1 ms) and abandons it without a final offset
 * commit, as close to a crash as an in-process worker gets.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class WorkerLossScenarios {

    private ConnectHarness harness;
    private RequestHooks hooks;
    private Directory directory;
    private IsolatedConnector run;
    /** With exactly-once: the worker the task runs on, and is killed. */
    private ChildWorkerProcess childWorker;

    abstract boolean exactlyOnce();

    @BeforeAll
    void startCluster() throws InterruptedException {
        if (exactlyOnce()) {
            // Each test's task runs on a child worker, started before its connector.
            harness = ChildWorkerProcess.exactlyOnceCluster();
        } else {
            harness = new ConnectHarness(2, false, Map.of("task.shutdown.graceful.timeout.ms", "1"), simulator -> { });
        }
        hooks = new RequestHooks(harness.simulator);
        directory = harness.simulator.directory();
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    @BeforeEach
    void newConnector(TestInfo test) throws Exception {
        // Each loss point under its own connector name: a deleted connector's offsets stay in the topic.
        run = new IsolatedConnector(harness, (exactlyOnce() ? "eos-" : "alo-") + test.getDisplayName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase().substring(0, 14));
        if (exactlyOnce()) {
            // Joined before the connector starts: a worker joining later could move its task.
            childWorker = ChildWorkerProcess.start(harness);
        }
    }

    @AfterEach
    void removeConnectorAndRestoreTwoWorkers() throws InterruptedException {
        try {
            run.delete();
        } finally {
            hooks.clear();
            if (childWorker != null) {
                childWorker.close();
                childWorker = null;
            }
            while (!exactlyOnce() && harness.connect.workers().size() < 2) {
                harness.connect.addWorker();
            }
            // Joined before the next connector starts: a worker joining later would move its task.
            int inProcess = exactlyOnce() ? 1 : 2;
            run.await("healthy in-process workers", () -> harness.connect.healthyWorkers().size() == inProcess, false);
        }
    }

    /** Starts the test's connector; with exactly-once, checks that its task runs on the worker to be killed. */
    private void startConnector() throws InterruptedException {
        run.start();
        if (childWorker != null) {
            childWorker.awaitRunningTaskOf(run);
        }
    }

    /** Where in a sweep the task's worker is lost: returns the change records the run must end with. */
    @FunctionalInterface
    interface LossPoint {
        List<String> loseTheWorker(List<String> ids, DirectoryView initial) throws Exception;
    }

    Stream<Arguments> lossPoints() {
        return Stream.of(
                // Page 2 holds groups 4 to 7; group 4 is done, group 5's members are being asked for.
                lossPoint("lostMidGroupsPage", (ids, initial) ->
                        lostMidSweep(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(5))), initial)),
                // Group 6 has three member pages; the worker goes while the second is asked for.
                lossPoint("lostMidMultiPageMemberListing", (ids, initial) ->
                        lostMidSweep(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(6))).and(withPageToken()), initial)),
                lossPoint("lostDuringTheDeletionPass", this::lostDuringTheDeletionPass));
    }

    private static Arguments lossPoint(String name, LossPoint point) {
        return Arguments.of(Named.of(name, point));
    }

    /** Ten groups (every third with three member pages), the connector started, the worker lost. */
    @ParameterizedTest(name = "{0}")
    @MethodSource("lossPoints")
    void theTaskMovesToTheOtherWorkerAndEveryChangeArrives(LossPoint lossPoint) throws Exception {
        List<String> ids = run.populate(10, i -> i % 3 == 0 ? 9 : 2);
        DirectoryView initial = run.view();
        startConnector();

        finishAndAssert(lossPoint.loseTheWorker(ids, initial));
    }

    /** Lost in the snapshot sweep: that sweep still completes, and the result is the snapshot. */
    private List<String> lostMidSweep(Predicate<RequestLog.Entry> when, DirectoryView initial) throws Exception {
        Loss loss = loseTheTaskWorkerAt(when, 1, StoredCursor.ON_A_LATER_GROUPS_PAGE);

        assertResumedFromTheStoredCursor(loss);
        return initial.snapshot();
    }

    private List<String> lostDuringTheDeletionPass(List<String> ids, DirectoryView initial) throws Exception {
        long first = run.awaitSweepCompletedAfter(0);
        assertThat(run.changesUpTo(first)).isEqualTo(initial.snapshot());

        // Groups of the last page go when a sweep's first page is served, so that sweep lists none of
        // them and confirms each with a GET; the worker goes at the second GET, after one deletion.
        List<String> doomed = List.of(ids.get(5), ids.get(8), ids.get(9));
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()),
                e -> doomed.forEach(directory::deleteGroup));
        Loss loss = loseTheTaskWorkerAt(taskRequest(GET_GROUP).and(run::owns), 2, StoredCursor.IN_THE_DELETION_PASS);
        assertResumedFromTheStoredCursor(loss);

        List<String> expected = new ArrayList<>(initial.snapshot());
        expected.addAll(initial.changesTo(run.view()));
        return DirectoryView.sorted(expected);
    }

    // ---- helpers ---------------------------------------------------------------------------------

    /** Where the request log stood when the worker went, and the cursor Connect had stored then. */
    private record Loss(int requestsBefore, Map<String, Object> storedCursor) {
    }

    /**
     * Holds the task's request matching {@code when} unanswered; once the stored cursor (as the REST
     * offsets endpoint shows it) is {@code storedAtLoss} and settled, loses the worker running the
     * task, then lets the request go.
     */
    private Loss loseTheTaskWorkerAt(Predicate<RequestLog.Entry> when, int nth, Predicate<Map<String, Object>> storedAtLoss)
            throws Exception {
        CountDownLatch reached = new CountDownLatch(1);
        CountDownLatch released = new CountDownLatch(1);
        hooks.onNth(when, nth, e -> {
            reached.countDown();
            try {
                released.await(90, TimeUnit.SECONDS);
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            }
        });
        assertThat(reached.await(IsolatedConnector.TIMEOUT.toSeconds(), TimeUnit.SECONDS))
                .as("the task reached the chosen request").isTrue();
        Map<String, Object> stored;
        int before;
        try {
            stored = StoredCursor.awaitSettled(harness.connect, run.name, storedAtLoss);
            before = harness.simulator.requestLog().entries().size();
        } catch (Exception | AssertionError e) {
            released.countDown();
            throw e;
        }
        String lostWorker;
        try {
            lostWorker = loseTheWorkerRunningTheTask();
        } finally {
            released.countDown();
        }
        run.await("the task to run on the other worker", () -> {
            ConnectorStateInfo status = run.status();
            return status != null && !status.tasks().isEmpty() && "RUNNING".equals(status.tasks().get(0).state())
                    && !lostWorker.contains(status.tasks().get(0).workerId());
        }, false);
        return new Loss(before, stored);
    }

    /**
     * Kills the child worker (exactly-once) or removes the in-process worker running the task; returns
     * a text that contains the lost worker's id (as the task status gives it: host and port).
     */
    private String loseTheWorkerRunningTheTask() throws InterruptedException {
        if (childWorker != null) {
            assertThat(childWorker.runsTaskOf(run)).as("the task still runs on the child worker").isTrue();
            assertThat(childWorker.kill()).as("the worker JVM was killed by SIGKILL")
                    .isEqualTo(ChildWorkerProcess.KILLED_EXIT_CODE);
            return childWorker.workerId();
        }
        WorkerHandle worker = run.workerRunningTask();
        String url = worker.url().toString();   // a removed worker has none
        harness.connect.removeWorker(worker);
        return url;
    }

    /**
     * From the request log between the loss and the completion of the sweep it interrupted: the
     * moved task continued from the cursor Connect had stored, with or without exactly-once.
     */
    private void assertResumedFromTheStoredCursor(Loss loss) throws InterruptedException {
        long resumedSweep = StoredCursor.sweepOf(loss.storedCursor());
        run.awaitSweepCompletedAfter(resumedSweep - 1);
        Instant completed = StoredCursor.completionOf(resumedSweep, run.sweepEvents());
        List<RequestLog.Entry> log = harness.simulator.requestLog().entries();
        StoredCursor.assertResumedFrom(loss.storedCursor(), log.subList(loss.requestsBefore(), log.size()).stream()
                .filter(run::owns).filter(e -> !e.at().isAfter(completed)).toList());
    }

    /**
     * Waits for a whole sweep after the one in progress (a resumed sweep skips deletions), then checks
     * the replica and every change record since the start.
     */
    private void finishAndAssert(List<String> expectedChanges) throws Exception {
        run.awaitSweepStartedAfter(Instant.now());
        run.assertReplicaEqualsDirectory();
        List<String> changes = run.allChanges();
        if (exactlyOnce()) {
            assertThat(changes).as("every change record exactly once (read_committed)").isEqualTo(expectedChanges);
        } else {
            // At-least-once: every change, nothing else; a change may repeat after the loss.
            assertThat(new TreeSet<>(changes)).isEqualTo(new TreeSet<>(expectedChanges));
        }
    }
}
