package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.RequestLog;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: the first snapshot of a directory of many small new groups, under at-least-once with a
 * worker that flushes offsets every 20 s (Kafka's default is 60 s), finishes in about the time its
 * requests need at the request budget. A snapshot that waits for an offset flush per group (one to
 * two flush intervals each) takes tens of minutes here instead of well under one.
 *
 * <p>The bound is a ratio of the budget, not a speed: 1.5 times the least time the budget allows
 * for the requests the snapshot made (counted in the simulator's log), plus one flush interval for
 * the one wait a sweep may keep (before its SWEEP_COMPLETED).
 */
class LongFlushSnapshotIT extends ClusterWithOneConnector {

    /** Each group one or two requests at 2-row pages: 0 to 3 members. */
    private static final int GROUPS = 90;
    private static final int REQUESTS_PER_MINUTE = 300;
    private static final double BUDGET_RATIO = 1.5;

    @Override
    ConnectHarness startCluster() {
        return new ConnectHarness(1, false, RealisticRatios.workerProps(), simulator -> { });
    }

    @Test
    void aSnapshotOfManySmallNewGroupsTakesAboutTheTimeItsRequestsNeedAtTheBudget() throws Exception {
        run = new IsolatedConnector(harness, "long-flush-snapshot");
        run.populate(GROUPS, i -> i % 4);
        Map<String, String> config = run.config();
        config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, String.valueOf(RealisticRatios.PAGE_SIZE));
        config.put(ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE, String.valueOf(REQUESTS_PER_MINUTE));
        // One sweep in the test: the snapshot.
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS,
                String.valueOf(Duration.ofHours(1).toMillis()));

        // The deadline for the wait: the bound for the requests the snapshot should need, with room to spare;
        // a snapshot that waits per group is nowhere near it, and the test ends there rather than hang.
        Duration deadline = bound(expectedRequests()).plus(Duration.ofSeconds(40));
        run.start(config);
        try {
            run.awaitSweepCompletedAfter(0, deadline);
        } catch (AssertionError timedOut) {
            throw new AssertionError("The snapshot did not complete within " + deadline.toSeconds()
                    + " s (its bound at the budget is about " + bound(expectedRequests()).toSeconds() + " s): "
                    + progress(), timedOut);
        }

        Instant completed = event("SWEEP_COMPLETED", 1);
        List<RequestLog.Entry> requests = run.ownRequests().stream().filter(e -> !e.at().isAfter(completed)).toList();
        Instant firstRequest = requests.get(0).at();
        Duration took = Duration.between(firstRequest, completed);
        Duration minimum = RealisticRatios.minimumAtBudget(requests.size(), REQUESTS_PER_MINUTE);
        assertThat(took).as("the snapshot's %d requests need %s s at %d requests a minute; it took %s s (bound: %s x "
                        + "that plus one %s s flush interval)", requests.size(), minimum.toSeconds(),
                REQUESTS_PER_MINUTE, took.toSeconds(), BUDGET_RATIO, RealisticRatios.OFFSET_FLUSH.toSeconds())
                .isLessThanOrEqualTo(bound(requests.size()));
        run.assertReplicaEqualsDirectory();
    }

    /** 1.5 times the budget's minimum for {@code requests}, plus one flush interval. */
    private static Duration bound(long requests) {
        Duration minimum = RealisticRatios.minimumAtBudget(requests, REQUESTS_PER_MINUTE);
        return Duration.ofMillis((long) (minimum.toMillis() * BUDGET_RATIO)).plus(RealisticRatios.OFFSET_FLUSH);
    }

    /** The groups pages plus each group's member pages (an empty group still needs one). */
    private long expectedRequests() {
        long groupPages = GROUPS / RealisticRatios.PAGE_SIZE + 1;
        long memberPages = 0;
        for (int i = 0; i < GROUPS; i++) {
            memberPages += Math.max(1, (i % 4 + RealisticRatios.PAGE_SIZE - 1) / RealisticRatios.PAGE_SIZE);
        }
        return groupPages + memberPages;
    }

    private Instant event(String type, long sweep) {
        return run.sweepEvents().stream()
                .filter(e -> type.equals(e.getString("event")) && e.getInt64("sweep") == sweep)
                .map(e -> ((Date) e.get("at")).toInstant()).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " of sweep " + sweep));
    }

    /** How far the snapshot got: what a user of the topics sees, and what the API was asked. */
    private String progress() {
        run.feed.refresh();
        List<Struct> events = run.sweepEvents();
        int groups = run.feed.compacted(run.groupsTopic).size();
        int members = run.feed.compacted(run.membersTopic).size();
        return groups + " of " + GROUPS + " groups and " + members + " of " + run.view().members().size()
                + " memberships in the topics, " + run.ownRequests().size() + " API requests of about "
                + expectedRequests() + ", " + events.size() + " sweep events";
    }
}
