package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code heap_max_mb_for_1m_memberships}: the smallest -Xmx, of those tried in increasing order, at
 * which one task's sweep engine completes a snapshot sweep of 1,000,000 memberships (10,000 groups of
 * 100). Each try is a fresh JVM ({@link HeapSweepChild}) against the simulator in this process, so
 * the simulator's own memory is not counted. An OutOfMemoryError ends the child at once
 * ({@code -XX:+ExitOnOutOfMemoryError}); a child that does not finish in time counts as failed.
 */
final class HeapBench {

    private final ComplianceApiSimulator simulator;
    private final List<Integer> heapSizesMb;
    private final Duration timeout;
    private final Path logDir;

    HeapBench(ComplianceApiSimulator simulator, List<Integer> heapSizesMb, Duration timeout, Path logDir) {
        this.simulator = simulator;
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
                    logDir.resolve("heap-" + mb + "m.log"), timeout);
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
        results.put("heap_max_mb_for_1m_memberships", smallest == null ? -1 : smallest, "MB",
                "smallest -Xmx tried (" + tried + ") at which the sweep engine completed a snapshot sweep of "
                        + members + " memberships in " + groups + " groups (engine only, records acknowledged and "
                        + "dropped: no producer buffer)", "<= 512", smallest != null && smallest <= 512);
        if (passed != null) {
            results.put("heap_retained_mb_after_1m_sweep", round(passed.get("heap_retained_mb")), "MB",
                    "heap in use after a full GC at the end of that sweep: the state of every membership plus the "
                            + "JVM's baseline", null, null);
            results.put("heap_1m_sweep_seconds", round(passed.get("seconds")), "s",
                    "wall time of that sweep (" + passed.get("requests") + " requests, no rate limit)", null, null);
        }
    }

    private static double round(Object value) {
        return Stats.round(((Number) value).doubleValue(), 1);
    }
}
