package io.complianceconnect.groups.client;

import io.complianceconnect.groups.client.ClientTestSupport.CapturedLogs;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static io.complianceconnect.groups.client.ClientTestSupport.SIM_LIST_GROUPS;
import static io.complianceconnect.groups.client.ClientTestSupport.SIM_LIST_MEMBERS;
import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** Keys and member emails never leave through exception messages, toString or the log. */
class ComplianceApiClientSecretsTest {

    private static final String OTHER_KEY = "sk-ant-api01-ORG.ONLY.secret.b41d";
    private static final String WRONG_KEY = "sk-ant-api01-test.REVOKED.secret";

    private static ComplianceApiSimulator sim;
    private static String groupId;

    @BeforeAll
    static void startSimulator() {
        sim = ComplianceApiSimulator.builder().apiKey(KEY)
                .apiKey(OTHER_KEY, Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA)).start();
        groupId = sim.directory().createGroup("Legal");
        for (int i = 0; i < 40; i++) {
            sim.directory().addMember(groupId, "person" + i + ".private@example.org");
        }
    }

    @AfterAll
    static void stopSimulator() {
        sim.close();
    }

    private static ComplianceApiClient client(String key) {
        return new ComplianceApiClient(ClientSettings.builder().baseUrl(sim.baseUrl()).apiKey(key)
                .requestsPerMinute(0).maxRetries(2).sleeper(d -> {
                }).build());
    }

    @Test
    void noFailureLeaksAKeyOrAnEmail() throws Exception {
        List<Throwable> failures = new ArrayList<>();
        List<String> logLines;
        try (CapturedLogs logs = new CapturedLogs();
             ComplianceApiClient good = client(KEY);
             ComplianceApiClient orgOnly = client(OTHER_KEY);
             ComplianceApiClient revoked = client(WRONG_KEY)) {
            failures.add(failure(() -> revoked.listGroups(null, null, 10).execute()));
            failures.add(failure(() -> orgOnly.listMembers(groupId, null, 10).execute()));
            failures.add(failure(() -> good.listMembers("rbac_group_missing", null, 10).execute()));

            sim.faults().injectAlways(SIM_LIST_MEMBERS, Fault.truncatedBody());
            failures.add(failure(() -> good.listMembers(groupId, null, 100).execute()));
            sim.faults().clear();

            sim.faults().inject(SIM_LIST_MEMBERS, Fault.hasMoreWithoutToken(), 1);
            failures.add(failure(() -> good.listMembers(groupId, null, 100).execute()));

            sim.faults().injectAlways(SIM_LIST_MEMBERS, Fault.status(503, "overloaded_error"));
            failures.add(failure(() -> good.listMembers(groupId, null, 100).execute(Duration.ZERO)));
            failures.add(failure(() -> good.listMembers(groupId, null, 100).execute()));
            sim.faults().clear();

            sim.faults().inject(SIM_LIST_MEMBERS, Fault.expiredToken(), 1);
            failures.add(failure(() -> good.listMembers(groupId, "some-token", 100).execute()));

            sim.faults().inject(SIM_LIST_GROUPS, Fault.connectionReset(), 1);
            good.listGroups(null, null, 10).execute();
            Listings.allMembers(good, groupId, 7); // DEBUG lines of successful pages
            logLines = logs.lines();
        }

        assertThat(failures).hasSize(8).doesNotContainNull();
        List<String> emails = sim.directory().members(groupId).stream().map(SimMember::email).toList();
        for (Throwable failure : failures) {
            for (Throwable t = failure; t != null; t = t.getCause()) {
                assertThat(t.toString()).doesNotContain(KEY, OTHER_KEY, WRONG_KEY, "example.org", "private@");
            }
        }
        assertThat(logLines).isNotEmpty().allSatisfy(line -> {
            assertThat(line).doesNotContain(KEY, OTHER_KEY, WRONG_KEY);
            emails.forEach(email -> assertThat(line).doesNotContain(email));
        });
        // Retries are logged at WARN with the request id; each response at DEBUG with its status.
        assertThat(logLines).anySatisfy(line -> assertThat(line).startsWith("WARN Retrying").contains("request-id req_"));
        assertThat(logLines).anySatisfy(line -> assertThat(line)
                .matches("DEBUG GET /v1/compliance/groups/\\S+/members -> 200 in \\d+ ms \\(request-id req_\\w+.*"));
    }

    @Test
    void membersNeverPrintTheirEmail() {
        GroupMember member;
        try (ComplianceApiClient client = client(KEY)) {
            member = Listings.allMembers(client, groupId, 5).get(0);
        }

        assertThat(member.toString()).doesNotContain(member.email()).contains(member.userId());
    }

    @FunctionalInterface
    private interface Failing {
        void run() throws Exception;
    }

    private static Throwable failure(Failing call) {
        try {
            call.run();
        } catch (Exception e) {
            return e;
        }
        return null;
    }
}
