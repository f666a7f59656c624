package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.sweep.EngineDriver;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The activity feed's figures: how long a directory change takes to become a change record
 * ({@code change_latency_p95_seconds}, the simulator's feed delay set to 0), and what following the
 * feed costs when nothing changes ({@code steady_state_requests_per_minute}, with no full sweep due).
 * The engine runs as the task's poll loop; "on the topic" is when poll() returns the record.
 */
final class FeedBench {

    private final int groups;
    private final int changes;
    private final Duration pollInterval;
    private final Duration quietWindow;

    FeedBench(int groups, int changes, Duration pollInterval, Duration quietWindow) {
        this.groups = groups;
        this.changes = changes;
        this.pollInterval = pollInterval;
        this.quietWindow = quietWindow;
    }

    void run(BenchResults results) throws Exception {
        Map<String, Long> firstSeenNanos = new ConcurrentHashMap<>();
        AtomicBoolean snapshotDone = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        // The directory exists before the engine starts: its creation is not feed activity to follow.
        try (ComplianceApiSimulator simulator = populatedSimulator();
             EngineDriver driver = EngineDriver.builder(simulator.baseUrl(), Bench.API_KEY, new SweepSettings(
                             "bench-feed", Bench.GROUPS_TOPIC, Bench.MEMBERS_TOPIC, Bench.SWEEPS_TOPIC, "", 1000, true,
                             Duration.ofHours(6), Duration.ofSeconds(10), SweepSettings.FeedMode.ENABLED, pollInterval,
                             Duration.ofMinutes(2)))
                     .client(b -> b.requestsPerMinute(0))
                     .observer((engine, records) -> {
                         long now = System.nanoTime();
                         for (SourceRecord r : records) {
                             if (Bench.SWEEPS_TOPIC.equals(r.topic())) {
                                 if ("SWEEP_COMPLETED".equals(((Struct) r.value()).getString("event"))) {
                                     snapshotDone.set(true);
                                 }
                             } else if (r.value() != null) {
                                 firstSeenNanos.putIfAbsent(EngineDriver.keyText(r), now);
                             }
                         }
                     }).build()) {
            Directory directory = simulator.directory();
            Thread poller = new Thread(() -> {
                try {
                    driver.runUntil(stop::get);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "feed-bench-poll");
            poller.start();
            try {
                Bench.log("feed: snapshot of %,d groups", groups);
                while (!snapshotDone.get()) {
                    Thread.sleep(100);
                }
                Random random = new Random(5);
                List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
                List<Double> latencies = new ArrayList<>();
                for (int i = 0; i < changes; i++) {
                    // Changes arrive at random moments relative to the poll schedule.
                    Thread.sleep(random.nextInt((int) pollInterval.toMillis()));
                    String group = ids.get(random.nextInt(ids.size()));
                    String expectedKey;
                    long start = System.nanoTime();
                    switch (i % 3) {
                        case 0 -> expectedKey = group + "/" + directory.addMember(group, "bench" + i + "@example.com");
                        case 1 -> {
                            SimMember m = directory.members(group).get(0);
                            directory.updateMemberEmail(m.userId(), "changed" + i + "@example.com");
                            expectedKey = group + "/" + m.userId();
                            firstSeenNanos.remove(expectedKey);
                        }
                        default -> {
                            directory.renameGroup(group, "Renamed " + i);
                            firstSeenNanos.remove(group);
                            expectedKey = group;
                        }
                    }
                    long deadline = start + Duration.ofMinutes(2).toNanos();
                    while (!firstSeenNanos.containsKey(expectedKey) || firstSeenNanos.get(expectedKey) < start) {
                        if (System.nanoTime() > deadline) {
                            throw new IllegalStateException("change " + i + " did not arrive within 2 minutes");
                        }
                        Thread.sleep(5);
                    }
                    latencies.add((firstSeenNanos.get(expectedKey) - start) / 1e9);
                }
                double p95 = percentile95(latencies);
                double goal = 10 + pollInterval.toSeconds();
                results.put("change_latency_p95_seconds", Stats.round(p95, 2), "s",
                        "directory change → its change record returned by poll(), feed delay 0, " + groups
                                + " groups, " + changes + " changes, activity.poll.interval.ms="
                                + pollInterval.toMillis(), "<= " + goal, p95 <= goal);
                Bench.log("feed: change latency p95 %.2f s over %d changes", p95, changes);

                long before = simulator.requestLog().count();
                Thread.sleep(quietWindow.toMillis());
                long requests = simulator.requestLog().count() - before;
                double perMinute = requests * 60_000.0 / quietWindow.toMillis();
                results.put("steady_state_requests_per_minute", Stats.round(perMinute, 2), "requests/min",
                        "feed on, nothing changing, no full sweep due, measured over " + quietWindow.toSeconds()
                                + " s (" + simulator.requestLog().count(Endpoint.LIST_ACTIVITIES)
                                + " feed requests in the whole run)", "<= 6", perMinute <= 6);
                Bench.log("feed: %.2f requests a minute in steady state", perMinute);
            } finally {
                stop.set(true);
                poller.join(10_000);
            }
        }
    }

    private ComplianceApiSimulator populatedSimulator() {
        ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(17)
                .requestLogCapacity(1000).start();
        simulator.directory().populate(groups, 3);
        return simulator;
    }

    private static double percentile95(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(null);
        return sorted.get(Math.max(0, (int) Math.ceil(0.95 * sorted.size()) - 1));
    }
}
