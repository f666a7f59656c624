package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.IntFunction;
import java.util.function.Supplier;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.ACTIVITY_POLL_INTERVAL_MS;
import static io.complianceconnect.groups.integration.RequestHooks.firstPage;
import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.GET_GROUP;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_ACTIVITIES;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault matrix ({@link FaultMatrix}) under rate-limit storms: after a 429, with or without
 * retry-after, the task waits (retry-after as a floor, otherwise a doubling backoff) before it sends the
 * same request again, and nothing else it sends, feed reads included, reaches the API meanwhile.
 */
class RateLimitStormIT extends FaultMatrix {

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
}
