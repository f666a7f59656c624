package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Predicate;
import java.util.function.Supplier;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.ACTIVITY_POLL_INTERVAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BUDGET_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_MAX_ATTEMPTS;
import static io.complianceconnect.groups.integration.RequestHooks.aboutGroup;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.integration.RequestHooks.withPageToken;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_ACTIVITIES;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The fault matrix's tests ({@link FaultMatrix}), one cluster for them all.
 */
class FaultMatrixIT extends FaultMatrix {

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
        assertThat(withStatus(429)).hasSize(8);
        // retry-after is a floor: the same request is not repeated, and nothing else is sent, before it has passed.
        assertEveryRateLimitIsWaitedOutOnTheSameRequest(failures -> Duration.ofSeconds(1));
    }

    @Test
    void rateLimitStormWithoutRetryAfterBacksOffAndRetries() throws Exception {
        // Six in a row on one request (within retry.max.attempts, 10): the waits double from 50 ms.
        Map<String, String> config = configWithBackoff(50, 3200);
        snapshotThenChanges(config, () -> {
            faults.inject(LIST_GROUPS, Fault.rateLimited(null), 4);
            faults.inject(LIST_MEMBERS, Fault.rateLimited(null), 6);
        }, () -> {
            faults.inject(LIST_MEMBERS, Fault.rateLimited(null), 4);
            faults.inject(GET_GROUP, Fault.rateLimited(null), 3);
        });
        assertThat(withStatus(429)).hasSize(17);
        assertThat(longestRateLimitedRun()).as("the six 429s in a row were all answers to one request").isEqualTo(6);
        assertEveryRateLimitIsWaitedOutOnTheSameRequest(failures -> backoffFloor(50, 3200, failures));
        assertMetricsMatchTheRun(17, 17);
    }

    /**
     * With the activity feed followed, the task has a second stream of requests (a feed read every
     * second) that a rate limit must hold back too: the limit is the organisation's, not one request's.
     */
    @Test
    void aRateLimitStormHoldsBackEveryRequestOfTheTaskFeedReadsIncluded() throws Exception {
        Map<String, String> config = configWithBackoff(100, 3200);
        config.put(ACTIVITY_FEED_MODE, "enabled");
        config.put(ACTIVITY_POLL_INTERVAL_MS, "1000");
        standardDirectory();
        run.start(config);
        long first = run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();

        // Five in a row on the second groups page of a later sweep: 100 + 200 + 400 + 800 + 1600 ms at most.
        AtomicReference<Instant> armed = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns).and(firstPage()), e -> {
            faults.inject(LIST_GROUPS, Fault.rateLimited(null), 5);
            armed.set(e.at());
        });
        run.await("the storm to be armed", () -> armed.get() != null, true);
        run.awaitSweepStartedAfter(armed.get());
        run.assertReplicaEqualsDirectory();
        assertThat(run.changesAfter(first)).as("an unchanged directory: nothing emitted").isEmpty();

        List<RequestLog.Entry> limited = withStatus(429);
        assertThat(limited).hasSize(5).allSatisfy(e -> assertThat(e.query()).as("a later page").containsKey("page"));
        assertThat(longestRateLimitedRun()).isEqualTo(5);
        // The feed was read before and after the storm, so a read during it would have been seen. The first
        // read after it may come a poll or two after the sweep started again (the sweep has its share first).
        Supplier<List<RequestLog.Entry>> feedReads = () -> harness.simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == LIST_ACTIVITIES).toList();
        run.await("a feed read after the storm",
                () -> feedReads.get().stream().anyMatch(e -> e.at().isAfter(limited.get(4).at())), true);
        assertThat(feedReads.get()).anyMatch(e -> e.at().isBefore(limited.get(0).at()));
        assertEveryRateLimitIsWaitedOutOnTheSameRequest(failures -> backoffFloor(100, 3200, failures));
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
        AtomicReference<RequestLog.Entry> deletedAt = new AtomicReference<>();
        hooks.onFirst(taskRequest(LIST_MEMBERS).and(aboutGroup(ids.get(1))), e -> {
            directory.deleteGroup(ids.get(0));
            deletedAt.set(e);
        });
        run.start();
        long first = run.awaitSweepCompletedAfter(0);
        Instant snapshotDone = StoredCursor.completionOf(first, run.sweepEvents());
        run.awaitSweepCompletedAfter(first);
        run.assertReplicaEqualsDirectory();

        // The listing did shift: group 0 went after the first page was served and before the second was
        // asked for, and nothing in the snapshot sweep asked about group 4 (not its members, no GET).
        List<RequestLog.Entry> snapshot = run.ownRequests().stream().filter(e -> !e.at().isAfter(snapshotDone)).toList();
        List<RequestLog.Entry> groupPages = snapshot.stream().filter(taskRequest(LIST_GROUPS)).toList();
        assertThat(groupPages).as("the snapshot listed three groups pages (offsets 0, 4 and 8)").hasSize(3);
        assertThat(snapshot.indexOf(deletedAt.get())).as("deleted between the first and second groups page")
                .isGreaterThan(snapshot.indexOf(groupPages.get(0))).isLessThan(snapshot.indexOf(groupPages.get(1)));
        assertThat(snapshot).as("the snapshot sweep never reached group 4").noneMatch(aboutGroup(ids.get(4)));
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
        run.start(config);

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
        run.start(config);

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

    private String groupNamed(String suffix) {
        return directory.groups().stream().filter(g -> g.name().equals(run.prefix + suffix)).findFirst()
                .orElseThrow().id();
    }

    /**
     * For every 429 the task received: the next request about this connector's groups is the same
     * request (path and query, page token included), sent no sooner than {@code floor} of its run
     * of failures allows; and no request at all, of any kind, reached the API in that time.
     *
     * @param floor the shortest wait allowed after the n-th failure in a row of one request
     */
    private void assertEveryRateLimitIsWaitedOutOnTheSameRequest(IntFunction<Duration> floor) {
        List<RequestLog.Entry> own = run.ownRequests();
        List<RequestLog.Entry> all = harness.simulator.requestLog().entries();
        int inARow = 0;
        for (int i = 0; i < own.size(); i++) {
            RequestLog.Entry e = own.get(i);
            if (e.status() != 429) {
                inARow = 0;
                continue;
            }
            inARow = i > 0 && own.get(i - 1).status() == 429 && sameRequest(own.get(i - 1), e) ? inARow + 1 : 1;
            assertThat(i + 1).as("a request after the 429 of %s", e.path()).isLessThan(own.size());
            RequestLog.Entry retry = own.get(i + 1);
            assertThat(sameRequest(e, retry)).as("the request after the 429 of %s %s is its retry, not %s %s",
                    e.path(), e.query(), retry.path(), retry.query()).isTrue();
            Duration wait = floor.apply(inARow);
            Instant until = e.at().plus(wait);
            assertThat(Duration.between(e.at(), retry.at())).as("wait after failure %d in a row of %s", inARow,
                    e.path()).isGreaterThanOrEqualTo(wait);
            assertThat(all).as("requests sent during the wait after the 429 of %s", e.path())
                    .filteredOn(x -> x != e && x.at().isAfter(e.at()) && x.at().isBefore(until)).isEmpty();
        }
    }

    /**
     * The least a wait without retry-after can be after the n-th failure in a row: the doubling step
     * (from {@code initialMs}, capped at {@code maxMs}) less at most a quarter of jitter.
     */
    private static Duration backoffFloor(long initialMs, long maxMs, int failures) {
        long step = Math.min(maxMs, initialMs << Math.min(failures - 1, 20));
        return Duration.ofMillis(step * 3 / 4);
    }

    /** The most 429s in a row on one request among this connector's requests. */
    private int longestRateLimitedRun() {
        List<RequestLog.Entry> own = run.ownRequests();
        int longest = 0;
        int current = 0;
        for (int i = 0; i < own.size(); i++) {
            RequestLog.Entry e = own.get(i);
            current = e.status() != 429 ? 0
                    : i > 0 && own.get(i - 1).status() == 429 && sameRequest(own.get(i - 1), e) ? current + 1 : 1;
            longest = Math.max(longest, current);
        }
        return longest;
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
