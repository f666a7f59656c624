package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.FaultInjector;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import static io.complianceconnect.groups.integration.RequestHooks.aboutGroup;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.integration.RequestHooks.withPageToken;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The connector against every misbehaviour of the API that the simulator can inject, on a real
 * Connect cluster. Each test takes a snapshot with faults, then changes the directory (every kind
 * of change) and sweeps again with faults, and ends with the compacted view of both topics equal to
 * the directory and every change emitted. Faults are injected with a count, so they end; where the
 * connector retries, every change is emitted exactly once; where it must stop (the API said not to
 * retry, or broke the paging contract), the task fails with a message and a restart resumes.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class FaultMatrixIT {

    private ConnectHarness harness;
    private RequestHooks hooks;
    private FaultInjector faults;
    private Directory directory;
    private LogCapture logs;
    private IsolatedConnector run;

    @BeforeAll
    void startCluster() {
        harness = new ConnectHarness(1, false);
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

    // ---- retried faults: nothing lost, nothing duplicated ------------------------------------------

    @Test
    void rateLimitStormWithRetryAfterIsWaitedOutAtLeastThatLong() throws Exception {
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.rateLimited(1), 2);
            faults.inject(LIST_MEMBERS, Fault.rateLimited(1), 2);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.rateLimited(1), 2);
            faults.inject(GET_GROUP, Fault.rateLimited(1), 2);
        });
        List<RequestLog.Entry> limited = withStatus(429);
        assertThat(limited).hasSize(8);
        // retry-after is a floor: the same request is not repeated before it has passed.
        for (RequestLog.Entry e : limited) {
            RequestLog.Entry retry = nextSameRequest(e);
            assertThat(Duration.between(e.at(), retry.at())).as("wait after the 429 of %s", e.path())
                    .isGreaterThanOrEqualTo(Duration.ofSeconds(1));
        }
    }

    @Test
    void rateLimitStormWithoutRetryAfterBacksOffAndRetries() throws Exception {
        // Eight in a row on one request: within retry.max.attempts (10), each wait longer than the last.
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.rateLimited(null), 4);
            faults.inject(LIST_MEMBERS, Fault.rateLimited(null), 8);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.rateLimited(null), 4);
            faults.inject(GET_GROUP, Fault.rateLimited(null), 3);
        });
        assertThat(withStatus(429)).hasSize(19);
    }

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

    // ---- paging under change and expiry ----------------------------------------------------------

    @Test
    void expiredPageTokenMidListingRestartsThatListingFromItsFirstPage() throws Exception {
        // Armed once a listing's first page is served, so the next request carries a page token.
        snapshotThenChanges(() -> {
            faults.inject(LIST_GROUPS, Fault.expiredToken(), 1);
            // Group 0 has three member pages.
            hooks.onFirst(taskRequest(LIST_MEMBERS).and(firstPage()).and(aboutGroup(groupNamed("group-0"))),
                    e -> faults.inject(LIST_MEMBERS, Fault.expiredToken(), 1));
        }, () -> faults.inject(LIST_GROUPS, Fault.expiredToken(), 1));
        List<RequestLog.Entry> expired = withStatus(400);
        assertThat(expired).hasSize(3).allSatisfy(e -> assertThat(e.query()).containsKey("page"));
        for (RequestLog.Entry e : expired) {
            RequestLog.Entry next = nextRequestTo(e.endpoint(), RequestHooks.groupIdOf(e), e);
            assertThat(next.query()).as("the listing restarted from its first page").doesNotContainKey("page");
        }
    }

    @Test
    void groupDeletedBetweenListAndMemberFetchIsEmittedAsDeletedInTheSameSweep() throws Exception {
        List<String> ids = standardDirectory();
        String doomed = ids.get(ids.size() - 1);   // on the last page, so deleting it shifts nothing
        DirectoryView initial = run.view();
        // Once the last groups page (3 of 3) is served, the group goes before its members are asked for.
        hooks.onNth(taskRequest(LIST_GROUPS).and(run::owns).and(withPageToken()), 2,
                e -> directory.deleteGroup(doomed));
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        run.assertReplicaEqualsDirectory();
        // Its memberships were never emitted, so there is nothing to delete but the group itself.
        List<String> expected = new ArrayList<>(initial.snapshot());
        expected.removeIf(c -> c.startsWith("SNAPSHOT " + doomed + "/"));
        expected.addAll(List.of("DELETED " + doomed, "tombstone " + doomed));
        assertThat(run.changesUpTo(first)).isEqualTo(DirectoryView.sorted(expected));
        assertThat(run.ownRequests()).filteredOn(aboutGroup(doomed)::test)
                .extracting(RequestLog.Entry::endpoint, RequestLog.Entry::status)
                .contains(tuple(LIST_MEMBERS, 404));
    }

    @Test
    void deletionShiftingLaterPagesNeitherLosesNorDeletesTheSkippedGroup() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        // In a later sweep: once group 0 is synced and group 1's members are being listed, group 0 is
        // deleted. Page 2 (offset 4) then starts at group 5, so group 4 is not listed in that sweep.
        String deleted = ids.get(0);
        String skipped = ids.get(4);
        Instant armed = Instant.now();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))), e -> directory.deleteGroup(deleted));
        long shifted = run.awaitSweepStartedAfter(armed);
        assertThat(run.ownRequests()).filteredOn(aboutGroup(skipped)::test).extracting(RequestLog.Entry::endpoint)
                .as("the unlisted group was confirmed with a GET, not taken for deleted").contains(GET_GROUP);
        assertThat(run.changesAfter(first)).as("nothing emitted about the unlisted group")
                .noneMatch(c -> c.contains(skipped));

        // The deletion itself is seen by a sweep that no longer lists group 0.
        run.awaitSweepCompletedAfter(shifted);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesAfter(first)).isEqualTo(initial.changesTo(run.view()));
    }

    @Test
    void memberRemovedMidListingIsListedAgainAndOnlyAMemberAbsentFromBothListingsIsDeleted() throws Exception {
        List<String> ids = standardDirectory();
        String group = ids.get(0);   // nine members: three pages of four
        List<SimMember> members = directory.members(group);
        SimMember leaving = members.get(0);
        SimMember skipped = members.get(4);
        DirectoryView initial = run.view();
        run.start();
        long first = run.awaitSweepCompletedAfter(0);

        // Once the group's first member page is served, its first member leaves: the rest shift left by
        // one, so the second page (offset 4) starts at member 5 and member 4 is in no page of that listing.
        AtomicReference<RequestLog.Entry> shiftedAt = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(group)).and(firstPage()), e -> {
            directory.removeMember(group, leaving.userId());
            shiftedAt.set(e);
        });
        run.await("the member list shifted mid-listing", () -> shiftedAt.get() != null, true);
        run.awaitSweepStartedAfter(shiftedAt.get().at());   // the sweep after: it deletes the member who left
        run.assertReplicaEqualsDirectory();

        List<RequestLog.Entry> own = run.ownRequests();
        List<RequestLog.Entry> restOfThatSweep = own.subList(own.indexOf(shiftedAt.get()) + 1, own.size()).stream()
                .takeWhile(e -> !(taskRequest(LIST_GROUPS).test(e) && firstPage().test(e))).toList();
        assertThat(restOfThatSweep).as("the shifted listing was listed a second time from its first page")
                .anyMatch(taskRequest(LIST_MEMBERS).and(aboutGroup(group)).and(firstPage()));
        assertThat(run.changesAfter(first)).as("no DELETED for the member the shift hid")
                .noneMatch(c -> c.contains(skipped.userId()))
                .isEqualTo(List.of("DELETED " + group + "/" + leaving.userId(), "tombstone " + group + "/"
                        + leaving.userId()))
                .isEqualTo(initial.changesTo(run.view()));
    }

    @Test
    void deletionShiftingPagesDuringTheSnapshotIsCaughtUpByTheNextSweep() throws Exception {
        List<String> ids = standardDirectory();
        // During the snapshot group 4 is not known yet, so nothing can tell that the listing skipped
        // it: the next sweep lists it.
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))), e -> directory.deleteGroup(ids.get(0)));
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        run.awaitSweepCompletedAfter(first);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesUpTo(first)).as("the listing shifted: the snapshot sweep skipped group 4")
                .noneMatch(c -> c.endsWith(" " + ids.get(4)) || c.contains(" " + ids.get(4) + "/"));
        assertThat(run.allChanges()).as("group 4 emitted once, by the next sweep")
                .filteredOn(c -> c.endsWith(" " + ids.get(4))).containsExactly("CREATED " + ids.get(4));
        assertThat(run.allChanges()).as("group 0 emitted, then deleted")
                .filteredOn(c -> c.endsWith(" " + ids.get(0))).containsExactlyInAnyOrder(
                        "SNAPSHOT " + ids.get(0), "DELETED " + ids.get(0), "tombstone " + ids.get(0));
    }

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
        String nameless = ids.get(2);
        SimMember withoutId = directory.members(ids.get(1)).get(0);   // a single-page group: no second listing

        faults.injectAlways(LIST_GROUPS, Fault.rewrittenBody("\"name\":\"" + directory.group(nameless).orElseThrow()
                .name() + "\"", "\"name\":null"));
        faults.injectAlways(LIST_MEMBERS, Fault.rewrittenBody("\"user_id\":\"" + withoutId.userId() + "\"",
                "\"user_id\":\"\""));
        long malformed = run.awaitSweepStartedAfter(Instant.now());   // every request of it saw the rows
        faults.clear();
        long healed = run.awaitSweepStartedAfter(Instant.now());

        assertThat(run.status().tasks()).extracting(t -> t.state()).containsOnly("RUNNING");
        assertThat(run.changesUpTo(malformed)).as("the nameless group, and nothing deleted")
                .containsAll(run.changesUpTo(first)).contains("UPDATED " + nameless)
                .noneMatch(change -> change.startsWith("DELETED"));
        assertThat(run.changesAfter(malformed)).contains("UPDATED " + nameless)
                .noneMatch(change -> change.startsWith("DELETED"));
        assertThat(healed).isGreaterThan(malformed);
        run.assertReplicaEqualsDirectory();
    }

    // ---- faults that stop the task: a message, then a restart resumes ---------------------------

    @Test
    void shouldRetryFalseFailsTheTaskAtOnceAndARestartResumes() throws Exception {
        Fault final500 = Fault.status(500, "api_error").withHeader("x-should-retry", "false");
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns), e -> faults.inject(LIST_MEMBERS, final500, 1));
        run.start();

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

    @Test
    void hasMoreWithoutTokenFailsTheTaskAndARestartResumes() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // On the second groups page of the snapshot...
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.inject(LIST_GROUPS, Fault.hasMoreWithoutToken(), 1));
        run.start();
        assertThat(run.awaitTaskFailed()).contains("list groups", "has_more is true but next_page is null",
                "Restart the connector");
        long first = restartAndAwaitSnapshot(initial);

        // ...and on a member page after the changes.
        String trace = changesThenAssert(ids, initial, first,
                () -> faults.inject(LIST_MEMBERS, Fault.hasMoreWithoutToken(), 1), true);
        assertThat(trace).contains("list the members of group", "has_more is true but next_page is null");
    }

    @Test
    void repeatedTokenFailsTheTaskAndARestartResumes() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // The second groups page names its own token as the next page: following it would loop forever.
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()),
                e -> faults.inject(LIST_GROUPS, Fault.repeatedToken(), 1));
        run.start();
        // (The message names neither the listing nor a request-id: the guard sees only tokens.)
        assertThat(run.awaitTaskFailed()).contains("already used in this listing", "loop forever");
        long first = restartAndAwaitSnapshot(initial);

        // The same on the second page of a member listing.
        String big = ids.get(0);
        String trace = changesThenAssert(ids, initial, first, () -> hooks.onFirst(
                taskRequest(LIST_MEMBERS).and(firstPage()).and(aboutGroup(big)),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1)), true);
        assertThat(trace).contains("already used in this listing");
    }

    @Test
    void firstPageTokenLeadingBackToTheFirstPageCausesNoDuplicates() throws Exception {
        List<String> ids = standardDirectory();
        DirectoryView initial = run.view();
        // A first page whose next_page leads to the first page again: a different token, so no loop
        // can be seen; the page is listed twice and must be emitted once. Armed at validate()'s probe
        // so that the task's very first groups page gets it, and at that page for the first member page.
        hooks.onFirst(e -> e.endpoint() == LIST_GROUPS && run.owns(e) && !taskRequest(LIST_GROUPS).test(e),
                e -> faults.inject(LIST_GROUPS, Fault.repeatedToken(), 1));
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1));
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesUpTo(first)).isEqualTo(initial.snapshot());
        // Evidence that both listings went round: four requests for three pages.
        assertThat(run.ownRequests()).filteredOn(taskRequest(LIST_GROUPS)::test).extracting(e -> e.query().containsKey("page"))
                .startsWith(false, true, true, true);
        assertThat(run.ownRequests()).filteredOn(aboutGroup(ids.get(0))::test).filteredOn(taskRequest(LIST_MEMBERS)::test)
                .extracting(e -> e.query().containsKey("page")).startsWith(false, true, true, true);

        // After the changes, on a single-page member listing (group 2, after group 1's only page).
        changesThenAssert(ids, initial, first, () -> hooks.onFirst(
                taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))),
                e -> faults.inject(LIST_MEMBERS, Fault.repeatedToken(), 1)), false);
    }

    // ---- the scenario ------------------------------------------------------------------------------

    /** Ten groups over three pages of four; groups 0, 3, 6 and 9 have three pages of members. */
    private List<String> standardDirectory() {
        List<String> ids = run.populate(10, i -> i % 3 == 0 ? 9 : 2);
        // One user in two groups, so that an email change updates two memberships.
        SimMember shared = directory.members(ids.get(5)).get(0);
        directory.addMember(ids.get(6), shared.userId(), shared.email());
        return ids;
    }

    private String groupNamed(String suffix) {
        return directory.groups().stream().filter(g -> g.name().equals(run.prefix + suffix)).findFirst()
                .orElseThrow().id();
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

    private void snapshotThenChanges(Runnable snapshotFaults, Runnable changeFaults) throws Exception {
        snapshotThenChanges(run.config(), snapshotFaults, changeFaults);
    }

    /**
     * The standard directory; {@code snapshotFaults} armed at the task's first request; the snapshot
     * checked; the standard changes; {@code changeFaults} armed; the sweep after them checked.
     */
    private void snapshotThenChanges(Map<String, String> config, Runnable snapshotFaults, Runnable changeFaults)
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
    private long restartAndAwaitSnapshot(DirectoryView initial) throws Exception {
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
    private String changesThenAssert(List<String> ids, DirectoryView initial, long first, Runnable changeFaults,
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
    private static void assertEmittedAtLeastOnce(List<String> actual, List<String> expected) {
        assertThat(new TreeSet<>(actual)).isEqualTo(new TreeSet<>(expected));
    }

    private List<RequestLog.Entry> withStatus(int status) {
        return run.ownRequests().stream().filter(e -> e.status() == status).toList();
    }

    /** The next request with the same path and query as {@code entry} (its retry). */
    private RequestLog.Entry nextSameRequest(RequestLog.Entry entry) {
        return after(entry, e -> e.path().equals(entry.path()) && e.query().equals(entry.query()));
    }

    /** The next request to the same endpoint (and group) as {@code entry}. */
    private RequestLog.Entry nextRequestTo(Endpoint endpoint, String groupId, RequestLog.Entry entry) {
        return after(entry, e -> e.endpoint() == endpoint && Objects.equals(RequestHooks.groupIdOf(e), groupId));
    }

    private RequestLog.Entry after(RequestLog.Entry entry, Predicate<RequestLog.Entry> matching) {
        List<RequestLog.Entry> own = run.ownRequests();
        int index = own.indexOf(entry);
        return own.subList(index + 1, own.size()).stream().filter(matching).findFirst()
                .orElseThrow(() -> new AssertionError("no request after " + entry));
    }
}
