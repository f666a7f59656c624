package io.complianceconnect.groups.client;

import io.complianceconnect.groups.client.ClientTestSupport.FakeSleeper;
import io.complianceconnect.groups.client.ClientTestSupport.RecordingListener;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;

import static io.complianceconnect.groups.client.ClientTestSupport.SIM_GET_GROUP;
import static io.complianceconnect.groups.client.ClientTestSupport.SIM_LIST_GROUPS;
import static io.complianceconnect.groups.client.ClientTestSupport.SIM_LIST_MEMBERS;
import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static io.complianceconnect.groups.client.ClientTestSupport.fixedRandom;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Retries, backoff and the errors that must not be retried, against the simulator over real HTTP. */
class ComplianceApiClientRetryTest {

    private static final String ORG_ONLY_KEY = "sk-ant-api01-test.org.data.only";

    @RegisterExtension
    static final SimulatorExtension simulators = new SimulatorExtension();
    private static ComplianceApiSimulator sim;
    private static String groupId;

    @RegisterExtension
    final ClientFixture clients = new ClientFixture(() -> sim);
    private MutableClock clock;
    private FakeSleeper sleeper;
    private RecordingListener listener;
    private ComplianceApiClient client;

    @BeforeAll
    static void startSimulator() {
        sim = simulators.start(b -> b.seed(7).apiKey(KEY)
                .apiKey(ORG_ONLY_KEY, Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA)));
        sim.directory().populate(20, 3);
        groupId = sim.directory().groups().get(0).id();
    }

    @BeforeEach
    void freshClient() {
        // The client's clock only moves when it "sleeps", so every wait is exact.
        clock = new MutableClock(Instant.parse("2026-03-01T10:00:00Z"));
        sleeper = new FakeSleeper(clock);
        listener = new RecordingListener();
        client = newClient(b -> b);
    }

    private ComplianceApiClient newClient(UnaryOperator<ClientSettings.Builder> custom) {
        return clients.client(b -> custom.apply(b.random(fixedRandom(0.0)).clock(clock).sleeper(sleeper)), listener);
    }

    private static List<Integer> statuses() {
        return sim.requestLog().entries().stream().map(RequestLog.Entry::status).toList();
    }

    @Test
    void rateLimitWithRetryAfterWaitsAtLeastThatLongWithJitterOnTop() throws Exception {
        client = newClient(b -> b.random(fixedRandom(0.5)));
        sim.faults().inject(SIM_GET_GROUP, Fault.rateLimited(7), 1);

        Optional<Group> group = client.getGroup(groupId).execute();

        assertThat(group).isPresent();
        // 7 s floor plus the jitter: half of a quarter of the 1 s first step.
        assertThat(sleeper.waits()).containsExactly(Duration.ofMillis(7_125));
        assertThat(listener.rateLimited).containsExactly(Endpoint.GET_GROUP);
        assertThat(statuses()).containsExactly(429, 200);
    }

    @Test
    void rateLimitWithoutRetryAfterBacksOffExponentially() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.rateLimited(null), 3);

        assertThat(client.getGroup(groupId).execute()).isPresent();

        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(listener.rateLimited).hasSize(3);
        assertThat(statuses()).containsExactly(429, 429, 429, 200);
    }

    @ParameterizedTest
    @CsvSource({"500, api_error", "500, internal_error", "502, api_error", "503, overloaded_error", "504, api_error",
            "529, overloaded_error"})
    void documentedServerErrorsAreRetried(int status, String type) throws Exception {
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.status(status, type), 2);

        Page<GroupMember> page = client.listMembers(groupId, null, 10).execute();

        assertThat(page.items()).isEqualTo(ExpectedRecords.members(sim.directory().members(groupId)));
        assertThat(statuses()).containsExactly(status, status, 200);
        assertThat(listener.retries).containsExactly("LIST_MEMBERS HTTP " + status + " " + type,
                "LIST_MEMBERS HTTP " + status + " " + type);
    }

    @Test
    void shouldRetryFalseMakesAServerErrorFinal() {
        sim.faults().inject(SIM_LIST_GROUPS, Fault.status(500, "api_error").withHeader("x-should-retry", "false"), 1);

        assertThatThrownBy(() -> client.listGroups(null, null, 10).execute())
                .isExactlyInstanceOf(ComplianceApiException.class)
                .hasMessageContaining("server error")
                .satisfies(e -> assertThat(((ComplianceApiException) e).status()).isEqualTo(500));
        assertThat(statuses()).containsExactly(500);
        assertThat(sleeper.waits()).isEmpty();
    }

    @Test
    void shouldRetryFalseOverridesEvenA503() {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error").withHeader("x-should-retry", "false"), 1);

        assertThatThrownBy(() -> client.getGroup(groupId).execute()).isInstanceOf(ComplianceApiException.class);
        assertThat(statuses()).containsExactly(503);
    }

    @Test
    void shouldRetryTrueMakesAnyStatusRetryable() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(409, "conflict_error").withHeader("x-should-retry", "true"), 1);

        assertThat(client.getGroup(groupId).execute()).isPresent();
        assertThat(statuses()).containsExactly(409, 200);
    }

    @Test
    void anUnknownStatusIsNotRetriedWithoutTheHeader() {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(409, "conflict_error"), 1);

        assertThatThrownBy(() -> client.getGroup(groupId).execute()).isExactlyInstanceOf(ComplianceApiException.class)
                .hasMessageContaining("unexpected status");
        assertThat(statuses()).containsExactly(409);
    }

    @Test
    void anInvalidKeyIsReportedAtOnce() {
        client = newClient(b -> b.apiKey("sk-ant-api01-revoked"));

        assertThatThrownBy(() -> client.listGroups(null, null, 10).execute())
                .isInstanceOfSatisfying(AuthenticationException.class, e -> {
                    assertThat(e.status()).isEqualTo(401);
                    assertThat(e.errorType()).isEqualTo("authentication_error");
                    assertThat(e.requestId()).isEqualTo(sim.requestLog().entries().get(0).requestId());
                })
                .hasMessageContaining("Create a new Compliance Access Key")
                .hasMessageContaining("request-id=req_");
        assertThat(statuses()).containsExactly(401);
    }

    @Test
    void aMissingScopeIsNamed() {
        client = newClient(b -> b.apiKey(ORG_ONLY_KEY));

        assertThat(client.listGroups(null, null, 10)).isNotNull();
        assertThatThrownBy(() -> client.listMembers(groupId, null, 10).execute())
                .isInstanceOfSatisfying(PermissionException.class,
                        e -> assertThat(e.missingScope()).isEqualTo(ComplianceApiSimulator.SCOPE_USER_DATA))
                .hasMessageContaining("lacks the scope read:compliance_user_data");
        assertThat(statuses()).containsExactly(403);
    }

    @Test
    void anUnknownApiVersionIsAnInvalidRequestNotAboutTheToken() {
        client = newClient(b -> b.apiVersion("2099-01-01"));

        assertThatThrownBy(() -> client.getGroup(groupId).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.pageTokenRejected()).isFalse());
        assertThat(statuses()).containsExactly(400);
    }

    @Test
    void anExpiredPageTokenAsksToRestartTheListing() throws Exception {
        Page<Group> first = client.listGroups(null, null, 5).execute();
        sim.faults().inject(SIM_LIST_GROUPS, Fault.expiredToken(), 1);

        assertThatThrownBy(() -> client.listGroups(null, first.nextPage(), 5).execute())
                .isInstanceOfSatisfying(InvalidRequestException.class, e -> assertThat(e.pageTokenRejected()).isTrue())
                .hasMessageContaining("Restart this listing from its first page");
        assertThat(statuses()).containsExactly(200, 400);
    }

    @Test
    void aMissingGroupIsEmptyForGetAndAnExceptionForMembers() throws Exception {
        assertThat(client.getGroup("rbac_group_gone").execute()).isEmpty();
        assertThat(client.getGroup(groupId).execute()).isEqualTo(sim.directory().group(groupId).map(ExpectedRecords::group));
        assertThatThrownBy(() -> client.listMembers("rbac_group_gone", null, 10).execute())
                .isInstanceOfSatisfying(GroupNotFoundException.class,
                        e -> assertThat(e.groupId()).isEqualTo("rbac_group_gone"));
        assertThat(statuses()).containsExactly(404, 200, 404);
        assertThat(sleeper.waits()).isEmpty();
    }

    /**
     * Only the API's own {@code not_found_error} says a group is gone: a 404 from a proxy or gateway in
     * front of it (another type, or no error body at all) must never read as a deletion.
     */
    @Test
    void a404WithoutNotFoundErrorIsRetriedAndNeverTakenForAMissingGroup() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(404, "api_error"), 1);
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.statusWithoutErrorBody(404), 1);

        assertThat(client.getGroup(groupId).execute()).isEqualTo(sim.directory().group(groupId).map(ExpectedRecords::group));
        assertThat(client.listMembers(groupId, null, 10).execute().items()).isEqualTo(ExpectedRecords.members(sim.directory().members(groupId)));

        assertThat(statuses()).containsExactly(404, 200, 404, 200);
        assertThat(listener.retries).hasSize(2);
        sim.faults().inject(SIM_GET_GROUP, Fault.status(404, "not_found_error"), 1);
        assertThat(client.getGroup(groupId).execute()).as("the API's own not_found_error").isEmpty();
    }

    @ParameterizedTest
    @CsvSource(value = {"api_error", "NONE"}, nullValues = "NONE")
    void a404WithoutNotFoundErrorThatPersistsFailsNamingStatusErrorTypeAndRequestId(String errorType) {
        client = newClient(b -> b.maxRetries(2));
        sim.faults().injectAlways(SIM_LIST_MEMBERS,
                errorType == null ? Fault.statusWithoutErrorBody(404) : Fault.status(404, errorType));

        assertThatThrownBy(() -> client.listMembers(groupId, null, 10).execute())
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.status()).isEqualTo(404);
                    assertThat(e.errorType()).isEqualTo(errorType);
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.getMessage()).contains("HTTP 404", "not_found_error",
                            errorType == null ? "no error.type" : "error.type=" + errorType,
                            sim.requestLog().entries().get(2).requestId());
                });
        assertThat(statuses()).containsExactly(404, 404, 404);
    }

    @Test
    void retriesStopAtMaxRetriesWithTheLastFailureAsCause() {
        client = newClient(b -> b.maxRetries(3));
        sim.faults().injectAlways(SIM_GET_GROUP, Fault.status(503, "overloaded_error"));

        assertThatThrownBy(() -> client.getGroup(groupId).execute())
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(4);
                    assertThat(e.status()).isEqualTo(503);
                    assertThat(e.getCause()).isInstanceOf(ComplianceApiException.class);
                    assertThat(((ComplianceApiException) e.getCause()).requestId())
                            .isEqualTo(sim.requestLog().entries().get(3).requestId());
                })
                .hasMessageContaining("after 4 attempts");
        assertThat(statuses()).containsExactly(503, 503, 503, 503);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
    }

    @Test
    void theRetryBudgetBoundsTheTotalTimeOfOneRequest() {
        client = newClient(b -> b.retryBudget(Duration.ofSeconds(10)));
        sim.faults().injectAlways(SIM_GET_GROUP, Fault.status(503, "overloaded_error"));

        // Waits of 1, 2 and 4 s fit into 10 s; the next 8 s would end at 15 s.
        assertThatThrownBy(() -> client.getGroup(groupId).execute())
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> assertThat(e.attempts()).isEqualTo(4))
                .hasMessageContaining("retry budget of 10.0 s");
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(2), Duration.ofSeconds(4));
        assertThat(statuses()).hasSize(4);
    }

    @Test
    void retryLaterContinuesTheSameRequestWithItsAttemptCount() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 3);
        ApiCall<Optional<Group>> call = client.getGroup(groupId);
        Duration maxBlock = Duration.ofMillis(1_500);

        // Attempt 1 fails, the 1 s wait is done inline; attempt 2 fails and the 2 s wait is too long.
        RetryLaterException first = catchRetryLater(call, maxBlock);
        assertThat(first.notBefore()).isEqualTo(clock.instant().plusSeconds(2));
        assertThat(first.reason()).contains("backoff after HTTP 503");
        assertThat(first.requestId()).isEqualTo(sim.requestLog().entries().get(1).requestId());
        assertThat(call.attempts()).isEqualTo(2);

        // Still 2 s to go: nothing is sent.
        assertThat(catchRetryLater(call, maxBlock).notBefore()).isEqualTo(first.notBefore());
        assertThat(statuses()).hasSize(2);

        // With 1 s to go the wait is done inline; attempt 3 fails too, and its wait is the third
        // step (4 s), so the count was kept.
        clock.advance(Duration.ofSeconds(1));
        RetryLaterException third = catchRetryLater(call, maxBlock);
        assertThat(third.notBefore()).isEqualTo(first.notBefore().plusSeconds(4));
        assertThat(call.attempts()).isEqualTo(3);

        clock.set(third.notBefore());
        assertThat(call.execute(maxBlock)).isPresent();
        assertThat(call.attempts()).isEqualTo(4);
        assertThat(statuses()).containsExactly(503, 503, 503, 200);
        assertThat(sleeper.waits()).containsExactly(Duration.ofSeconds(1), Duration.ofSeconds(1));
        // A finished call answers from memory.
        assertThat(call.execute(Duration.ZERO)).isPresent();
        assertThat(statuses()).hasSize(4);
    }

    @Test
    void retryLaterKeepsTheRetryBudget() {
        client = newClient(b -> b.retryBudget(Duration.ofSeconds(5)));
        sim.faults().injectAlways(SIM_GET_GROUP, Fault.status(503, "overloaded_error"));
        ApiCall<Optional<Group>> call = client.getGroup(groupId);

        clock.set(catchRetryLater(call, Duration.ZERO).notBefore());   // 1 s
        clock.set(catchRetryLater(call, Duration.ZERO).notBefore());   // 2 s, 3 s in all
        // The next wait (4 s) would end 7 s after the first attempt.
        assertThatThrownBy(() -> call.execute(Duration.ZERO)).isInstanceOf(RetriesExhaustedException.class)
                .hasMessageContaining("retry budget");
        assertThat(statuses()).hasSize(3);
    }

    private static RetryLaterException catchRetryLater(ApiCall<?> call, Duration maxBlock) {
        try {
            call.execute(maxBlock);
        } catch (RetryLaterException e) {
            return e;
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a RetryLaterException");
    }

    @Test
    void theFailedPageIsRequestedAgainWithTheSameToken() throws Exception {
        Page<Group> first = client.listGroups(null, null, 5).execute();
        sim.faults().inject(SIM_LIST_GROUPS, Fault.rateLimited(1), 1);
        sim.faults().inject(SIM_LIST_GROUPS, Fault.status(503, "overloaded_error"), 1);

        Page<Group> second = client.listGroups(null, first.nextPage(), 5).execute();

        List<RequestLog.Entry> log = sim.requestLog().entries();
        assertThat(log).extracting(RequestLog.Entry::status).containsExactly(200, 429, 503, 200);
        assertThat(log.subList(1, 4)).extracting(e -> e.query().get("page")).containsOnly(first.nextPage());
        assertThat(second.items()).isEqualTo(ExpectedRecords.groups(sim.directory().groups().subList(5, 10)));
    }

    @Test
    void aTruncatedBodyIsRetriedThenSucceeds() throws Exception {
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.truncatedBody(), 2);

        Page<GroupMember> page = client.listMembers(groupId, null, 10).execute();

        assertThat(page.items()).isEqualTo(ExpectedRecords.members(sim.directory().members(groupId)));
        assertThat(statuses()).containsExactly(200, 200, 200);
        assertThat(listener.retries).containsOnly("LIST_MEMBERS truncated response body");
    }

    @Test
    void aBodyThatStaysTruncatedFailsAsAProtocolProblem() {
        client = newClient(b -> b.maxRetries(2));
        sim.faults().injectAlways(SIM_LIST_GROUPS, Fault.truncatedBody());

        assertThatThrownBy(() -> client.listGroups(null, null, 10).execute())
                .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                    assertThat(e.attempts()).isEqualTo(3);
                    assertThat(e.getCause()).isInstanceOf(ProtocolException.class)
                            .hasMessageContaining("truncated JSON");
                });
    }

    @Test
    void aConnectionCutMidResponseIsRetriedThenSucceeds() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.connectionReset(), 2);

        assertThat(client.getGroup(groupId).execute()).isEqualTo(sim.directory().group(groupId).map(ExpectedRecords::group));

        assertThat(statuses()).containsExactly(0, 0, 200);
        assertThat(listener.retries).hasSize(2).allSatisfy(reason -> assertThat(reason).contains("I/O error"));
    }

    @Test
    void aTimeoutIsRetried() throws Exception {
        client = newClient(b -> b.requestTimeout(Duration.ofMillis(1_000)));
        sim.faults().inject(SIM_GET_GROUP, Fault.latency(Duration.ofMillis(2_500)), 1);

        assertThat(client.getGroup(groupId).execute()).isPresent();

        assertThat(listener.retries).containsExactly("GET_GROUP timeout");
        // The simulator logs the abandoned attempt only once it has sat out its latency, after the
        // retry was answered: wait for it here, or it lands in the log of a later test of this class
        // (which clears the log before it starts) as a request that test never made.
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (sim.requestLog().entries().size() < 2 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertThat(sim.requestLog().entries()).as("the retry, then the abandoned attempt answered late")
                .extracting(RequestLog.Entry::path).containsExactly("/v1/compliance/groups/" + groupId,
                        "/v1/compliance/groups/" + groupId);
    }

    @Test
    void closeEndsAWaitAtOnce() throws Exception {
        CountDownLatch retryScheduled = new CountDownLatch(1);
        ComplianceApiClient realSleeping = new ComplianceApiClient(ClientSettings.builder().baseUrl(sim.baseUrl())
                .apiKey(KEY).requestsPerMinute(0).backoffInitial(Duration.ofMinutes(5)).backoffMax(Duration.ofMinutes(5))
                .build(), new ClientListener() {
                    @Override
                    public void retryScheduled(Endpoint endpoint, String reason, Duration wait) {
                        retryScheduled.countDown();
                    }
                });
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 1);
        CompletableFuture<Optional<Group>> waiting = CompletableFuture.supplyAsync(() -> {
            try {
                return realSleeping.getGroup(groupId).execute();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        assertThat(retryScheduled.await(10, TimeUnit.SECONDS)).isTrue();

        realSleeping.close();

        // Without close() the wait would last five minutes.
        assertThatThrownBy(() -> waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(RequestAbortedException.class);
        assertThatThrownBy(() -> realSleeping.getGroup(groupId).execute()).isInstanceOf(RequestAbortedException.class);
        assertThat(statuses()).containsExactly(503);
    }

    @Test
    void anInterruptedWaitCanBeContinued() throws Exception {
        Sleeper interrupting = d -> {
            throw new InterruptedException("test");
        };
        client = clients.client(b -> b.clock(clock).random(fixedRandom(0)).sleeper(interrupting));
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 1);
        ApiCall<Optional<Group>> call = client.getGroup(groupId);

        assertThatThrownBy(call::execute).isInstanceOf(InterruptedException.class);
        assertThat(call.attempts()).isEqualTo(1);

        // Nothing to wait for any more once the backoff has passed.
        clock.advance(Duration.ofSeconds(1));
        assertThat(call.execute()).isPresent();
        assertThat(call.attempts()).isEqualTo(2);
    }
}
