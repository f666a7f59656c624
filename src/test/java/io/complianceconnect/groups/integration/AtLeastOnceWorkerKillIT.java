package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 20: at-least-once, a worker flushing offsets every 20 s, the activity feed on, and the
 * task's worker JVM SIGKILLed (no stop, no final flush) a few seconds after it emitted records whose
 * offsets were not flushed yet: once mid-snapshot, once later. Each time the directory then changes
 * exactly what those records were about, before another worker's task lists it:
 * <ul>
 * <li>a membership whose record was acknowledged, its offset unflushed, is removed: the restored
 * state never knew it, so without more care it stays in the topics for good (a phantom);</li>
 * <li>a membership whose DELETED was acknowledged, its offset unflushed, is added back with identical
 * content: the restored state still has it, unchanged, so without more care it stays deleted in the
 * topics (missing).</li>
 * </ul>
 * After a new worker takes the task, a sweep that started after the last change must leave the
 * compacted topics equal to the directory, and {@code bin/verify-replica} must say they match its
 * SWEEP_COMPLETED.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AtLeastOnceWorkerKillIT {

    private static final int GROUPS = 5;
    private static final int MEMBERS = 3;
    /** About 13 requests at 2-row pages: about 40 s at this budget, so the first kill lands mid-snapshot. */
    private static final int SNAPSHOT_REQUESTS_PER_MINUTE = 20;
    private static final int LATER_REQUESTS_PER_MINUTE = 120;
    /** How long after seeing the records the worker is killed: they are acknowledged, their offsets are not flushed. */
    private static final Duration AFTER_THE_RECORDS = Duration.ofSeconds(2);
    /** For the sweeps after a kill: bounded, but long enough for a snapshot that waits per group to get there. */
    private static final Duration SWEEP_DEADLINE = Duration.ofMinutes(5);

    private final MutableClock clock = MutableClock.running();
    private final List<ChildWorkerProcess> workers = new ArrayList<>();
    private ConnectHarness harness;
    private IsolatedConnector run;

    @BeforeAll
    void startCluster() throws InterruptedException {
        Map<String, String> workerProps = new HashMap<>(RealisticRatios.workerProps());
        // A killed worker's task waits for a new worker that joins within this delay, then moves there.
        workerProps.put("scheduled.rebalance.max.delay.ms", "20000");
        harness = ChildWorkerProcess.clusterForKills(false, workerProps,
                simulator -> simulator.clock(clock).activityVisibilityDelay(Duration.ofSeconds(1)));
    }

    @AfterEach
    void removeConnectorAndWorkers() throws InterruptedException {
        try {
            if (run != null) {
                run.delete();
            }
        } finally {
            for (ChildWorkerProcess worker : workers) {
                worker.close();
            }
        }
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void killedWorkersLeaveNeitherAPhantomNorAMissingMembership() throws Exception {
        ChildWorkerProcess first = newWorker();
        run = new IsolatedConnector(harness, "alo-kill");
        List<String> ids = run.populate(GROUPS, i -> MEMBERS);
        run.start(config(SNAPSHOT_REQUESTS_PER_MINUTE));
        first.awaitRunningTaskOf(run);
        Instant firstLife = Instant.now();

        // Mid-snapshot, after a flush: memberships emitted since it are acknowledged, their offsets not flushed.
        Set<String> window = killAfterNewMemberships(first, firstLife);
        assertThat(lastCompletedSweep()).as("the first kill lands mid-snapshot").isZero();
        window.forEach(key -> run.directory.removeMember(groupOf(key), userOf(key)));
        Instant removed = Instant.now();
        newWorker().awaitTaskMovedHere(run);
        run.awaitSweepStartedAfter(removed, SWEEP_DEADLINE);

        // Later: faster sweeps, and a restart (a graceful stop flushes offsets; the flush clock starts again).
        harness.connect.configureConnector(run.name, config(LATER_REQUESTS_PER_MINUTE));
        Thread.sleep(5000);   // the reconfiguration's own restart of the task, before the one the test times
        ChildWorkerProcess second = workers.get(1);
        second.awaitRunningTaskOf(run);
        // Refused (409) while the reconfiguration's rebalance lasts; the call returns once the task restarted.
        Eventually.until(() -> {
            harness.connect.restartTask(run.name, 0);
            return true;
        }, IsolatedConnector.TIMEOUT.toMillis(), "the task could not be restarted");
        Instant secondLife = Instant.now();
        second.awaitRunningTaskOf(run);
        SimMember leaving = run.directory.members(ids.get(GROUPS - 1)).get(0);
        String leavingKey = leaving.groupId() + "/" + leaving.userId();
        run.directory.removeMember(leaving.groupId(), leaving.userId());
        String joining = ids.get(GROUPS - 2);
        String joiningKey = joining + "/" + run.directory.addMember(joining, run.email("joins"));
        run.await("the removal's DELETED and the addition's CREATED, well inside the flush interval",
                RealisticRatios.OFFSET_FLUSH.minus(AFTER_THE_RECORDS).minusSeconds(3),
                () -> run.allChanges().containsAll(List.of("DELETED " + leavingKey, "CREATED " + joiningKey)), true);
        Thread.sleep(AFTER_THE_RECORDS.toMillis());
        kill(second, secondLife.plus(RealisticRatios.OFFSET_FLUSH));

        // The reverse of the phantom: back with the timestamps it had, so its record would be identical.
        clock.pinnedAt(leaving.createdAt(), () -> {
            run.directory.addMember(leaving.groupId(), leaving.userId(), leaving.email());
            return null;
        });
        assertThat(run.directory.members(leaving.groupId())).as("the membership back, identical").contains(leaving);
        run.directory.removeMember(groupOf(joiningKey), userOf(joiningKey));
        Instant lastChange = Instant.now();
        newWorker().awaitTaskMovedHere(run);
        run.awaitSweepStartedAfter(lastChange, SWEEP_DEADLINE);

        assertNoPhantomAndNoMissingMembership(window, leavingKey, joiningKey);
        run.assertReplicaEqualsDirectory();
        TopicCopies.Verdict verdict = new TopicCopies(harness.connect.kafka(), 3)
                .verify(List.of(run.groupsTopic, run.membersTopic, run.sweepsTopic));
        assertThat(verdict.exitCode()).as("verify-replica:\n" + verdict.report()).isZero();
        assertThat(verdict.report()).contains("matches");
    }

    private void assertNoPhantomAndNoMissingMembership(Set<String> removedMidSnapshot, String readded, String gone) {
        Set<String> expected = run.view().members().keySet();
        run.feed.refresh();
        Set<String> actual = run.feed.compacted(run.membersTopic).keySet();
        Set<String> phantoms = new TreeSet<>(actual);
        phantoms.removeAll(expected);
        Set<String> missing = new TreeSet<>(expected);
        missing.removeAll(actual);
        assertThat(phantoms).as("memberships in the compacted topic that the directory no longer has (removed after "
                + "a kill: %s mid-snapshot, %s later)", removedMidSnapshot, gone).isEmpty();
        assertThat(missing).as("memberships of the directory missing from the compacted topic (%s was re-added "
                + "identical after its DELETED)", readded).isEmpty();
    }

    private ChildWorkerProcess newWorker() throws Exception {
        ChildWorkerProcess worker = ChildWorkerProcess.start(harness);
        workers.add(worker);
        return worker;
    }

    /**
     * Waits, flush interval after flush interval of the task's life, for memberships emitted after a
     * flush, and kills the worker a few seconds after them, before the next flush; returns them.
     */
    private Set<String> killAfterNewMemberships(ChildWorkerProcess worker, Instant lifeStart)
            throws InterruptedException {
        for (int k = 1; k <= 4; k++) {
            Instant flush = lifeStart.plus(RealisticRatios.OFFSET_FLUSH.multipliedBy(k));
            Instant nextFlush = flush.plus(RealisticRatios.OFFSET_FLUSH);
            sleepUntil(flush.plusSeconds(1));
            assertThat(lastCompletedSweep()).as("the snapshot still running after %d flush intervals", k).isZero();
            Set<String> before = memberships();
            Instant deadline = nextFlush.minus(AFTER_THE_RECORDS).minusSeconds(2);
            while (Instant.now().isBefore(deadline)) {
                if (!before.containsAll(memberships())) {
                    Thread.sleep(AFTER_THE_RECORDS.toMillis());
                    kill(worker, nextFlush);
                    Set<String> window = new TreeSet<>(memberships());
                    window.removeAll(before);
                    return window;
                }
                Thread.sleep(250);
            }
        }
        throw new AssertionError("no membership emitted between two offset flushes in four flush intervals: "
                + memberships().size() + " memberships in the topic");
    }

    /**
     * SIGKILL, checking that it comes before {@code nextFlush}, the worker's next offset flush (its
     * flushes follow the task's start at the flush interval), so that the records seen since the
     * last one are acknowledged and their offsets not flushed.
     */
    private void kill(ChildWorkerProcess worker, Instant nextFlush) throws InterruptedException {
        assertThat(worker.runsTaskOf(run)).as("the task runs on the worker to kill").isTrue();
        assertThat(Instant.now()).as("the kill comes before the worker's next offset flush")
                .isBefore(nextFlush.minusSeconds(1));
        assertThat(worker.kill()).as("SIGKILL").isEqualTo(ChildWorkerProcess.KILLED_EXIT_CODE);
    }

    private Map<String, String> config(int requestsPerMinute) {
        Map<String, String> config = run.config();
        config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, String.valueOf(RealisticRatios.PAGE_SIZE));
        config.put(ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE, String.valueOf(requestsPerMinute));
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "15000");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE, "enabled");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_POLL_INTERVAL_MS, "1000");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_LAG_MS, "5000");
        return config;
    }

    /** The membership keys of every record in the members topic so far. */
    private Set<String> memberships() {
        run.feed.refresh();
        Set<String> keys = new TreeSet<>();
        run.feed.changes(run.membersTopic).forEach(c -> keys.add(c.key()));
        return keys;
    }

    private long lastCompletedSweep() {
        run.feed.refresh();
        return run.sweepEvents().stream().filter(e -> "SWEEP_COMPLETED".equals(e.getString("event")))
                .mapToLong(e -> e.getInt64("sweep")).max().orElse(0);
    }

    private static void sleepUntil(Instant instant) throws InterruptedException {
        long ms = Duration.between(Instant.now(), instant).toMillis();
        if (ms > 0) {
            Thread.sleep(ms);
        }
    }

    private static String groupOf(String key) {
        return key.substring(0, key.indexOf('/'));
    }

    private static String userOf(String key) {
        return key.substring(key.indexOf('/') + 1);
    }
}
