package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BUDGET_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_MAX_ATTEMPTS;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix ({@link FaultMatrix}) with requests that fail: server errors, 529, timeouts, cut
 * connections and truncated bodies are retried, and every change is emitted exactly once; a failure the
 * API says not to retry, a lasting 404 that is not the API's, and retries that run out (attempts or
 * budget) fail the task with a message, and a restart resumes.
 */
class RequestFailuresIT extends FaultMatrix {

    // ---- retried faults: nothing lost, nothing duplicated ------------------------------------------

    @Test
    void serverErrorBurstsAreRetried() throws Exception {
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.status(503, "overloaded_error"), 3);
            faults.inject(LIST_MEMBERS, Fault.status(500, "api_error"), 2);
            faults.inject(LIST_MEMBERS, Fault.status(502, "api_error"), 1);
            faults.inject(LIST_MEMBERS, Fault.status(504, "api_error"), 2);
        }, () -> {
            faults.inject(LIST_GROUPS, Fault.status(500, "internal_error"), 2);
            faults.inject(LIST_MEMBERS, Fault.status(503, "overloaded_error"), 3);
            faults.inject(GET_GROUP, Fault.status(502, "api_error"), 2);
        });
        assertThat(withStatus(500)).hasSize(4);
        assertThat(withStatus(502)).hasSize(3);
        assertThat(withStatus(503)).hasSize(6);
        assertThat(withStatus(504)).hasSize(2);
    }

    @Test
    void overloaded529IsRetried() throws Exception {
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.status(529, "overloaded_error"), 2);
            faults.inject(LIST_MEMBERS, Fault.status(529, "overloaded_error"), 4);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.status(529, "overloaded_error"), 3);
            faults.inject(GET_GROUP, Fault.status(529, "overloaded_error"), 2);
        });
        assertThat(withStatus(529)).hasSize(11);
    }

    @Test
    void timeoutsAreRetried() throws Exception {
        Map<String, String> config = run.config();
        config.put("request.timeout.ms", "1000");
        Fault slow = Fault.latency(Duration.ofMillis(3000));
        snapshotThenChanges(config, () -> {
            faults.inject(LIST_GROUPS, slow, 1);
            faults.inject(LIST_MEMBERS, slow, 2);
        }, () -> {
            faults.inject(LIST_MEMBERS, slow, 1);
            faults.inject(GET_GROUP, slow, 1);
        });
        // At least: on a loaded machine an ordinary request may time out too, and is retried the same way.
        assertThat(logs.containing("after timeout")).as("retries logged after a timeout").hasSizeGreaterThanOrEqualTo(5);
    }

    @Test
    void connectionResetsAreRetried() throws Exception {
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.connectionReset(), 2);
            faults.inject(LIST_MEMBERS, Fault.connectionReset(), 3);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.connectionReset(), 2);
            faults.inject(GET_GROUP, Fault.connectionReset(), 2);
        });
        assertThat(withStatus(0)).as("responses cut mid-body").hasSize(9);
    }

    @Test
    void truncatedJsonIsRetried() throws Exception {
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.truncatedBody(), 2);
            faults.inject(LIST_MEMBERS, Fault.truncatedBody(), 3);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.truncatedBody(), 2);
            faults.inject(GET_GROUP, Fault.truncatedBody(), 1);
        });
        assertThat(logs.containing("after truncated response body")).hasSize(8);
    }

    // ---- faults that stop the task: a message, then a restart resumes ---------------------------

    @Test
    void shouldRetryFalseFailsTheTaskAtOnceAndARestartResumes() throws Exception {
        Fault final500 = Fault.status(500, "api_error").withHeader("x-should-retry", "false");
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns), e -> faults.inject(LIST_MEMBERS, final500, 1));
        run.startExpectingFailure();

        assertThat(run.awaitTaskFailed()).contains("server error", "list the members of group", "HTTP 500",
                "error.type=api_error", "request-id=", "Restart the connector");
        RequestLog.Entry refused = withStatus(500).get(0);
        assertThat(run.ownRequests()).as("not retried").filteredOn(e -> e.path().equals(refused.path())
                && e.query().equals(refused.query())).hasSize(1);
        long first = restartAndAwaitSnapshot(initial);

        // In the deletion pass, on the GET that confirms a deletion.
        String trace = changesThenAssert(ids, initial, first, () -> faults.inject(GET_GROUP, final500, 1), true);
        assertThat(trace).contains("server error", "get group", "HTTP 500");
    }

    /**
     * A 404 that is not the API's own not_found_error (a gateway's page without an error body, or another
     * type) is retried like an outage: a short one leaves no trace; a lasting one fails the task naming the
     * status, the error type and the request id. Neither is ever taken for a deleted group.
     */
    @Test
    void a404ThatIsNotTheApisIsRetriedThenFailsTheTaskAndNeverDeletesAGroup() throws Exception {
        Map<String, String> config = run.config();
        config.put("retry.max.attempts", "2");
        standardDirectory();
        DirectoryView initial = run.view();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.inject(LIST_MEMBERS, Fault.statusWithoutErrorBody(404), 2));
        run.start(config);
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesUpTo(first)).isEqualTo(initial.snapshot());
        assertThat(withStatus(404)).as("both retried").hasSize(2);

        faults.injectAlways(LIST_MEMBERS, Fault.status(404, "api_error"));
        assertThat(run.awaitTaskFailed()).contains("list the members of group", "HTTP 404", "error.type=api_error",
                "not_found_error", "request-id=", "Restart the connector");
        faults.clear();
        run.restartTask();
        run.awaitSweepStartedAfter(Instant.now());
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesAfter(first)).as("nothing deleted, nothing changed").isEmpty();
    }

    /**
     * A failure that lasts: retry.max.attempts retries of the one request, so one attempt more in all,
     * then the task fails saying it gave up and after how many attempts; a restart resumes.
     */
    @Test
    void retriesExhaustedFailTheTaskAfterMaxAttemptsPlusOneOfTheSameRequestAndARestartResumes() throws Exception {
        Map<String, String> config = run.config();
        config.put(RETRY_MAX_ATTEMPTS, "3");
        standardDirectory();
        DirectoryView initial = run.view();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.injectAlways(LIST_MEMBERS, Fault.status(503, "overloaded_error")));
        run.startExpectingFailure(config);

        assertThat(run.awaitTaskFailed()).contains("Gave up on the request to list the members of group",
                "after 4 attempts", "HTTP 503", "overloaded_error");
        List<RequestLog.Entry> attempts = run.ownRequests().stream().filter(taskRequest(LIST_MEMBERS)).toList();
        assertThat(attempts).as("retry.max.attempts (3) retries of one request: 4 attempts").hasSize(4)
                .allSatisfy(e -> assertThat(sameRequest(e, attempts.get(0))).isTrue())
                .extracting(RequestLog.Entry::status).containsOnly(503);
        faults.clear();
        restartAndAwaitSnapshot(initial);
    }

    /**
     * retry.budget.ms ends the retries of one request before retry.max.attempts does: the task gives up
     * once the next wait would end past the budget, counted from the request's first attempt.
     */
    @Test
    void theRetryBudgetFailsTheTaskBeforeMaxAttemptsOnceItIsSpent() throws Exception {
        Map<String, String> config = configWithBackoff(200, 200);
        config.put(RETRY_MAX_ATTEMPTS, "50");
        config.put(RETRY_BUDGET_MS, "1500");
        standardDirectory();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.injectAlways(LIST_MEMBERS, Fault.status(503, "overloaded_error")));
        run.startExpectingFailure(config);

        String trace = run.awaitTaskFailed();
        List<RequestLog.Entry> attempts = run.ownRequests().stream().filter(taskRequest(LIST_MEMBERS)).toList();
        assertThat(trace).contains("Gave up on the request to list the members of group",
                "after " + attempts.size() + " attempts", "would exceed the retry budget of 1.5 s", "HTTP 503");
        // Waits of 150 to 200 ms: about eight attempts fit into 1.5 s, far fewer than 51.
        assertThat(attempts).hasSizeBetween(3, 12)
                .allSatisfy(e -> assertThat(sameRequest(e, attempts.get(0))).isTrue());
        Duration spent = Duration.between(attempts.get(0).at(), attempts.get(attempts.size() - 1).at());
        assertThat(spent).as("retried until the budget was nearly spent (the next wait, 200 ms at most, did not fit)")
                .isGreaterThanOrEqualTo(Duration.ofMillis(1_500 - 200 - 300))
                .as("and not beyond it").isLessThanOrEqualTo(Duration.ofMillis(1_500 + 500));
    }
}
