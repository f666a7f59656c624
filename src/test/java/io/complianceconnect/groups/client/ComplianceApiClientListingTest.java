package io.complianceconnect.groups.client;

import io.complianceconnect.groups.client.ClientTestSupport.RecordingListener;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.simulator.SimulatorExtension;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

/** Paging, parsing of what the simulator serves, and the loop guards. */
class ComplianceApiClientListingTest {

    private static final io.complianceconnect.groups.simulator.Endpoint SIM_LIST_GROUPS =
            io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
    private static final io.complianceconnect.groups.simulator.Endpoint SIM_GET_GROUP =
            io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
    private static final io.complianceconnect.groups.simulator.Endpoint SIM_LIST_MEMBERS =
            io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;

    @RegisterExtension
    static final SimulatorExtension simulators = new SimulatorExtension();
    private static ComplianceApiSimulator sim;
    private static String bigGroup;

    @RegisterExtension
    final ClientFixture clients = new ClientFixture(() -> sim);
    private ComplianceApiClient client;

    @BeforeAll
    static void startSimulator() {
        sim = simulators.start(b -> b.seed(3).apiKey(KEY));
        sim.directory().populate(25, 2);
        bigGroup = sim.directory().createGroup("Engineering", "Everyone who builds", "scim", List.of("role_x"));
        for (int i = 0; i < 11; i++) {
            sim.directory().addMember(bigGroup, "engineer" + i + "@example.com");
        }
    }

    @BeforeEach
    void freshClient() {
        client = clients.client(b -> b.maxRetries(0));
    }

    @Test
    void anActivitiesPageCarriesTheApisTimeFromItsDateHeader() throws Exception {
        // The Date header has whole seconds.
        java.time.Instant before = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        ActivityPage page = client.listActivities(null, null, List.of("group_created"), 10).execute();
        java.time.Instant after = java.time.Instant.now();
        assertThat(page.serverTime()).isNotNull().isBetween(before, after);
    }

    @Test
    void pagesFollowNextPageUntilTheLastOne() throws Exception {
        List<Group> walked = new ArrayList<>();
        ListingGuard guard = new ListingGuard();
        String token = null;
        do {
            Page<Group> page = client.listGroups(null, token, 10).execute();
            guard.check(token, page);
            walked.addAll(page.items());
            token = page.nextPage();
        } while (token != null);

        assertThat(walked).isEqualTo(ExpectedRecords.groups(sim.directory().groups()));
        assertThat(guard.pages()).isEqualTo(3);
        assertThat(sim.requestLog().entries()).extracting(e -> e.query().get("limit")).containsOnly("10");
    }

    @Test
    void membersCarryTheirGroupIdAndArriveInAllPages() {
        List<GroupMember> members = Listings.allMembers(client, bigGroup, 4);

        assertThat(members).hasSize(11).isEqualTo(ExpectedRecords.members(sim.directory().members(bigGroup)))
                .allSatisfy(m -> assertThat(m.groupId()).isEqualTo(bigGroup));
        assertThat(sim.requestLog().count(SIM_LIST_MEMBERS)).isEqualTo(3);
    }

    @Test
    void aNamePrefixIsSentAndFilters() {
        List<Group> found = Listings.allGroups(client, "Engin", 100).toList();

        assertThat(found).extracting(Group::id).contains(bigGroup);
        assertThat(found).allSatisfy(g -> assertThat(g.name()).startsWith("Engin"));
        assertThat(sim.requestLog().entries().get(0).query()).containsEntry("name_prefix", "Engin");
    }

    @Test
    void theGroupStreamFetchesLazily() {
        assertThat(Listings.allGroups(client, null, 5).limit(3).toList()).hasSize(3);

        assertThat(sim.requestLog().count(SIM_LIST_GROUPS)).isEqualTo(1);
    }

