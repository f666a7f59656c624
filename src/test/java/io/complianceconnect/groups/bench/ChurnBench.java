package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.sweep.EngineDriver;
import io.complianceconnect.groups.sweep.SweepEngine;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What a large group that changes all day costs with the feed on, at the connector's defaults (the
 * request ceiling, the coalescing window, the feed's share) and the API's 600 requests a minute: a
 * 20,000-member group (20 pages of 1,000) and 150 small groups, swept back to back so that a sweep
 * is always running; after the snapshot, 60 membership changes of the large group (joiners and
 * leavers in turn), one every two seconds, the feed showing each 10 s after it happened.
 *
 * <ul>
 *   <li>{@code refresh_requests_per_change_large_group}: member pages the feed's refreshes requested
 *       from the first change until every change is on the topics, divided by the changes (the
 *       sweeps' own listings of the group are not counted: they happen with or without churn);</li>
 *   <li>{@code sweep_budget_share_under_churn}: the sweeps' share of all requests in that time.</li>
 * </ul>
 * The simulator's clock is the real one: the client paces and the engine waits in real time, so the
 * two minutes are real minutes.
 */
final class ChurnBench {

    private static final int LARGE_GROUP = 20_000;
    private static final int SMALL_GROUPS = 150;
    private static final int CHANGES = 60;
    private static final Duration CHANGE_SPACING = Duration.ofSeconds(2);
    private static final Duration FEED_DELAY = Duration.ofSeconds(10);

    void run(BenchResults results) throws Exception {
        Set<String> emitted = ConcurrentHashMap.newKeySet();
        AtomicBoolean snapshotDone = new AtomicBoolean();
        AtomicBoolean stop = new AtomicBoolean();
        AtomicReference<SweepEngine> engine = new AtomicReference<>();
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(43)
                .rateLimitPerMinute(600).activityVisibilityDelay(FEED_DELAY).requestLogCapacity(1000).start();
             EngineDriver driver = EngineDriver.builder(simulator.baseUrl(), Bench.API_KEY, new SweepSettings(
                             "bench-churn", Bench.GROUPS_TOPIC, Bench.MEMBERS_TOPIC, Bench.SWEEPS_TOPIC, "", 1000,
                             true, Duration.ZERO, Duration.ofSeconds(10), SweepSettings.FeedMode.ENABLED,
                             Duration.ofSeconds(10), Duration.ofMinutes(2)))
                     .client(b -> b.requestsPerMinute(ClientSettings.DEFAULT_REQUESTS_PER_MINUTE))
                     .observer((e, records) -> {
                         engine.set(e);
                         for (SourceRecord r : records) {
                             if (Bench.SWEEPS_TOPIC.equals(r.topic())) {
                                 if ("SWEEP_COMPLETED".equals(((Struct) r.value()).getString("event"))) {
                                     snapshotDone.set(true);
                                 }
                             } else if (r.value() != null) {
                                 emitted.add(((Struct) r.value()).getString("change_type") + " "
                                         + EngineDriver.keyText(r));
                             }
                         }
                     }).build()) {
            Directory directory = simulator.directory();
            directory.populate(SMALL_GROUPS + 1, i -> i == 0 ? LARGE_GROUP : 3);
            String large = directory.groups().stream().filter(g -> directory.members(g.id()).size() == LARGE_GROUP)
                    .findFirst().orElseThrow().id();
            Thread poller = new Thread(() -> {
                try {
                    driver.runUntil(stop::get);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }, "churn-bench-poll");
            poller.start();
            try {
                Bench.log("churn: snapshot of a %,d-member group and %d small groups at %d requests/min", LARGE_GROUP,
                        SMALL_GROUPS, ClientSettings.DEFAULT_REQUESTS_PER_MINUTE);
                while (!snapshotDone.get()) {
                    Thread.sleep(100);
                }
                RequestLog log = simulator.requestLog();
                long feedBefore = engine.get().refreshRequests();
                long totalBefore = log.count();
                long readsBefore = log.count(Endpoint.LIST_ACTIVITIES);
                long getsBefore = log.count(Endpoint.GET_GROUP);
                long refreshesBefore = engine.get().refreshes();
                long started = System.nanoTime();
                Random random = new Random(7);
                List<String> expected = new ArrayList<>();
                for (int i = 0; i < CHANGES; i++) {
                    if (i % 2 == 0) {
                        expected.add("CREATED " + large + "/" + directory.addMember(large, "joiner" + i + "@example.com"));
                    } else {
                        var members = directory.members(large);
                        String leaver = members.get(random.nextInt(members.size())).userId();
                        directory.removeMember(large, leaver);
                        expected.add("DELETED " + large + "/" + leaver);
                    }
                    Thread.sleep(CHANGE_SPACING.toMillis());
                }
                long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
                while (!emitted.containsAll(expected)) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("not every change reached the topics within 3 minutes");
                    }
                    Thread.sleep(50);
                }
                double seconds = (System.nanoTime() - started) / 1e9;
                long feed = engine.get().refreshRequests() - feedBefore;
                long total = log.count() - totalBefore;
                long reads = log.count(Endpoint.LIST_ACTIVITIES) - readsBefore;
                long gets = log.count(Endpoint.GET_GROUP) - getsBefore;
                long refreshPages = feed - reads - gets;
                long refreshes = engine.get().refreshes() - refreshesBefore;
                double perChange = refreshPages / (double) CHANGES;
                double sweepShare = (total - feed) / (double) total;
                String context = CHANGES + " changes of a " + LARGE_GROUP + "-member group over "
                        + CHANGE_SPACING.multipliedBy(CHANGES).toSeconds() + " s, page size 1000, feed delay "
                        + FEED_DELAY.toSeconds() + " s, sweeps back to back, defaults ("
                        + SweepSettings.DEFAULT_REFRESH_COALESCE.toSeconds() + " s window, share "
                        + SweepSettings.DEFAULT_REFRESH_SHARE + ")";
                results.put("refresh_requests_per_change_large_group", Stats.round(perChange, 2), "requests/change",
                        "member pages the feed's refreshes requested until every change was on the topics ("
                                + refreshPages + " in " + refreshes + " refreshes, " + Math.round(seconds) + " s), / "
                                + context, "<= 2", perChange <= 2);
                results.put("sweep_budget_share_under_churn", Stats.round(sweepShare, 3), "fraction",
                        "the sweeps' requests / all requests in that time (" + (total - feed) + " of " + total
                                + "; the feed's reads " + reads + ", its GETs " + gets + ")", ">= 0.5",
                        sweepShare >= 0.5);
                Bench.log("churn: %d member pages in %d refreshes for %d changes (%.2f a change); the sweeps had %d "
                        + "of %d requests (%.3f)", refreshPages, refreshes, CHANGES, perChange, total - feed, total,
                        sweepShare);
            } finally {
                stop.set(true);
                poller.join(10_000);
            }
        }
    }
}
