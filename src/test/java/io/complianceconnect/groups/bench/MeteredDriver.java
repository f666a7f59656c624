package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.client.ClientListener;
import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.sweep.EngineDriver;
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
 * One connector task's engine, driven by the shared {@link EngineDriver} (poll, then acknowledge
 * every record; records are counted and dropped) and measured sweep by sweep: wall time, time
 * spent waiting for the API, CPU time of the polling thread, requests and records. So what is
 * measured is the connector's own work: requests, JSON parsing, change detection and record building.
 *
 * <p>Not thread-safe: one driver per thread.
 */
final class MeteredDriver implements AutoCloseable {

    static final int PAGE_SIZE = 1000;
    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();

    /** What one completed sweep cost and produced. */
    record SweepRun(long sweep, long wallNanos, long apiWaitNanos, long pollThreadCpuNanos, long requests,
                    long groupRecords, long memberRecords, long changes) {

        double seconds() {
            return wallNanos / 1e9;
        }
    }

    private final Meter meter = new Meter();
    private final EngineDriver driver;

    /**
     * @param requestsPerMinute the connector's local ceiling ({@code requests.per.minute}); 0 leaves
     *                          pacing to the server's rate-limit headers
     * @param sweepInterval     {@code sweep.interval.ms}: zero runs sweeps back to back
     */
    MeteredDriver(String name, URI baseUrl, String apiKey, int requestsPerMinute, Duration sweepInterval,
                  Clock clock) {
        SweepSettings settings = new SweepSettings(name, Bench.GROUPS_TOPIC, Bench.MEMBERS_TOPIC, Bench.SWEEPS_TOPIC,
                "", PAGE_SIZE, true, sweepInterval, Duration.ofSeconds(10));
        driver = EngineDriver.builder(baseUrl, apiKey, settings)
                .client(b -> b.requestsPerMinute(requestsPerMinute).clock(clock))
                .listener(meter).clock(clock).observer(meter).build();
    }

    /** Forgets everything emitted: the next sweep is a snapshot again, as for a new connector. */
    void resetState() {
        driver.forgetState();
        meter.reset();
    }

    SweepEngine engine() {
        return driver.engine();
    }

    /** Runs until the sweep in progress (or the next one) completes, and returns what it did. */
    SweepRun runOneSweep(Duration timeout) throws InterruptedException {
        int before = meter.completed.size();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (meter.completed.size() == before) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no sweep completed within " + timeout);
            }
            driver.step();
        }
        return meter.completed.get(meter.completed.size() - 1);
    }

    /** Runs sweeps until {@code stop} says so (checked between steps). */
    void runUntil(BooleanSupplier stop) throws InterruptedException {
        driver.runUntil(stop);
    }

    /** Every sweep completed so far, oldest first. */
    List<SweepRun> completedSweeps() {
        return List.copyOf(meter.completed);
    }

    /** 429 answers this connector received (each is retried after its retry-after). */
    long rateLimitedResponses() {
        return meter.rateLimited.get();
    }

    @Override
    public void close() {
        driver.close();
    }

    /** Counts per sweep, from the client's callbacks and each poll. */
    private static final class Meter implements EngineDriver.Observer, ClientListener {
        private final AtomicLong apiWaitNanos = new AtomicLong();
        private final AtomicLong rateLimited = new AtomicLong();
        private final List<SweepRun> completed = new ArrayList<>();
        private long sweepStartNanos;
        private long sweepApiWaitStart;
        private long sweepCpuStart;
        private long groupRecords;
        private long memberRecords;
        private SweepStats lastSeenCompleted;
        private boolean counting;

        @Override
        public void requestCompleted(Endpoint endpoint, int status, Duration latency) {
            apiWaitNanos.addAndGet(latency.toNanos());
        }

        @Override
        public void rateLimited(Endpoint endpoint) {
            rateLimited.incrementAndGet();
        }

        void reset() {
            lastSeenCompleted = null;
            counting = false;
        }

        @Override
        public void beforePoll(SweepEngine engine) {
            if (!counting) {
                // Counted from the first step on the polling thread: CPU time is per thread.
                counting = true;
                sweepStartNanos = System.nanoTime();
                sweepApiWaitStart = apiWaitNanos.get();
                sweepCpuStart = THREADS.getCurrentThreadCpuTime();
                groupRecords = 0;
                memberRecords = 0;
            }
        }

        @Override
        public void polled(SweepEngine engine, List<SourceRecord> records) {
            for (SourceRecord record : records) {
                if (record.value() != null) {
                    if (Bench.MEMBERS_TOPIC.equals(record.topic())) {
                        memberRecords++;
                    } else if (Bench.GROUPS_TOPIC.equals(record.topic())) {
                        groupRecords++;
                    }
                }
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
    }
}
