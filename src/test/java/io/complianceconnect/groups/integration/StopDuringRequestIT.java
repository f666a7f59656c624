package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.test.TestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Stopping the connector, deleting it, or a rebalance while the task is waiting on the API (a slow
 * response, or a paced wait between requests) ends with the task stopped or moved, never FAILED:
 * an operator's routine action must not look like an outage.
 */
class StopDuringRequestIT {

    /** Longer than the worker's graceful stop timeout (5 s): the stop cannot wait for the response. */
    private static final Duration SLOW_RESPONSE = Duration.ofSeconds(8);

    private ConnectHarness harness;
    private LogCapture logs;
    private TaskStates states;

    @AfterEach
    void stop() {
        if (states != null) {
            states.close();
        }
        if (logs != null) {
            logs.close();
        }
        if (harness != null) {
            harness.close();
        }
    }

    private void start(int workers, Map<String, String> overrides) throws InterruptedException {
        logs = LogCapture.attach();
        harness = new ConnectHarness(workers, false);
        harness.simulator.directory().populate(6, 3);
        Map<String, String> config = harness.connectorConfig();
        config.putAll(overrides);
        harness.startConnector(config);
        states = new TaskStates(harness);
    }

    /** Blocks the test until the task's next members request is being answered, slowly. */
    private void awaitSlowMembersRequest() throws InterruptedException {
        CountDownLatch inRequest = new CountDownLatch(1);
        RequestHooks hooks = new RequestHooks(harness.simulator);
        // The hook runs before the response is sent: the members request after it is held back.
        hooks.onFirst(RequestHooks.taskRequest(Endpoint.LIST_MEMBERS), e -> {
            harness.simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.latency(SLOW_RESPONSE), 1);
            inRequest.countDown();
        });
        assertThat(inRequest.await(60, TimeUnit.SECONDS)).as("the task listed members").isTrue();
        Thread.sleep(1000);   // the task has sent its next members request and waits for the answer
    }

    @Test
    void stoppingTheConnectorDuringASlowResponseStopsTheTaskAndItResumesLater() throws Exception {
        start(1, Map.of());
        awaitSlowMembersRequest();
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "did not stop");
        Thread.sleep(SLOW_RESPONSE.toMillis());   // the slow response arrives after the stop
        assertNeverFailed();

        harness.simulator.faults().clear();
        TopicReplica replica = harness.replica();
        long completed = replica.lastCompletedSweep();
        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "did not resume");
        replica.awaitSweepCompletedAfter(completed, Duration.ofSeconds(60));
        assertNeverFailed();
    }

    @Test
    void deletingTheConnectorDuringAPacedWaitEndsTheTaskWithoutAFailure() throws Exception {
        // Six requests a minute: the task spends nearly all its time waiting for its next slot.
        start(1, Map.of(ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE, "6"));
        TestUtils.waitForCondition(() -> harness.simulator.requestLog().count(Endpoint.LIST_MEMBERS) >= 1,
                60_000, "the task made no request");
        Thread.sleep(1500);   // inside the wait for the next slot
        harness.connect.deleteConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorDoesNotExist(ConnectHarness.CONNECTOR, "not deleted");
        Thread.sleep(3000);
        assertNeverFailed();
    }

    @Test
    void aRebalanceDuringASlowResponseMovesOrKeepsTheTaskRunningWithoutAFailure() throws Exception {
        start(1, Map.of());
        awaitSlowMembersRequest();
        harness.connect.addWorker();   // a rebalance: the new worker may take the task over
        Thread.sleep(SLOW_RESPONSE.toMillis());
        harness.simulator.faults().clear();
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "not running after the rebalance");
        TopicReplica replica = harness.replica();
        replica.awaitSweepCompletedAfter(replica.lastCompletedSweep(), Duration.ofSeconds(60));
        assertNeverFailed();
    }

    private void assertNeverFailed() {
        assertThat(states.failures()).as("task states seen as FAILED").isEmpty();
        assertThat(logs.containing("Task threw an uncaught and unrecoverable exception"))
                .as("the worker failed the task").isEmpty();
        assertThat(logs.containing("Graceful stop of task"))
                .as("the worker had to abandon the task instead of stopping it").isEmpty();
        assertThat(logs.containing("task threw an uncaught exception"))
                .as("an exception surfaced from the task while it stopped").isEmpty();
    }

    /** Watches the connector's task states through the REST API, as an operator's dashboard would. */
    private static final class TaskStates implements AutoCloseable {
        private final List<String> failures = new CopyOnWriteArrayList<>();
        private final Thread watcher;
        private volatile boolean stopped;

        TaskStates(ConnectHarness harness) {
            watcher = new Thread(() -> {
                while (!stopped) {
                    try {
                        ConnectorStateInfo status = harness.connect.connectorStatus(ConnectHarness.CONNECTOR);
                        status.tasks().stream().filter(t -> "FAILED".equals(t.state()))
                                .forEach(t -> failures.add(t.id() + " on " + t.workerId() + ": " + t.trace()));
                        Thread.sleep(100);
                    } catch (InterruptedException e) {
                        return;
                    } catch (RuntimeException e) {
                        // Not found (deleted) or the REST call failed during a rebalance: look again.
                    }
                }
            }, "task-state-watch");
            watcher.setDaemon(true);
            watcher.start();
        }

        List<String> failures() {
            return List.copyOf(failures);
        }

        @Override
        public void close() {
            stopped = true;
            watcher.interrupt();
        }
    }
}
