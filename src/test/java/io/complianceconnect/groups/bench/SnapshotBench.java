package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.MembersDistribution;
import io.complianceconnect.groups.simulator.RequestLog;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;

/**
 * {@code snapshot_seconds_vs_budget_minimum_alo} and {@code _eos}: how close a new connector's
 * snapshot comes to the least time the API's budget allows. The simulator advertises 600 requests a
 * minute in its rate-limit headers (fixed one-minute windows) and serves many small groups (0 to 40
 * members) with a few large ones (2,000 to 9,000) spread among them. A child JVM ({@link SnapshotChild})
 * runs one embedded worker at the default 60 s offset flush, once at-least-once and once exactly-once;
 * the figure is the snapshot's wall time (connector configured to its first SWEEP_COMPLETED) / (its
 * requests, from the simulator's request log, / 10 a second).
 *
 * @param smallGroups how many small groups ({@code -Dbench.snapshot.groups}, 3,000 by default)
 * @param deadline    how long each snapshot may take ({@code -Dbench.snapshot.deadline.minutes}, 20)
 */
record SnapshotBench(int smallGroups, Duration deadline, Path logDir) {

    static final int REQUESTS_PER_MINUTE = 600;
    static final int SMALL_GROUP_MAX_MEMBERS = 40;
    static final int[] LARGE_GROUPS = {2_000, 4_000, 6_500, 9_000};
    static final String GOAL = "<= 1.2";
    /** Cluster start, the wait for a rate-limit window's start (up to a minute), and teardown. */
    private static final Duration CHILD_OVERHEAD = Duration.ofMinutes(4);
    private static final long SEED = 43;

    static SnapshotBench fromSystemProperties(Path logDir) {
        return new SnapshotBench(Integer.getInteger("bench.snapshot.groups", 3_000),
                Duration.ofMinutes(Long.getLong("bench.snapshot.deadline.minutes", 20)), logDir);
    }

