package io.complianceconnect.groups.client;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;

/** A whole directory walked with the convenience methods: complete, exact, and with no wasted request. */
class ComplianceApiClientFullWalkTest {

    private static final int GROUPS = 10_000;
    private static final int GROUP_PAGE = 1_000;
    private static final int MEMBER_PAGE = 3;

    @Test
    void walkingTenThousandGroupsAndTheirMembersTakesTheMinimumNumberOfRequests() {
        // 0 to 4 members: empty groups, one partial page, exactly one full page (3), two pages (4).
        IntUnaryOperator sizes = i -> (i * 7919) % 5;
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().seed(42).apiKey(KEY).start();
             ComplianceApiClient client = new ComplianceApiClient(ClientSettings.builder().baseUrl(sim.baseUrl())
                     .apiKey(KEY).requestsPerMinute(0).build())) {
            Directory directory = sim.directory();
            directory.populate(GROUPS, sizes);
            sim.requestLog().clear();

            Map<String, List<GroupMember>> membersByGroup = new LinkedHashMap<>();
            List<Group> groups = Listings.allGroups(client, null, GROUP_PAGE)
                    .peek(g -> membersByGroup.put(g.id(), Listings.allMembers(client, g.id(), MEMBER_PAGE)))
                    .toList();

            assertThat(groups).hasSize(GROUPS).isEqualTo(ExpectedRecords.groups(directory.groups()));
            long memberRequests = 0;
            long memberships = 0;
            for (Group group : groups) {
                List<GroupMember> expected = ExpectedRecords.members(directory.members(group.id()));
                assertThat(membersByGroup.get(group.id())).isEqualTo(expected);
                memberRequests += Math.max(1, ceilDiv(expected.size(), MEMBER_PAGE));
                memberships += expected.size();
            }
            assertThat(memberships).isEqualTo(directory.membershipCount());
            assertThat(sim.requestLog().count(io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS))
                    .isEqualTo(ceilDiv(GROUPS, GROUP_PAGE));
            assertThat(sim.requestLog().count(io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS))
                    .isEqualTo(memberRequests);
            assertThat(sim.requestLog().count()).isEqualTo(ceilDiv(GROUPS, GROUP_PAGE) + memberRequests);
        }
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
