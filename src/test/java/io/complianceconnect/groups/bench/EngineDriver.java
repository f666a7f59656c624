package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.client.ClientListener;
import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.SweepCursor;
import io.complianceconnect.groups.sweep.SweepEngine;
import io.complianceconnect.groups.sweep.SweepSettings;
import io.complianceconnect.groups.sweep.SweepStats;
import org.apache.kafka.connect.source.SourceRecord;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * One connector task's {@link SweepEngine}, driven the way a Connect worker drives the task: call
 * {@code next()} (what {@code poll()} does) in a loop and acknowledge every returned record, as the
 * producer callback would once Kafka has it. Records are counted and then dropped, so what is
 * measured is the connector's own work: requests, JSON parsing, change detection and record building.
 *
 * <p>Not thread-safe: one driver per thread.
 */
final class EngineDriver implements AutoCloseable {

    static final String GROUPS_TOPIC = "compliance.groups";
    static final String MEMBERS_TOPIC = "compliance.group-members";
    static final String SWEEPS_TOPIC = "compliance.sweeps";
    /** What the task's poll() passes: the longest one step may block. */
    static final Duration POLL_MAX_BLOCK = Duration.ofSeconds(1);
    static final int PAGE_SIZE = 1000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one completed sweep cost and produced. */
    record SweepRun(long sweep, long wallNanos, long apiWaitNanos, long pollThreadCpuNanos, long requests,
                    long groupRecords, long memberRecords, long changes) {

        double seconds() {
            return wallNanos / 1e9;
        }
    }

    private final ComplianceApiClient client;
    private final SweepSettings settings;
    private final Clock clock;
    private final AtomicLong apiWaitNanos = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final List<SweepRun> completed = new ArrayList<>();
    private SweepEngine engine;

    private long sweepStartNanos;
    private long sweepApiWaitStart;
    private long sweepCpuStart;
    private long groupRecords;
    private long memberRecords;
    private SweepStats lastSeenCompleted;
    private boolean counting;

    /**
     * @param requestsPerMinute the connector's local ceiling ({@code requests.per.minute}); 0 leaves
     *                          pacing to the server's rate-limit headers
     * @param sweepInterval     {@code sweep.interval.ms}: zero runs sweeps back to back
     */
    EngineDriver(String name, URI baseUrl, String apiKey, int requestsPerMinute, Duration sweepInterval, Clock clock) {
        this.clock = clock;
        ClientListener listener = new ClientListener() {
            @Override
            public void requestCompleted(Endpoint endpoint, int status, Duration latency) {
                apiWaitNanos.addAndGet(latency.toNanos());
            }

            @Override
            public void rateLimited(Endpoint endpoint) {
                rateLimited.incrementAndGet();
            }
        };
        this.client = new ComplianceApiClient(ClientSettings.builder()
                .baseUrl(baseUrl)
                .apiKey(apiKey)
                .requestsPerMinute(requestsPerMinute)
                .clock(clock)
                .build(), listener);
        this.settings = new SweepSettings(name, GROUPS_TOPIC, MEMBERS_TOPIC, SWEEPS_TOPIC, "", PAGE_SIZE, true,
                sweepInterval, Duration.ofSeconds(10));
        resetState();
    }

    /** Forgets everything emitted: the next sweep is a snapshot again, as for a new connector. */
    void resetState() {
        engine = new SweepEngine(settings, client, new DirectoryState(), SweepCursor.initial(), clock);
        lastSeenCompleted = null;
        counting = false;
    }

    SweepEngine engine() {
        return engine;
    }

    /** Runs until the sweep in progress (or the next one) completes, and returns what it did. */
    SweepRun runOneSweep(Duration timeout) throws InterruptedException {
        int before = completed.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (completed.size() == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no sweep completed within " + timeout);
            }
            step();
        }
        return completed.get(completed.size() - 1);
    }

    /** Runs sweeps until {@code stop} says so (checked between steps). */
    void runUntil(BooleanSupplier stop) throws InterruptedException {
        while (!stop.getAsBoolean()) {
            step();
        }
    }

    /** Every sweep completed so far, oldest first. */
    List<SweepRun> completedSweeps() {
        return List.copyOf(completed);
    }

    /** 429 answers this connector received (each is retried after its retry-after). */
    long rateLimitedResponses() {
        return rateLimited.get();
    }

    private void step() throws InterruptedException {
        if (!counting) {
            // Counted from the first step on the polling thread: CPU time is per thread.
            startCounting();
        }
        List<SourceRecord> records = engine.next(POLL_MAX_BLOCK);
        for (SourceRecord record : records) {
            if (record.value() != null) {
                if (MEMBERS_TOPIC.equals(record.topic())) {
                    memberRecords++;
                } else if (GROUPS_TOPIC.equals(record.topic())) {
                    groupRecords++;
                }
            }
            engine.acknowledged(record);
        }
        SweepStats done = engine.lastCompletedSweep();
        if (done != null && done != lastSeenCompleted) {
            lastSeenCompleted = done;
            completed.add(new SweepRun(engine.cursor().sweep(), System.nanoTime() - sweepStartNanos,
                    apiWaitNanos.get() - sweepApiWaitStart, THREADS.getCurrentThreadCpuTime() - sweepCpuStart,
                    done.requests(), groupRecords, memberRecords, done.totalChanges()));
            counting = false;
        }
    }

    private void startCounting() {
        counting = true;
        sweepStartNanos = System.nanoTime();
        sweepApiWaitStart = apiWaitNanos.get();
        sweepCpuStart = THREADS.getCurrentThreadCpuTime();
        groupRecords = 0;
        memberRecords = 0;
    }

    @Override
    public void close() {
        client.close();
    }
}
