package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static io.complianceconnect.groups.integration.RequestHooks.aboutGroup;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix ({@link FaultMatrix}) with rows in the API's pages that do not match the documented
 * types: replicated as far as they can be, counted, and never a reason to stop or to delete.
 */
class MalformedRowsIT extends FaultMatrix {

    /**
     * Rows that do not match the documented types never stop the replica: a group whose name is null is
     * replicated with it null (and again with its name once the API sends it), and a membership row
     * without a user id is skipped without taking the membership for removed.
     */
    @Test
    void malformedRowsNeitherStopTheTaskNorDeleteAnything() throws Exception {
        List<String> ids = standardDirectory();
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        String nameless = ids.get(2);   // on the first groups page
        SimMember withoutId = directory.members(ids.get(1)).get(0);   // a single-page group: no second listing

        // The rows are damaged from just after one sweep's first groups page until the next sweep's
        // first groups page has been served damaged: one sweep sees the member row without an id, the
        // next the nameless group; every request between the two hooks, and the second, got the fault.
        Fault namelessGroup = Fault.rewrittenBody("\"name\":\"" + directory.group(nameless).orElseThrow().name()
                + "\"", "\"name\":null");
        Fault memberWithoutId = Fault.rewrittenBody("\"user_id\":\"" + withoutId.userId() + "\"", "\"user_id\":\"\"");
        AtomicReference<RequestLog.Entry> damagedFrom = new AtomicReference<>();
        AtomicReference<RequestLog.Entry> damagedUntil = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()), from -> {
            faults.injectAlways(LIST_GROUPS, namelessGroup);
            faults.injectAlways(LIST_MEMBERS, memberWithoutId);
            damagedFrom.set(from);
            hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()), until -> {
                faults.clear();
                damagedUntil.set(until);
            });
        });
        run.await("the damaged stretch to end", () -> damagedUntil.get() != null, true);
        long healed = run.awaitSweepStartedAfter(damagedUntil.get().at());

        assertThat(run.status().tasks()).extracting(t -> t.state()).containsOnly("RUNNING");
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesAfter(first)).as("the group with its name null, then with its name again; nothing "
                + "deleted, no membership touched").containsExactly("UPDATED " + nameless, "UPDATED " + nameless);
        assertThat(run.feed.changes(run.groupsTopic)).filteredOn(c -> c.key().equals(nameless) && c.sweep() > first)
                .extracting(c -> c.value().getString("name")).as("null, then the name")
                .containsExactly(null, directory.group(nameless).orElseThrow().name());

        List<RequestLog.Entry> own = run.ownRequests();
        List<RequestLog.Entry> damaged = own.subList(own.indexOf(damagedFrom.get()) + 1,
                own.indexOf(damagedUntil.get()) + 1);
        long damagedRows = damaged.stream().filter(taskRequest(LIST_GROUPS).and(firstPage())
                .or(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))))).count();
        assertThat(damagedRows).as("a member page of group 1, then the first groups page").isEqualTo(2);
        assertThat(healed).isGreaterThan(first);
        assertThat(TaskMetricsReader.value(run.name, "malformed-rows-total")).as("malformed-rows-total")
                .isEqualTo(damagedRows);
        assertMetricsMatchTheRun(0, 0);
    }
}
