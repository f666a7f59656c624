package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ClientListener;
import io.complianceconnect.groups.client.Endpoint;
import io.complianceconnect.groups.client.MalformedRow;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.sweep.SweepEngine;
import io.complianceconnect.groups.sweep.SweepStats;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.source.SourceTaskContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import javax.management.ObjectName;
import javax.management.StandardMBean;
import java.lang.management.ManagementFactory;
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
 * worker publishes with its own metrics and reporters; on older workers, as a JMX MBean
 * {@code io.complianceconnect.groups:type=source-task-metrics,connector=NAME}.
 */
final class TaskMetrics implements ClientListener, AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(TaskMetrics.class);
    static final String GROUP = "compliance-groups-source-task-metrics";

    /** JMX view of the same values, for workers without plugin metrics. */
    public interface TaskMetricsMXBean {
        Map<String, Double> getValues();
    }

    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong throttledMs = new AtomicLong();
    private final AtomicLong tombstones = new AtomicLong();
    private final AtomicLong malformedRows = new AtomicLong();
    private final MalformedRowWarnings malformedRowWarnings = new MalformedRowWarnings(this::currentSweep);
    private final Map<ChangeType, AtomicLong> records = new EnumMap<>(ChangeType.class);
    private final Map<String, Supplier<Number>> gauges = new LinkedHashMap<>();
    private final List<Runnable> unregister = new ArrayList<>();
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
        gauges.put("activity-refreshes-total", () -> engine == null ? 0 : engine.refreshes());
        gauges.put("groups-known", () -> engine == null ? 0 : engine.state().groupCount());
        gauges.put("memberships-known", () -> engine == null ? 0 : engine.state().membershipCount());
    }

    static TaskMetrics register(SourceTaskContext context, String connectorName) {
        TaskMetrics metrics = new TaskMetrics();
        try {
            PluginMetrics pluginMetrics = context.pluginMetrics();
            // The worker already tags plugin metrics with the connector and task.
            LinkedHashMap<String, String> tags = new LinkedHashMap<>();
            metrics.gauges.forEach((name, value) -> {
                MetricName metricName = pluginMetrics.metricName(name, "Compliance groups source task: " + name, tags);
                pluginMetrics.addMetric(metricName, (Gauge<Number>) (config, now) -> value.get());
                metrics.unregister.add(() -> pluginMetrics.removeMetric(metricName));
            });
            return metrics;
        } catch (LinkageError | RuntimeException e) {
            // A worker older than Kafka 4.1 (or one refusing the names): fall back to our own MBean.
            metrics.close();
            log.info("Plugin metrics unavailable ({}); registering the task metrics as a JMX MBean", e.toString());
        }
        try {
            ObjectName name = new ObjectName("io.complianceconnect.groups:type=source-task-metrics,connector="
                    + ObjectName.quote(connectorName));
            var server = ManagementFactory.getPlatformMBeanServer();
            if (server.isRegistered(name)) {
                server.unregisterMBean(name);
            }
            server.registerMBean(new StandardMBean(metrics.mxBean(), TaskMetricsMXBean.class, true), name);
            metrics.unregister.add(() -> {
                try {
                    server.unregisterMBean(name);
                } catch (Exception ignored) {
                    // Already gone.
                }
            });
        } catch (Exception e) {
            log.warn("Could not register the task's JMX metrics", e);
        }
        return metrics;
    }

    private TaskMetricsMXBean mxBean() {
        return () -> {
            Map<String, Double> values = new LinkedHashMap<>();
            gauges.forEach((name, value) -> values.put(name, value.get().doubleValue()));
            return values;
        };
    }

    void attach(SweepEngine engine) {
        this.engine = engine;
    }

    void recordsEmitted(List<SourceRecord> emitted) {
        for (SourceRecord record : emitted) {
            if (record.value() == null) {
                tombstones.incrementAndGet();
            } else if (record.value() instanceof Struct struct && struct.schema().field("change_type") != null) {
                records.get(ChangeType.valueOf(struct.getString("change_type"))).incrementAndGet();
            }
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
