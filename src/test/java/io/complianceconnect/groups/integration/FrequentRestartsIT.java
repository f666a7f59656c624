package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A busy cluster's rebalances, as issue 11 measured them: the task restarted every few seconds
 * through Connect's REST API, throughout sweeps that each take several restart periods (small pages,
 * a request budget), the activity feed off, while groups are deleted and renamed out of
 * {@code group.name.prefix}. What a user of the topics must see: every deletion and rename-out
 * emitted as DELETED (the group and its memberships) within two sweep lengths of the change, no
 * DELETED for anything that still exists, and, once the restarts stop, a replica equal to the
 * directory. Before durable sweep coverage, a resumed sweep skipped its deletion pass, so none of
 * them was ever emitted.
 */
class FrequentRestartsIT extends ClusterWithOneConnector {

    private static final Duration RESTART_PERIOD = Duration.ofSeconds(3);
    private static final int GROUPS = 20;
    /**
     * 10 groups pages and 20 member pages a sweep at 3 requests a second: about 10 s, three restart
     * periods (sweeps no longer wait for offset flushes, so the budget alone sets their length).
     */
    private static final int PAGE_SIZE = 2;
    private static final int REQUESTS_PER_MINUTE = 180;
    private static final long SWEEP_INTERVAL_MS = 1000;

    @Override
    ConnectHarness startCluster() {
        return new ConnectHarness(1, false);
    }

    @Test
    void deletionsAndRenamesOutAreEmittedWithinTwoSweepsWhileTheTaskRestartsEveryFewSeconds() throws Exception {
        run = new IsolatedConnector(harness, "restarts");
        List<String> ids = run.populate(GROUPS, i -> 2);
        Map<String, String> config = run.config();
        config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, String.valueOf(PAGE_SIZE));
        config.put(ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE, String.valueOf(REQUESTS_PER_MINUTE));
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, String.valueOf(SWEEP_INTERVAL_MS));
        run.start(config);
        run.awaitSweepCompletedAfter(0);

        Map<String, Instant> leftAt = new TreeMap<>();
        Map<String, List<String>> membershipsOf = new HashMap<>();
        try (RestartLoop restarts = RestartLoop.every(RESTART_PERIOD, harness.connect, run.name)) {
            Instant restartsBegan = Instant.now();
            // Four groups leave, two at a time, the second pair half a sweep later: deleted, or renamed out.
            for (int pair = 0; pair < 2; pair++) {
                Thread.sleep(pair == 0 ? RESTART_PERIOD.toMillis() / 2 : 4000);
                String deleted = ids.get(3 + 8 * pair);
                String renamedOut = ids.get(6 + 8 * pair);
                for (String id : List.of(deleted, renamedOut)) {
                    membershipsOf.put(id, run.directory.members(id).stream().map(m -> id + "/" + m.userId()).toList());
                    leftAt.put(id, Instant.now());
                }
                run.directory.deleteGroup(deleted);
                run.directory.renameGroup(renamedOut, "Archived " + renamedOut);
            }
            Instant lastChange = Instant.now();
            TreeSet<String> gone = new TreeSet<>(leftAt.keySet());
            membershipsOf.values().forEach(gone::addAll);
            run.await("every deletion and rename-out emitted as DELETED",
                    () -> SweepTimeline.deletedAt(run).keySet().containsAll(gone), true);
            // One more sweep after the last change, through the restarts, before the checks.
            run.awaitSweepStartedAfter(lastChange);

            List<Struct> events = run.sweepEvents();
            Map<Long, Duration> lengths = SweepTimeline.sweepLengths(events, restartsBegan);
            assertThat(lengths).as("sweeps completed while the task restarted").isNotEmpty();
            Duration sweepLength = lengths.values().stream().max(Duration::compareTo).orElseThrow()
                    .plusMillis(SWEEP_INTERVAL_MS);
            assertThat(sweepLength).as("a sweep lasts longer than the restart period").isGreaterThan(RESTART_PERIOD);
            assertThat(SweepTimeline.restartsDuringSweeps(events, restarts.restarts()))
                    .as("restarts that landed in the middle of a sweep").isGreaterThanOrEqualTo(4);
            assertThat(events.stream().filter(e -> "SWEEP_COMPLETED".equals(e.getString("event"))
                    && e.getBoolean("resumed"))).as("sweeps completed after a restart interrupted them").isNotEmpty();

            Map<String, Instant> deletedAt = SweepTimeline.deletedAt(run);
            assertThat(deletedAt.keySet()).as("DELETED records: exactly the groups that left and their memberships")
                    .isEqualTo(gone);
            leftAt.forEach((id, left) -> {
                for (String key : concat(id, membershipsOf.get(id))) {
                    assertThat(Duration.between(left, deletedAt.get(key)))
                            .as("%s emitted as DELETED within two sweep lengths (%s) of the change", key, sweepLength)
                            .isLessThanOrEqualTo(sweepLength.multipliedBy(2));
                }
            });
        }
        run.awaitSweepStartedAfter(Instant.now());
        run.assertReplicaEqualsDirectory();
    }

    private static List<String> concat(String first, List<String> rest) {
        List<String> all = new ArrayList<>(List.of(first));
        all.addAll(rest);
        return all;
    }
}
