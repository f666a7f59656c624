package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code task_records_per_second}: member records a second that one task's poll loop emits during a
 * snapshot sweep (every record is new, so every record is parsed, fingerprinted and built), 1,000
 * records a page, no rate limit. Each iteration starts from empty state so that each does the same
 * work; the first iterations warm the JIT up and are not counted.
 *
 * <p>Measured twice: with the simulator's answers replayed from memory ({@link MemoizingProxy}), which
 * leaves the connector's own work, and against the live simulator, which adds the simulator's
 * rendering of every page on the same two cores.
 */
final class TaskThroughputBench {

    static final double GOAL = 200_000;

    /** One measured sweep. */
    record Iteration(long memberRecords, double seconds, double apiWaitSeconds, double pollThreadCpuSeconds) {

        double recordsPerSecond() {
            return memberRecords / seconds;
        }

        /** Records per second of CPU on the polling thread: the connector's own work, whatever else runs. */
        double recordsPerCpuSecond() {
            return memberRecords / pollThreadCpuSeconds;
        }
    }

    private final int groups;
    private final int membersPerGroup;
    private final int warmups;
    private final int iterations;

    TaskThroughputBench(int groups, int membersPerGroup, int warmups, int iterations) {
        this.groups = groups;
        this.membersPerGroup = membersPerGroup;
        this.warmups = warmups;
        this.iterations = iterations;
    }

    void run(BenchResults results) throws InterruptedException {
        List<Iteration> replayed;
        List<Iteration> live;
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(11).start();
             MemoizingProxy proxy = new MemoizingProxy(simulator.baseUrl())) {
            simulator.directory().populate(groups, membersPerGroup);
            Bench.log("  directory: %,d groups x %,d members; answers replayed from memory after the first sweep",
                    groups, membersPerGroup);
            replayed = measure(proxy.baseUrl(), warmups, iterations);
            Bench.log("  the same against the live simulator (it renders every page)");
            live = measure(simulator.baseUrl(), 1, iterations);
        }
        double[] rates = rates(replayed);
        double[] liveRates = rates(live);
        double median = Stats.median(rates);
        String sweep = "snapshot sweep of " + groups + " groups x " + membersPerGroup + " members, page size 1000";
        results.put("task_records_per_second", Math.round(median), "records/s",
                "member records/s of one task's poll loop (parse, change detection, record building, loopback HTTP "
                        + "with the simulator's answers replayed from memory); median of " + iterations + " "
                        + sweep, ">= 200000", median >= GOAL);
        results.put("task_records_per_second_range", Math.round(Stats.min(rates)) + ".." + Math.round(Stats.max(rates)),
                "records/s", "slowest and fastest of those sweeps: the spread is other load on the machine", null,
                null);
        double perCpuSecond = Stats.median(replayed.stream().mapToDouble(Iteration::recordsPerCpuSecond).toArray());
        results.put("task_records_per_cpu_second", Math.round(perCpuSecond), "records/s",
                "the same sweeps per second of CPU used by the polling thread (parsing, change detection, record "
                        + "building; the HTTP client's own threads not counted): independent of other load", null,
                null);
        results.put("task_records_per_second_live_simulator", Math.round(Stats.median(liveRates)), "records/s",
                "the same against the live simulator rendering every page on the same 2 cores; median of "
                        + iterations, null, null);
    }

    private List<Iteration> measure(URI baseUrl, int warmups, int iterations) throws InterruptedException {
        List<Iteration> measured = new ArrayList<>();
        try (MeteredDriver driver = new MeteredDriver("bench-throughput", baseUrl, Bench.API_KEY, 0, Duration.ofHours(1),
                Clock.systemUTC())) {
            for (int i = 0; i < warmups + iterations; i++) {
                driver.resetState();
                MeteredDriver.SweepRun run = driver.runOneSweep(Duration.ofMinutes(10));
                Iteration it = new Iteration(run.memberRecords(), run.seconds(), run.apiWaitNanos() / 1e9,
                        run.pollThreadCpuNanos() / 1e9);
                boolean warmup = i < warmups;
                Bench.log("  %-11s %,d member records in %.3f s = %,.0f records/s (%.0f%% of it waiting for HTTP; "
                                + "%,.0f records per CPU second of the polling thread)",
                        (warmup ? "warm-up " + (i + 1) : "sweep " + (i - warmups + 1)) + ":", it.memberRecords(),
                        it.seconds(), it.recordsPerSecond(), 100 * it.apiWaitSeconds() / it.seconds(),
                        it.recordsPerCpuSecond());
                if (!warmup) {
                    measured.add(it);
                }
            }
        }
        return measured;
    }

    private static double[] rates(List<Iteration> iterations) {
        return iterations.stream().mapToDouble(Iteration::recordsPerSecond).toArray();
    }
}
