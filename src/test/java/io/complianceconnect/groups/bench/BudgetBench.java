package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.RequestLog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Collectors;

/**
 * How well the connector spends a rate budget it learns only from the API's rate-limit headers
 * ({@code requests.per.minute=0}: no local ceiling). Two simulators, each advertising R requests a
 * minute (fixed one-minute windows), run side by side for W whole windows: one serves a single
 * connector, the other two connectors that share its budget (they replicate the same organisation
 * independently). Sweeps run back to back ({@code sweep.interval.ms=0}), so each connector always
 * has a request to send.
 *
 * <ul>
 *   <li>{@code budget_utilization}: requests answered 200 in the W windows / (R × W), single connector;</li>
 *   <li>{@code rate_limited_responses}: 429s the single connector got;</li>
 *   <li>{@code shared_budget_utilization}, {@code shared_budget_rate_limited_fraction}: the same for the
 *       pair, the latter as 429s / all requests;</li>
 *   <li>{@code sweep_seconds_vs_budget_minimum}: a sweep's wall time / (its requests / (R/60)), mean over
 *       the single connector's completed sweeps.</li>
 * </ul>
 */
final class BudgetBench {

    /** A rate-limit window: a minute of the clock that the simulators and the connectors share. */
    private static final Duration WINDOW = Duration.ofMinutes(1);

    private final int requestsPerMinute;
    private final int windows;
    private final int groups;
    private final int membersPerGroup;

    BudgetBench(int requestsPerMinute, int windows, int groups, int membersPerGroup) {
        this.requestsPerMinute = requestsPerMinute;
        this.windows = windows;
        this.groups = groups;
        this.membersPerGroup = membersPerGroup;
    }

    void run(BenchResults results) throws Exception {
        MutableClock clock = MutableClock.running();
        ExecutorService threads = Executors.newFixedThreadPool(3);
        try (ComplianceApiSimulator single = simulator(clock, 31);
             ComplianceApiSimulator shared = simulator(clock, 37);
             MeteredDriver alone = driver("bench-budget", single, clock);
             MeteredDriver first = driver("bench-shared-1", shared, clock);
             MeteredDriver second = driver("bench-shared-2", shared, clock)) {
            long requestsPerSweep = RequestEfficiencyBench.minimumRequests(single.directory());
            Bench.log("  R = %d requests/min advertised in the rate-limit headers; %d whole windows; directory %,d "
                            + "groups x %d members = %,d requests a sweep (%.1f s at R)", requestsPerMinute, windows,
                    groups, membersPerGroup, requestsPerSweep, requestsPerSweep * 60.0 / requestsPerMinute);
            Instant start = alignWindowStartToNow(clock);
            Instant end = start.plus(WINDOW.multipliedBy(windows));
            List<Future<?>> running = new ArrayList<>();
            for (MeteredDriver driver : List.of(alone, first, second)) {
                running.add(threads.submit(() -> {
                    driver.runUntil(() -> clock.instant().isAfter(end.plusMillis(500)));
                    return null;
                }));
            }
            for (Future<?> f : running) {
                f.get();
            }

            WindowCounts singleCounts = count(single.requestLog(), start);
            WindowCounts sharedCounts = count(shared.requestLog(), start);
            Bench.log("  single connector, 200s per window: %s; 429s: %d (the connector saw %d)",
                    singleCounts.allowedPerWindow(), singleCounts.limited(), alone.rateLimitedResponses());
            Bench.log("  two connectors sharing one budget, 200s per window: %s; 429s: %d of %d requests",
                    sharedCounts.allowedPerWindow(), sharedCounts.limited(), sharedCounts.total());

            double utilization = singleCounts.allowed() / (double) (requestsPerMinute * windows);
            results.put("budget_utilization", Stats.round(utilization, 3), "fraction",
                    "single connector: requests answered in " + windows + " whole windows / (R x windows), R = "
                            + requestsPerMinute + "/min from the rate-limit headers", ">= 0.90", utilization >= 0.90);
            results.put("rate_limited_responses", singleCounts.limited(), "responses",
                    "429s the single connector received in that run", "0", singleCounts.limited() == 0);
            double sharedUtilization = sharedCounts.allowed() / (double) (requestsPerMinute * windows);
            results.put("shared_budget_utilization", Stats.round(sharedUtilization, 3), "fraction",
                    "two connectors sharing one budget of R = " + requestsPerMinute + "/min: their requests answered "
                            + "/ (R x windows)", null, null);
            double limitedFraction = sharedCounts.total() == 0 ? 0
                    : sharedCounts.limited() / (double) sharedCounts.total();
            results.put("shared_budget_rate_limited_fraction", Stats.round(limitedFraction, 4), "fraction",
                    "two connectors sharing one budget: 429s / all requests (" + sharedCounts.limited() + " / "
                            + sharedCounts.total() + ")", "< 0.01", limitedFraction < 0.01);

            List<MeteredDriver.SweepRun> sweeps = alone.completedSweeps();
            double[] ratios = sweeps.stream()
                    .mapToDouble(s -> s.seconds() / (s.requests() / (requestsPerMinute / 60.0))).toArray();
            String each = sweeps.stream().map(s -> String.format(Locale.ROOT, "%d requests in %.1f s", s.requests(),
                    s.seconds())).collect(Collectors.joining(", "));
            Bench.log("  single connector's sweeps: %s", each);
            double meanRatio = Stats.mean(ratios);
            results.put("sweep_seconds_vs_budget_minimum", Stats.round(meanRatio, 3), "ratio",
                    "sweep wall time / (requests / (R/60)), mean of the single connector's " + ratios.length
                            + " complete sweeps (" + each + ")", "<= 1.10", ratios.length > 0 && meanRatio <= 1.10);
        } finally {
            threads.shutdownNow();
        }
    }

