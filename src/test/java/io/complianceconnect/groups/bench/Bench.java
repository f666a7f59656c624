package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code bin/bench}: the performance figures of the connector against the simulator on loopback,
 * printed as a table (stdout) and written to {@code target/bench/results.json}. Progress goes to
 * stderr, logs to {@code target/bench/*.log}. Benchmarks, not tests: nothing here runs in
 * {@code mvn verify} (no class name ends in Test or IT).
 */
public final class Bench {

    static final String API_KEY = "bench-key";
    static final String GROUPS_TOPIC = "compliance.groups";
    static final String MEMBERS_TOPIC = "compliance.group-members";
    static final String SWEEPS_TOPIC = "compliance.sweeps";

    static final String USAGE = """
            Usage: bin/bench [--quick] [--only PHASE[,PHASE...]] [--with PHASE[,PHASE...]] [--out FILE] [--help]
              Runs the performance suite against the Compliance API simulator on 127.0.0.1 and prints a
              table; writes the figures as JSON (default target/bench/results.json).

              --quick          smaller and shorter runs: about 4 minutes on 2 cores instead of about 6
                               (the budget phase runs 2 whole rate-limit minutes instead of 4)
              --only PHASES    run only these phases, comma-separated (opt-in ones included):
                                 throughput  task_records_per_second (one task's poll loop, no rate limit)
                                 requests    requests_per_sweep_vs_minimum, unchanged sweep emits nothing
                                 audit       steady_state_requests_per_day (10,000 groups / 1 M
                                             memberships, defaults; a sweep measured at 1,000 to 2,000
                                             groups and scaled linearly, plus quiet feed polls)
                                 budget      budget_utilization, rate_limited_responses (one and two
                                             connectors), sweep_seconds_vs_budget_minimum; R = 600/min
                                 heap        heap_max_mb_for_1m_memberships, state_bytes_per_membership
                                             (child JVMs with -Xmx)
                                 e2e         end_to_end_records_per_second (embedded Connect worker + broker)
                                 feed        change_latency_p95_seconds, steady_state_requests_per_minute
                                             (activity feed, 10,000 groups, feed delay 0)
                                 churn       refresh_requests_per_change_large_group,
                                             sweep_budget_share_under_churn (a 20,000-member group
                                             changing every 2 s for 2 minutes; about 3 minutes)
                               opt-in, not run unless named in --only or --with (several minutes each):
                                 heap5m      heap_max_mb_for_5m_memberships, state_bytes_per_membership_5m
                                             (5,000,000 memberships in 50,000 groups; -Xmx 512/768/1024/1536;
                                             3 to 15 minutes, the simulator needs about 2 GB)
                                 offsets     offsets_bytes_per_membership, offsets_bytes_per_group,
                                             worker_heap_mb_offsets_1m, task_restore_seconds_1m (a
                                             1,000,000-membership snapshot through an embedded worker;
                                             3 to 6 minutes)
                                 snapshot    snapshot_seconds_vs_budget_minimum_alo and _eos (a new
                                             connector's snapshot of 3,000 small and 4 large groups at
                                             600 requests/min from the rate-limit headers, one embedded
                                             worker at the 60 s default flush; about 13 minutes; smaller:
                                             BENCH_JAVA_OPTS=-Dbench.snapshot.groups=300, a run's deadline:
                                             -Dbench.snapshot.deadline.minutes=20)
              --with PHASES    run the default phases and these opt-in ones
              --out FILE       where to write the JSON
              --help           this text
            """;

    enum Phase {
        THROUGHPUT, REQUESTS, AUDIT, BUDGET, HEAP, E2E, FEED, CHURN, HEAP5M(true), OFFSETS(true), SNAPSHOT(true);

        /** Run only when asked for: the phase takes many minutes. */
        final boolean optIn;

        Phase() {
            this(false);
        }

        Phase(boolean optIn) {
            this.optIn = optIn;
        }

        static Set<Phase> defaults() {
            Set<Phase> phases = EnumSet.noneOf(Phase.class);
            for (Phase p : values()) {
                if (!p.optIn) {
                    phases.add(p);
                }
            }
            return phases;
        }
    }

    /** The parsed command line. */
    record Options(boolean quick, Set<Phase> phases, Path out, boolean help) {
    }

    /** A command line that cannot be run. */
    static final class UsageException extends Exception {
        UsageException(String message) {
            super(message);
        }
    }

    private Bench() {
    }

    static void log(String format, Object... args) {
        System.err.println(String.format(Locale.ROOT, format, args));
        System.err.flush();
    }

    public static void main(String[] args) throws Exception {
        Options options;
        try {
            options = parse(args);
        } catch (UsageException e) {
            System.err.println("bin/bench: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
            return;
        }
        if (options.help()) {
            System.out.print(USAGE);
            return;
        }
        System.exit(run(options));
    }

    static Options parse(String... args) throws UsageException {
        boolean quick = false;
        Set<Phase> phases = Phase.defaults();
        Set<Phase> with = EnumSet.noneOf(Phase.class);
        Path out = Path.of("target", "bench", "results.json");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--help", "-h" -> {
                    return new Options(quick, phases, out, true);
                }
                case "--quick" -> quick = true;
                case "--only", "--with" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException(args[i] + " needs a list of phases");
                    }
                    Set<Phase> named = phases(args[i + 1]);
                    if (args[i].equals("--only")) {
                        phases = named;
                    } else {
                        with.addAll(named);
                    }
                    i++;
                }
                case "--out" -> {
                    if (i + 1 >= args.length) {
                        throw new UsageException("--out needs a file");
                    }
                    out = Path.of(args[++i]);
                }
                default -> throw new UsageException("unknown argument " + args[i]);
            }
        }
        phases.addAll(with);
        return new Options(quick, phases, out, false);
    }

    private static Set<Phase> phases(String list) throws UsageException {
        Set<Phase> phases = EnumSet.noneOf(Phase.class);
        for (String name : list.split(",")) {
            try {
                phases.add(Phase.valueOf(name.trim().toUpperCase(Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new UsageException("unknown phase " + name);
            }
        }
        return phases;
    }

    /** Runs the phases; 0 when every phase ran (whether or not its goals were met), 1 otherwise. */
    static int run(Options options) throws IOException {
        boolean quick = options.quick();
        Path logDir = options.out().toAbsolutePath().getParent();
        Files.createDirectories(logDir);
        BenchResults results = new BenchResults();
        Instant started = Instant.now();
        RunFacts.describe(results, quick);
        log("bin/bench%s: phases %s", quick ? " --quick" : "", options.phases());
        Map<String, Object> phaseSeconds = new LinkedHashMap<>();
        List<String> failed = new ArrayList<>();

        phase(Phase.THROUGHPUT, options, phaseSeconds, failed, () ->
                new TaskThroughputBench(quick ? 100 : 200, 1000, quick ? 5 : 8, quick ? 7 : 15).run(results));
        phase(Phase.REQUESTS, options, phaseSeconds, failed, () ->
                new RequestEfficiencyBench(quick ? 1_200 : 2_500, quick ? 2_500 : 4_000).run(results));
        phase(Phase.AUDIT, options, phaseSeconds, failed, () ->
                new AuditVolumeBench(quick ? 1_000 : 2_000, quick ? 20 : 50).run(results));
        phase(Phase.BUDGET, options, phaseSeconds, failed, () ->
                new BudgetBench(600, quick ? 2 : 4, 499, 20).run(results));
        if (options.phases().contains(Phase.HEAP) || options.phases().contains(Phase.E2E)
                || options.phases().contains(Phase.OFFSETS)) {
            try (ComplianceApiSimulator million = populated(10_000)) {
                phase(Phase.HEAP, options, phaseSeconds, failed, () -> new HeapBench(million,
                        new HeapBench.Figures("1m", 512, "state_bytes_per_membership"), List.of(256, 512, 1024),
                        Duration.ofMinutes(quick ? 5 : 10), logDir).run(results));
                phase(Phase.E2E, options, phaseSeconds, failed, () ->
                        new EndToEndBench(million, Duration.ofMinutes(10), logDir).run(results));
                phase(Phase.OFFSETS, options, phaseSeconds, failed, () ->
                        new OffsetsBench(million, Duration.ofMinutes(15), logDir).run(results));
            }
        }
        if (options.phases().contains(Phase.HEAP5M)) {
            try (ComplianceApiSimulator fiveMillion = populated(50_000)) {
                phase(Phase.HEAP5M, options, phaseSeconds, failed, () -> new HeapBench(fiveMillion,
                        new HeapBench.Figures("5m", 1024, "state_bytes_per_membership_5m"),
                        List.of(512, 768, 1024, 1536), Duration.ofMinutes(15), logDir).run(results));
            }
        }

        phase(Phase.FEED, options, phaseSeconds, failed, () -> new FeedBench(10_000, quick ? 12 : 30,
                Duration.ofSeconds(10), Duration.ofSeconds(quick ? 60 : 120)).run(results));

        phase(Phase.CHURN, options, phaseSeconds, failed, () -> new ChurnBench().run(results));

        phase(Phase.SNAPSHOT, options, phaseSeconds, failed, () -> SnapshotBench.fromSystemProperties(logDir).run(results));

        results.run("seconds_per_phase", phaseSeconds);
        results.run("failed_phases", failed);
        results.run("load_average_at_end", RunFacts.loadAverage());
        results.run("total_seconds", Duration.between(started, Instant.now()).toSeconds());
        System.out.println();
        results.printTable(System.out);
        results.writeJson(options.out());
        log("wrote %s%s", options.out(), failed.isEmpty() ? "" : "; phases that failed: " + failed);
        return failed.isEmpty() ? 0 : 1;
    }

    /** A simulator serving {@code groups} groups of 100 members. */
    private static ComplianceApiSimulator populated(int groups) {
        ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(API_KEY).seed(41).start();
        long t = System.nanoTime();
        simulator.directory().populate(groups, 100);
        log("%,d memberships (%,d groups x 100) populated in the simulator in %.1f s", groups * 100L, groups,
                (System.nanoTime() - t) / 1e9);
        return simulator;
    }

    /** One part of the suite. */
    @FunctionalInterface
    private interface Part {
        void run() throws Exception;
    }

    private static void phase(Phase phase, Options options, Map<String, Object> seconds, List<String> failed,
                              Part part) {
        if (!options.phases().contains(phase)) {
            return;
        }
        String name = phase.name().toLowerCase(Locale.ROOT);
        log("== %s (load average %s)", name, RunFacts.loadAverage());
        long t = System.nanoTime();
        try {
            part.run();
        } catch (Exception | Error e) {
            failed.add(name);
            log("  phase %s failed: %s", name, e);
            e.printStackTrace();
        }
        seconds.put(name, Math.round((System.nanoTime() - t) / 1e9));
    }
}
