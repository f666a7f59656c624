package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.sweep.EngineDriver;
import io.complianceconnect.groups.sweep.SweepSettings;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * {@code steady_state_requests_per_day}: every request the connector sends is recorded as a
 * {@code compliance_api_accessed} activity in the customer's audit trail (kept six years), so this is
 * the audit volume it adds. In steady state (the directory unchanged) it is the feed's polls plus the
 * full sweeps, both at the defaults: {@code 86,400 / poll_s x requests_per_poll + 86,400 / sweep_s x
 * requests_per_sweep}.
 *
 * <p>Both counts are measured against the simulator: a sweep of an unchanged directory of
 * {@code measuredGroups} groups of {@link #MEMBERS_PER_GROUP} members, and the feed's polls of a quiet
 * directory. The sweep's count is scaled linearly to {@link #TARGET_GROUPS} groups of the same size
 * (1 M memberships): its requests are the groups pages, {@code ceil(G/1000)}, plus one members page
 * per group of at most 1,000 members, both proportional to {@code G} at a fixed group size (the
 * rounding of the last groups page is the only error, under one request per 1,000 groups).
 */
final class AuditVolumeBench {

    static final int TARGET_GROUPS = 10_000;
    static final int MEMBERS_PER_GROUP = 100;
    private static final Duration POLL_INTERVAL = Duration.ofSeconds(10);   // activity.poll.interval.ms's default
    private static final Duration SWEEP_INTERVAL = Duration.ofHours(24);    // sweep.interval.ms unset, feed followed

    private final int measuredGroups;
    private final int measuredPolls;

    AuditVolumeBench(int measuredGroups, int measuredPolls) {
        this.measuredGroups = measuredGroups;
        this.measuredPolls = measuredPolls;
    }

    void run(BenchResults results) throws InterruptedException {
        double sweepRequests;
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(29).start();
             MeteredDriver driver = new MeteredDriver("bench-audit", simulator.baseUrl(), Bench.API_KEY, 0,
                     Duration.ZERO, Clock.systemUTC())) {
            simulator.directory().populate(measuredGroups, MEMBERS_PER_GROUP);
            driver.runOneSweep(Duration.ofMinutes(10));   // the snapshot
            long before = simulator.requestLog().count();
            driver.runOneSweep(Duration.ofMinutes(10));
            sweepRequests = simulator.requestLog().count() - before;
            Bench.log("  audit: a sweep of the unchanged %,d groups x %d members: %,.0f requests", measuredGroups,
                    MEMBERS_PER_GROUP, sweepRequests);
        }
        double requestsPerPoll = requestsPerQuietPoll();
        double scaledSweep = sweepRequests * TARGET_GROUPS / measuredGroups;
        double pollsPerDay = (double) Duration.ofDays(1).toMillis() / POLL_INTERVAL.toMillis();
        double sweepsPerDay = (double) Duration.ofDays(1).toMillis() / SWEEP_INTERVAL.toMillis();
        long perDay = Math.round(pollsPerDay * requestsPerPoll + sweepsPerDay * scaledSweep);
        long withoutFeed = Math.round(Duration.ofDays(1).toMinutes() / 15.0 * scaledSweep);

        results.put("requests_per_sweep_10k_groups", Math.round(scaledSweep), "requests",
                "a sweep of an unchanged 10,000-group / 1 M-membership directory (100 a group): " + (long) sweepRequests
                        + " requests measured for " + measuredGroups + " groups, scaled linearly", null, null);
        results.put("requests_per_quiet_feed_poll", Stats.round(requestsPerPoll, 3), "requests",
                "requests of one poll of the activity feed with nothing new (" + measuredPolls + " polls measured)",
                null, null);
        results.put("steady_state_requests_per_day", perDay, "requests/day",
                "10,000 groups / 1 M memberships, defaults (feed every 10 s, a full sweep every 24 h): "
                        + Math.round(pollsPerDay) + " polls x " + Stats.round(requestsPerPoll, 3) + " + "
                        + Stats.round(sweepsPerDay, 2) + " sweep x " + Math.round(scaledSweep)
                        + "; each is an audited compliance_api_accessed activity", null, null);
        results.put("steady_state_requests_per_day_sweeps_every_15_min", withoutFeed, "requests/day",
                "the same directory swept every 15 minutes (the default without the feed): 96 x "
                        + Math.round(scaledSweep) + ", more than the 432,000 a day requests.per.minute=300 allows, "
                        + "so sweeps run back to back at that ceiling", null, null);
    }

    /** Requests per poll of a quiet feed: every activities request over the polls (those without after_id). */
    private double requestsPerQuietPoll() throws InterruptedException {
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(31).start()) {
            simulator.directory().populate(20, 5);
            Duration interval = Duration.ofMillis(100);
            try (EngineDriver driver = EngineDriver.builder(simulator.baseUrl(), Bench.API_KEY, new SweepSettings(
                            "bench-audit-feed", Bench.GROUPS_TOPIC, Bench.MEMBERS_TOPIC, Bench.SWEEPS_TOPIC, "", 1000,
                            true, SWEEP_INTERVAL, Duration.ofSeconds(10), SweepSettings.FeedMode.ENABLED, interval,
                            Duration.ofMinutes(2)))
                    .client(b -> b.requestsPerMinute(0)).build()) {
                Instant deadline = Instant.now().plusSeconds(60);
                driver.runUntil(() -> activityRequests(simulator, true) >= measuredPolls + 5
                        || Instant.now().isAfter(deadline));
            }
            // The first polls overlap the snapshot; the rest are quiet. All count: nothing changes meanwhile.
            long polls = activityRequests(simulator, true);
            long requests = activityRequests(simulator, false);
            return polls == 0 ? Double.NaN : (double) requests / polls;
        }
    }

    private static long activityRequests(ComplianceApiSimulator simulator, boolean firstPagesOnly) {
        List<RequestLog.Entry> entries = simulator.requestLog().entries();
        return entries.stream().filter(e -> e.endpoint() == Endpoint.LIST_ACTIVITIES)
                .filter(e -> !firstPagesOnly || !e.query().containsKey("after_id")).count();
    }
}