    private ComplianceApiSimulator simulator(MutableClock clock, long seed) {
        ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY)
                .rateLimitPerMinute(requestsPerMinute).clock(clock).seed(seed).start();
        simulator.directory().populate(groups, membersPerGroup);
        return simulator;
    }

    private static MeteredDriver driver(String name, ComplianceApiSimulator simulator, MutableClock clock) {
        return new MeteredDriver(name, simulator.baseUrl(), Bench.API_KEY, 0, Duration.ZERO, clock);
    }

    /**
     * Moves the shared clock so that a window starts now, and returns that start: the simulators and the
     * connectors then agree on when windows reset, and a run measures whole windows, not a partial first one.
     */
    private static Instant alignWindowStartToNow(MutableClock clock) {
        Instant now = clock.instant();
        Instant start = now.minusMillis(Math.floorMod(now.toEpochMilli(), WINDOW.toMillis()));
        clock.set(start);
        return start;
    }

    /** Requests per whole window from {@code start}, by outcome (as logged, by arrival). */
    private record WindowCounts(List<Long> allowedPerWindow, long allowed, long limited, long total) {
    }

    private WindowCounts count(RequestLog log, Instant start) {
        long[] allowed = new long[windows];
        long limited = 0;
        long total = 0;
        long windowMillis = WINDOW.toMillis();
        for (RequestLog.Entry entry : log.entries()) {
            long sinceStart = Duration.between(start, entry.at()).toMillis();
            int window = (int) Math.floorDiv(sinceStart, windowMillis);
            if (window < 0 || window >= windows) {
                continue;
            }
            total++;
            if (entry.status() == 200) {
                allowed[window]++;
            } else if (entry.status() == 429) {
                limited++;
            }
        }
        List<Long> perWindow = new ArrayList<>();
        long sum = 0;
        for (long a : allowed) {
            perWindow.add(a);
            // The log stamps a request when it arrives, the limiter a moment later: one that arrives just
            // before a reset is logged in the old window but spends the new one's budget. No window can
            // really have more than R, so the excess is such a request and is not counted twice.
            sum += Math.min(a, requestsPerMinute);
        }
        return new WindowCounts(perWindow, sum, limited, total);
    }
}
