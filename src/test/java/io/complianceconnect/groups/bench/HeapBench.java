package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code heap_max_mb_for_1m_memberships} (and {@code _5m_}): the smallest -Xmx, of those tried in
 * increasing order, at which one task's sweep engine completes a snapshot sweep of the simulator's
 * directory (1,000,000 memberships in 10,000 groups of 100, or 5,000,000 in 50,000), and
 * {@code state_bytes_per_membership}: the heap in use after a full GC at the end of that sweep, divided by
 * the memberships. Each try is a fresh JVM ({@link HeapSweepChild}) against the simulator in this process, so
 * the simulator's own memory is not counted. An OutOfMemoryError ends the child at once
 * ({@code -XX:+ExitOnOutOfMemoryError}); a child that does not finish in time counts as failed.
 */
final class HeapBench {

    /**
     * The names and goals of one size's figures.
     *
     * @param scale          how the figures' names say the size: {@code 1m} or {@code 5m}
     * @param heapGoalMb     the largest -Xmx that meets the goal
     * @param stateBytesKey  the name of the bytes-per-membership figure
     */
    record Figures(String scale, int heapGoalMb, String stateBytesKey) {
    }

    /** Issue 15: today's ~147 bytes a membership at 1 M, less at least a third. */
    static final double STATE_BYTES_GOAL = 98;

    private final ComplianceApiSimulator simulator;
    private final Figures figures;
    private final List<Integer> heapSizesMb;
    private final Duration timeout;
    private final Path logDir;

    HeapBench(ComplianceApiSimulator simulator, Figures figures, List<Integer> heapSizesMb, Duration timeout,
              Path logDir) {
        this.simulator = simulator;
        this.figures = figures;
        this.heapSizesMb = heapSizesMb;
        this.timeout = timeout;
        this.logDir = logDir;
    }

    void run(BenchResults results) throws Exception {
        long groups = simulator.directory().groupCount();
        long members = simulator.directory().membershipCount();
        Integer smallest = null;
        Map<String, Object> passed = null;
        StringBuilder tried = new StringBuilder();
        for (int mb : heapSizesMb) {
            ChildJvm.Outcome outcome = ChildJvm.run(
                    List.of("-Xmx" + mb + "m", "-Xms" + Math.min(mb, 64) + "m", "-XX:+ExitOnOutOfMemoryError"),
                    HeapSweepChild.class,
                    List.of(simulator.baseUrl().toString(), Long.toString(groups), Long.toString(members)),
                    logDir.resolve("heap-" + figures.scale() + "-" + mb + "m.log"), timeout);
            String verdict = outcome.succeeded() ? "completed"
                    : outcome.timedOut() ? "did not finish within " + timeout.toSeconds() + " s"
                    : "failed (exit code " + outcome.exitCode()
                    + (outcome.exitCode() == 3 ? ", out of memory" : "") + ")";
            Bench.log("  -Xmx%dm: %s in %.1f s%s", mb, verdict, outcome.elapsed().toMillis() / 1000.0,
                    outcome.result() == null ? "" : " " + outcome.result());
            tried.append(tried.length() == 0 ? "" : ", ").append(mb).append(" MB ")
                    .append(outcome.succeeded() ? "ok" : "failed");
            if (outcome.succeeded()) {
                smallest = mb;
                passed = outcome.result();
                break;
            }
        }
        String scale = figures.scale();
        int goal = figures.heapGoalMb();
        results.put("heap_max_mb_for_" + scale + "_memberships", smallest == null ? -1 : smallest, "MB",
                "smallest -Xmx tried (" + tried + ") at which the sweep engine completed a snapshot sweep of "
                        + members + " memberships in " + groups + " groups (engine only, records acknowledged and "
                        + "dropped: no producer buffer)", "<= " + goal, smallest != null && smallest <= goal);
        if (passed != null) {
            double retained = ((Number) passed.get("heap_retained_mb")).doubleValue();
            double baseline = ((Number) passed.get("heap_baseline_mb")).doubleValue();
            results.put("heap_retained_mb_after_" + scale + "_sweep", round(retained), "MB",
                    "heap in use after a full GC at the end of that sweep: the state of every membership plus the "
                            + "JVM's baseline (" + round(baseline) + " MB before the sweep)", null, null);
            double bytes = stateBytesPerMembership(retained, members);
            results.put(figures.stateBytesKey(), Stats.round(bytes, 1), "bytes",
                    "that heap / " + members + " memberships (" + Stats.round(stateBytesPerMembership(
                            retained - baseline, members), 1) + " without the baseline)",
                    "<= " + (int) STATE_BYTES_GOAL, bytes <= STATE_BYTES_GOAL);
            results.put("heap_" + scale + "_sweep_seconds", round(passed.get("seconds")), "s",
                    "wall time of that sweep (" + passed.get("requests") + " requests, no rate limit)", null, null);
        }
    }

    /** Bytes a membership from a heap size in MB (MiB, as the JVM counts). */
    static double stateBytesPerMembership(double heapMb, long memberships) {
        return heapMb * 1024 * 1024 / memberships;
    }

    private static double round(Object value) {
        return Stats.round(((Number) value).doubleValue(), 1);
    }
}