    void run(BenchResults results) throws Exception {
        List<String> failed = new ArrayList<>();
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY)
                .rateLimitPerMinute(REQUESTS_PER_MINUTE).seed(SEED).start()) {
            int[] sizes = groupSizes(smallGroups, SEED);
            simulator.directory().populate(sizes.length, i -> sizes[i]);
            Bench.log("  %,d groups (%,d of 0-%d members, %d of %s), %,d memberships; R = %d requests/min in the "
                            + "rate-limit headers, deadline %d min a run", sizes.length, smallGroups,
                    SMALL_GROUP_MAX_MEMBERS, LARGE_GROUPS.length, Arrays.toString(LARGE_GROUPS),
                    simulator.directory().membershipCount(), REQUESTS_PER_MINUTE, deadline.toMinutes());
            for (String mode : List.of("alo", "eos")) {
                if (!measure(simulator, mode, results)) {
                    failed.add(mode);
                }
            }
        }
        if (!failed.isEmpty()) {
            throw new IllegalStateException("no complete snapshot measured for " + failed + " (see above and "
                    + logDir.resolve("snapshot-*.log") + ")");
        }
    }

    /** One run in a child JVM; whether its snapshot completed. */
    private boolean measure(ComplianceApiSimulator simulator, String mode, BenchResults results) throws Exception {
        simulator.requestLog().clear();
        Path log = logDir.resolve("snapshot-" + mode + ".log");
        ChildJvm.Outcome outcome = ChildJvm.run(List.of("-Xmx1g"), SnapshotChild.class,
                List.of(simulator.baseUrl().toString(), mode, Long.toString(deadline.toSeconds())), log,
                deadline.plus(CHILD_OVERHEAD));
        String how = mode.equals("eos") ? "exactly-once (worker exactly.once.source.support=enabled, connector "
                + "exactly.once.support=required)" : "at-least-once";
        String ratioKey = "snapshot_seconds_vs_budget_minimum_" + mode;
        Map<String, Object> r = outcome.result();
        if (r == null) {
            Bench.log("  the %s snapshot run failed (%s); see %s", mode, outcome.timedOut() ? "timed out"
                    : "exit code " + outcome.exitCode(), log);
            results.put(ratioKey, -1, "ratio", how + ": the run failed, see " + log.getFileName(), GOAL, false);
            return false;
        }
        Bench.log("  %s: %s", mode, r);
        long from = ((Number) r.get("configured_at_epoch_ms")).longValue();
        long to = ((Number) r.get("ended_at_epoch_ms")).longValue();
        List<RequestLog.Entry> entries = simulator.requestLog().entries();
        long requests = requestsBetween(entries, from, to, null);
        long limited = requestsBetween(entries, from, to, 429);
        double seconds = (to - from) / 1000.0;
        String counts = "end offsets of the groups and members topics " + r.get("groups_end_offsets") + " and "
                + r.get("members_end_offsets") + ", " + requests + " requests (" + limited + " answered 429)";
        if (!Boolean.TRUE.equals(r.get("completed"))) {
            Bench.log("  the %s snapshot did not complete within %d min: %s", mode, deadline.toMinutes(), counts);
            results.put(ratioKey, -1, "ratio", how + ": no SWEEP_COMPLETED within " + deadline.toMinutes()
                    + " min; by then " + counts, GOAL, false);
            results.put("snapshot_seconds_" + mode, Stats.round(seconds, 1), "s", how + ": did not complete", null, null);
            results.put("snapshot_requests_" + mode, requests, "requests", how + ": did not complete", null, null);
            return false;
        }
        double ratio = budgetRatio(seconds, requests);
        results.put(ratioKey, Stats.round(ratio, 3), "ratio", how + ": snapshot wall time / (requests / "
                + REQUESTS_PER_MINUTE / 60 + " a second), one embedded worker, offsets flushed every 60 s; " + counts,
                GOAL, ratio <= 1.2);
        results.put("snapshot_seconds_" + mode, Stats.round(seconds, 1), "s", how + ": from configuring the connector "
                + "to its first SWEEP_COMPLETED record's timestamp", null, null);
        results.put("snapshot_requests_" + mode, requests, "requests", how + ": requests the simulator logged in that "
                + "time, whatever the answer (" + limited + " answered 429)", null, null);
        return true;
    }

    /**
     * The directory: {@code smallGroups} groups of 0 to 40 members (uniform, reproducible from the
     * seed), with the {@link #LARGE_GROUPS} spread evenly among them in the listing.
     */
    static int[] groupSizes(int smallGroups, long seed) {
        IntUnaryOperator small = MembersDistribution.parse("uniform:0-" + SMALL_GROUP_MAX_MEMBERS, seed);
        int total = smallGroups + LARGE_GROUPS.length;
        int[] sizes = new int[total];
        int large = 0;
        int smallIndex = 0;
        for (int i = 0; i < total; i++) {
            // Large group k sits at the middle of the k-th of LARGE_GROUPS.length equal stretches.
            boolean isLarge = large < LARGE_GROUPS.length
                    && i == (int) ((2L * large + 1) * total / (2L * LARGE_GROUPS.length));
            sizes[i] = isLarge ? LARGE_GROUPS[large++] : small.applyAsInt(smallIndex++);
        }
        return sizes;
    }

    /** Requests logged from {@code fromMs} to {@code toMs} inclusive, those answered {@code status} when not null. */
    static long requestsBetween(List<RequestLog.Entry> entries, long fromMs, long toMs, Integer status) {
        return entries.stream().filter(e -> e.at().toEpochMilli() >= fromMs && e.at().toEpochMilli() <= toMs)
                .filter(e -> status == null || e.status() == status).count();
    }

    /** Wall time / the least time the budget allows for that many requests. */
    static double budgetRatio(double seconds, long requests) {
        return seconds / (requests / (REQUESTS_PER_MINUTE / 60.0));
    }
}
