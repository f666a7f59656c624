package io.complianceconnect.groups.client;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Fault;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Continuing a request that had to wait, against the simulator over real HTTP. */
class PendingCallsTest {

    private static final io.complianceconnect.groups.simulator.Endpoint SIM_GET_GROUP =
            io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;

    private final AtomicInteger results = new AtomicInteger();
    private final PendingCalls calls = new PendingCalls(results::incrementAndGet);
    private ComplianceApiSimulator sim;
    private List<String> groupIds;
    private ComplianceApiClient client;

    @BeforeEach
    void start() {
        sim = ComplianceApiSimulator.builder().seed(11).apiKey(KEY).start();
        sim.directory().populate(3, 2);
        groupIds = sim.directory().groups().stream().map(g -> g.id()).toList();
        // A failed attempt waits most of a minute or more: longer than any poll may block.
        client = new ComplianceApiClient(ClientSettings.builder().baseUrl(sim.baseUrl()).apiKey(KEY)
                .requestsPerMinute(0).backoffInitial(Duration.ofMinutes(1)).backoffMax(Duration.ofMinutes(2)).build());
    }

    @AfterEach
    void stop() {
        client.close();
        sim.close();
    }

    private Optional<Group> getGroup(String groupId) throws InterruptedException {
        return calls.execute(RequestKey.group(groupId), () -> client.getGroup(groupId), Duration.ZERO);
    }

    @Test
    void aSlowResponseIsWaitedForAcrossCallsWithoutSendingTheRequestAgain() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.latency(Duration.ofSeconds(3)), 1);
        long started = System.nanoTime();
        assertThatThrownBy(() -> getGroup(groupIds.get(0))).isInstanceOf(ResponsePendingException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - started))
                .as("the caller got control back while the answer was on its way")
                .isLessThan(Duration.ofMillis(2500));
        Optional<Group> group;
        while (true) {
            try {
                group = getGroup(groupIds.get(0));
                break;
            } catch (ResponsePendingException stillComing) {
                // as a task's next poll() would: wait on
            }
        }
        assertThat(group).isPresent();
        assertThat(sim.requestLog().count(SIM_GET_GROUP)).as("one request, answered once").isEqualTo(1);
        assertThat(results).hasValue(1);
    }

    private static Instant retryLater(ThrowingCall call) {
        try {
            call.run();
        } catch (RetryLaterException e) {
            return e.notBefore();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a RetryLaterException");
    }

    @FunctionalInterface
    private interface ThrowingCall {
        void run() throws InterruptedException;
    }

    @Test
    void theSameRequestAgainContinuesTheCallThatWaitsInsteadOfSendingANewOne() {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 1);
        String id = groupIds.get(0);

        Instant first = retryLater(() -> getGroup(id));
        assertThat(calls.isWaiting(RequestKey.group(id))).isTrue();
        // A new call would be sent now and succeed (the fault was for one request only).
        assertThat(retryLater(() -> getGroup(id))).as("still the first call's backoff").isEqualTo(first);
        assertThat(sim.requestLog().count()).isEqualTo(1);
        assertThat(results).hasValue(0);
    }

    @Test
    void anotherRequestIsNotHeldUpByOneThatWaits() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 1);
        retryLater(() -> getGroup(groupIds.get(0)));

        assertThat(getGroup(groupIds.get(1))).map(Group::id).contains(groupIds.get(1));
        assertThat(calls.execute(RequestKey.membersPage(groupIds.get(0), null),
                () -> client.listMembers(groupIds.get(0), null, 10), Duration.ZERO).items()).hasSize(2);
        assertThat(calls.isWaiting(RequestKey.group(groupIds.get(0)))).isTrue();
        assertThat(results).hasValue(2);
    }

    @Test
    void aForgottenCallIsStartedAfresh() throws Exception {
        sim.faults().inject(SIM_GET_GROUP, Fault.status(503, "overloaded_error"), 1);
        String id = groupIds.get(0);
        retryLater(() -> getGroup(id));

        calls.forget(RequestKey.group(id));

        assertThat(getGroup(id)).isPresent();
        assertThat(sim.requestLog().count()).isEqualTo(2);
        assertThat(results).hasValue(1);
    }

    @Test
    void aCallThatReturnedOrFailedForGoodIsNotKept() throws Exception {
        String id = groupIds.get(0);
        assertThat(getGroup(id)).isPresent();
        assertThat(getGroup(id)).isPresent();
        assertThat(sim.requestLog().count()).as("each request sent anew").isEqualTo(2);

        RequestKey<Page<GroupMember>> missing = RequestKey.membersPage("rbac_group_missing", null);
        assertThatThrownBy(() -> calls.execute(missing, () -> client.listMembers("rbac_group_missing", null, 10),
                Duration.ZERO)).isInstanceOf(GroupNotFoundException.class);
        assertThat(calls.isWaiting(missing)).isFalse();
        assertThat(results).hasValue(2);
    }

    @Test
    void keysAreEqualWhenTheyAskForTheSameThing() {
        assertThat(RequestKey.membersPage("g", "t")).isEqualTo(RequestKey.membersPage("g", "t"))
                .isNotEqualTo(RequestKey.membersPage("g", null)).isNotEqualTo(RequestKey.membersPage("h", "t"));
        assertThat(RequestKey.groupsPage(null)).isNotEqualTo(RequestKey.activitiesPage(null));
        assertThat(RequestKey.group("g")).isNotEqualTo(RequestKey.membersPage("g", null));
    }
}
