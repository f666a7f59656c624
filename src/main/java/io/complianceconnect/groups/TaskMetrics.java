package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ClientListener;
import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.client.MalformedRow;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.sweep.SweepEngine;
import io.complianceconnect.groups.sweep.SweepSettings;
import io.complianceconnect.groups.sweep.SweepStats;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.JMException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * The task's metrics. Registered through Connect's plugin metrics (KIP-877, Kafka 4.1+), which the
 * worker publishes with its own metrics and reporters ({@link PluginMetricsBinding}); on older workers,
 * as a JMX MBean {@code io.complianceconnect.groups:type=source-task-metrics,connector=NAME} with the same
 * names ({@link JmxTaskMetrics}).
 */
final class TaskMetrics implements ClientListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong throttledMs = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong malformedRows = new AtomicLong();
    private final AtomicLong feedPositionMs = new AtomicLong();
    private final MalformedRowWarnings malformedRowWarnings = new MalformedRowWarnings(this::currentSweep);
    private final Map<ChangeType, AtomicLong> records = new EnumMap<>(ChangeType.class);
    private final Map<String, Supplier<Number>> gauges = new LinkedHashMap<>();
    private final List<Runnable> unregister = new ArrayList<>();
    private final long startedAtMs = System.currentTimeMillis();
    private volatile SweepEngine engine;

    private TaskMetrics() {
        for (ChangeType type : ChangeType.values()) {
            records.put(type, new AtomicLong());
        }
        gauges.put("requests-total", requests::get);
        gauges.put("retries-total", retries::get);
        gauges.put("rate-limited-responses-total", rateLimited::get);
        gauges.put("throttled-time-ms-total", throttledMs::get);
        for (ChangeType type : ChangeType.values()) {
            gauges.put("records-" + type.name().toLowerCase() + "-total", records.get(type)::get);
        }
        gauges.put("tombstones-total", tombstones::get);
        gauges.put("malformed-rows-total", malformedRows::get);
        gauges.put("sweep-number", this::currentSweep);
        gauges.put("sweep-groups-seen", () -> engine == null ? 0 : engine.currentSweep().groupsSeen());
        gauges.put("sweep-memberships-seen", () -> engine == null ? 0 : engine.currentSweep().membersSeen());
        gauges.put("last-sweep-duration-ms", () -> lastSweep(SweepStats::durationMs));
        gauges.put("last-sweep-completed-epoch-ms", () -> lastSweep(SweepStats::completedAtMs));
        gauges.put("activity-feed-followed", () -> engine != null && engine.followingFeed() ? 1 : 0);
        // Configuration and start time, so that alert rules can tell "late" and "should be following" apart.
        gauges.put("activity-feed-required", () -> engine != null
                && engine.settings().feedMode() == SweepSettings.FeedMode.ENABLED ? 1 : 0);
        gauges.put("sweep-interval-ms", () -> engine == null ? 0 : engine.settings().sweepInterval().toMillis());
        gauges.put("task-started-epoch-ms", () -> startedAtMs);
        gauges.put("activity-refreshes-total", () -> engine == null ? 0 : engine.refreshes());
        // The feed's share of requests-total (its reads and refreshes); the rest are the sweep's.
        gauges.put("refresh-requests-total", () -> engine == null ? 0 : engine.refreshRequests());
        // The API time up to which the feed is handled, as last stored: its age is the feed's lag.
        gauges.put("activity-feed-position-epoch-ms", feedPositionMs::get);
        gauges.put("groups-known", () -> engine == null ? 0 : engine.state().groupCount());
        gauges.put("memberships-known", () -> engine == null ? 0 : engine.state().membershipCount());
        gauges.put("groups-with-unusable-member-rows", () -> engine == null ? 0 : engine.groupsWithUnusableMemberRows());
    }

    static TaskMetrics register(SourceTaskContext context, String connectorName) {
        TaskMetrics metrics = new TaskMetrics();
        if (workerHasPluginMetrics()) {
            try {
                metrics.unregister.add(PluginMetricsBinding.register(context, metrics.gauges));
                return metrics;
            } catch (LinkageError | RuntimeException e) {
                log.info("Plugin metrics unavailable ({}); registering the task metrics as a JMX MBean", e.toString());
            }
        } else {
            log.info("This worker has no plugin metrics (they came with Kafka Connect 4.1): the task's metrics are the "
                    + "JMX MBean {}:type=source-task-metrics,connector={}", JmxTaskMetrics.DOMAIN, connectorName);
        }
        try {
            metrics.unregister.add(JmxTaskMetrics.register(connectorName, metrics.gauges));
        } catch (JMException e) {
            log.warn("Could not register the task's JMX metrics", e);
        }
        return metrics;
    }

    /** Whether this worker's Connect API has plugin metrics; asked without loading any class of that API. */
    static boolean workerHasPluginMetrics() {
        try {
            SourceTaskContext.class.getMethod("pluginMetrics");
            return true;
        } catch (NoSuchMethodException e) {
            return false;
        }
    }

    void attach(SweepEngine engine) {
        this.engine = engine;
    }

    void recordsEmitted(List<SourceRecord> emitted) {
        for (SourceRecord record : emitted) {
            if (StatePartitions.feed().equals(record.sourcePartition())) {
                feedPositionMs.accumulateAndGet(feedPosition(record), Math::max);
            }
            if (record.value() == null) {
                tombstones.incrementAndGet();
            } else if (record.value() instanceof Struct struct && struct.schema().field("change_type") != null) {
                records.get(ChangeType.valueOf(struct.getString("change_type"))).incrementAndGet();
            }
        }
    }

    /** The feed position a record stores, 0 if none; a metric never fails the task. */
    private static long feedPosition(SourceRecord record) {
        try {
            FeedPosition position = FeedPosition.fromOffset(record.sourceOffset());
            return position == null ? 0 : position.watermark().toEpochMilli();
        } catch (RuntimeException e) {
            return 0;
        }
    }

    private long currentSweep() {
        SweepEngine e = engine;
        return e == null ? 0 : e.cursor().sweep();
    }

    private long lastSweep(java.util.function.ToLongFunction<SweepStats> f) {
        SweepEngine e = engine;
        SweepStats last = e == null ? null : e.lastCompletedSweep();
        return last == null ? 0 : f.applyAsLong(last);
    }

    @Override
    public void requestCompleted(Endpoint endpoint, int status, Duration latency) {
        requests.incrementAndGet();
    }

    @Override
    public void retryScheduled(Endpoint endpoint, String reason, Duration wait) {
        retries.incrementAndGet();
    }

    @Override
    public void rateLimited(Endpoint endpoint) {
        rateLimited.incrementAndGet();
    }

    @Override
    public void throttled(Duration wait) {
        throttledMs.addAndGet(wait.toMillis());
    }

    @Override
    public void malformedRow(Endpoint endpoint, MalformedRow row, String requestId) {
        malformedRows.incrementAndGet();
        malformedRowWarnings.report(endpoint, row, requestId);
    }

    @Override
    public void close() {
        unregister.forEach(Runnable::run);
        unregister.clear();
    }
}