    @Test
    void unknownFieldsAreKeptInExtra() throws Exception {
        String groupId = sim.directory().groups().get(0).id();
        String userId = sim.directory().members(groupId).get(0).userId();
        sim.directory().setGroupExtraField(groupId, "tier", "{\"level\": 2, \"name\": \"gold\"}");
        sim.directory().setMemberExtraField(groupId, userId, "seat", "\"A-17\"");
        sim.faults().inject(SIM_GET_GROUP, Fault.extraFields(), 1);
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.extraFields(), 1);
        try {
            Group group = client.getGroup(groupId).execute().orElseThrow();
            GroupMember member = client.listMembers(groupId, null, 10).execute().items().get(0);

            Map<String, String> simulatedExtras = Map.of(
                    "x_sim_string", "\"a field this client version does not know\"",
                    "x_sim_number", "42.5",
                    "x_sim_boolean", "true",
                    "x_sim_null", "null",
                    "x_sim_object", "{\"nested\":{\"list\":[1,\"two\",null]}}",
                    "x_sim_array", "[\"a\",{\"b\":1}]");
            assertThat(group.extra()).containsAllEntriesOf(simulatedExtras)
                    .contains(entry("tier", "{\"level\":2,\"name\":\"gold\"}")).hasSize(7);
            assertThat(member.extra()).containsAllEntriesOf(simulatedExtras).contains(entry("seat", "\"A-17\""));
            // The documented fields are still read as such.
            assertThat(group.name()).isEqualTo(sim.directory().group(groupId).orElseThrow().name());
        } finally {
            sim.directory().setGroupExtraField(groupId, "tier", null);
            sim.directory().setMemberExtraField(groupId, userId, "seat", null);
        }
    }

    @Test
    void nullTimestampsAndRolesAreAccepted() throws Exception {
        sim.faults().inject(SIM_LIST_GROUPS, Fault.nullTimestampsAndRoles(), 1);
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.nullTimestampsAndRoles(), 1);

        Page<Group> groups = client.listGroups(null, null, 10).execute();
        Page<GroupMember> members = client.listMembers(bigGroup, null, 10).execute();

        assertThat(groups.items()).hasSize(10).allSatisfy(g -> {
            assertThat(g.createdAt()).isNull();
            assertThat(g.updatedAt()).isNull();
            assertThat(g.roles()).isNull();
            assertThat(g.id()).isNotNull();
        });
        assertThat(members.items()).hasSize(10).allSatisfy(m -> assertThat(m.createdAt()).isNull());
    }

    /** One odd row never costs the page: it is kept with the field null, or skipped, and reported. */
    @Test
    void aRowThatDoesNotFitIsKeptOrSkippedAndReportedWithItsRequestId() throws Exception {
        RecordingListener listener = new RecordingListener();
        client = clients.client(b -> b.maxRetries(0), listener);
        SimMember firstMember = sim.directory().members(bigGroup).get(0);
        sim.faults().inject(SIM_GET_GROUP, Fault.rewrittenBody("\"name\":\"Engineering\"", "\"name\":null"), 1);
        sim.faults().inject(SIM_LIST_GROUPS, Fault.rewrittenBody("\"source_type\":\"scim\"", "\"source_type\":1"), 1);
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.rewrittenBody("\"user_id\":\"" + firstMember.userId() + "\"",
                "\"user_id\":\"\""), 1);
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.rewrittenBody("Z\"", "\""), 1);   // timestamps without offset

        Group nameless = client.getGroup(bigGroup).execute().orElseThrow();
        Group scim = client.listGroups("Engin", null, 10).execute().items().get(0);
        Page<GroupMember> withoutFirst = client.listMembers(bigGroup, null, 20).execute();
        Page<GroupMember> withoutOffsets = client.listMembers(bigGroup, null, 20).execute();

        assertThat(nameless.id()).isEqualTo(bigGroup);
        assertThat(nameless.name()).isNull();
        assertThat(scim.sourceType()).isNull();
        assertThat(scim.extra()).containsEntry("source_type", "1");
        assertThat(withoutFirst.items()).hasSize(10).doesNotContain(ExpectedRecords.member(firstMember));
        assertThat(withoutFirst.skippedRows()).isEqualTo(1);
        assertThat(withoutOffsets.items()).hasSize(11).allSatisfy(m -> {
            assertThat(m.createdAt()).isNull();
            assertThat(m.updatedAt()).isNull();
            assertThat(m.extra()).containsKeys("created_at", "updated_at");
        });
        List<String> ids = sim.requestLog().entries().stream().map(RequestLog.Entry::requestId).toList();
        List<String> expected = new ArrayList<>(List.of(
                "GET_GROUP MISSING_REQUIRED_FIELD name " + ids.get(0),
                "LIST_GROUPS WRONG_TYPE source_type " + ids.get(1),
                "LIST_MEMBERS SKIPPED_WITHOUT_ID null " + ids.get(2)));
        for (int i = 0; i < 11; i++) {
            expected.add("LIST_MEMBERS BAD_TIMESTAMP created_at " + ids.get(3));
            expected.add("LIST_MEMBERS BAD_TIMESTAMP updated_at " + ids.get(3));
        }
        assertThat(listener.malformed).containsExactlyElementsOf(expected);
    }

    @Test
    void hasMoreWithoutATokenIsAProtocolErrorAndNotRetried() {
        client = clients.client(b -> b.sleeper(d -> {
        }));
        sim.faults().inject(SIM_LIST_GROUPS, Fault.hasMoreWithoutToken(), 1);

        assertThatThrownBy(() -> client.listGroups(null, null, 10).execute())
                .isInstanceOfSatisfying(ProtocolException.class, e -> {
                    assertThat(e.status()).isEqualTo(200);
                    assertThat(e.requestId()).isEqualTo(sim.requestLog().entries().get(0).requestId());
                })
                .hasMessageContaining("has_more is true but next_page is null");
        assertThat(sim.requestLog().count()).isEqualTo(1);
    }

    @Test
    void aRepeatedTokenStopsTheGroupWalk() {
        // Every page answers with has_more and a token back to the first page.
        sim.faults().injectAlways(SIM_LIST_GROUPS, Fault.repeatedToken());

        assertThatThrownBy(() -> Listings.allGroups(client, null, 10).toList())
                .isInstanceOf(ProtocolException.class).hasMessageContaining("already used in this listing");
        assertThat(sim.requestLog().count(SIM_LIST_GROUPS)).isEqualTo(2);
    }

    @Test
    void aRepeatedTokenLaterInAMemberListingStopsIt() throws Exception {
        Page<GroupMember> first = client.listMembers(bigGroup, null, 4).execute();
        sim.faults().inject(SIM_LIST_MEMBERS, Fault.repeatedToken(), 1);

        // The guard lives across separate calls, as in a task that fetches one page per poll.
        ListingGuard guard = new ListingGuard();
        guard.check(null, first);
        Page<GroupMember> second = client.listMembers(bigGroup, first.nextPage(), 4).execute();

        assertThat(second.nextPage()).isEqualTo(first.nextPage());
        assertThatThrownBy(() -> guard.check(first.nextPage(), second)).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aRepeatedTokenInAllMembersIsAProtocolError() {
        sim.faults().injectAlways(SIM_LIST_MEMBERS, Fault.repeatedToken());

        assertThatThrownBy(() -> Listings.allMembers(client, bigGroup, 4)).isInstanceOf(ProtocolException.class);
        assertThat(sim.requestLog().entries()).extracting(RequestLog.Entry::status).containsExactly(200, 200);
    }

    @Test
    void aGroupDeletedBeforeItsMembersAreListedIsReportedAsGone() {
        String doomed = sim.directory().createGroup("Temporary");
        sim.directory().addMember(doomed, "temp@example.com");
        sim.directory().deleteGroup(doomed);

        assertThatThrownBy(() -> Listings.allMembers(client, doomed, 10))
                .isInstanceOfSatisfying(GroupNotFoundException.class, e -> assertThat(e.groupId()).isEqualTo(doomed));
    }
}
