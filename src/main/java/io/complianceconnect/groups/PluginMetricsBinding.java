package io.complianceconnect.groups;

import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Gauge;
import org.apache.kafka.common.metrics.PluginMetrics;
import org.apache.kafka.connect.source.SourceTaskContext;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The task's metrics in Connect's plugin metrics (KIP-877, Kafka 4.1+), which the worker publishes with its
 * own and hands to its metrics reporters. The only class that names that API: it is loaded only after
 * {@link TaskMetrics} has found it on the worker, so the same jar runs on workers without it.
 */
final class PluginMetricsBinding {

    private PluginMetricsBinding() {
    }

    /** Registers one gauge per metric; the returned action removes them. */
    static Runnable register(SourceTaskContext context, Map<String, Supplier<Number>> gauges) {
        PluginMetrics pluginMetrics = context.pluginMetrics();
        // The worker already tags plugin metrics with the connector and task.
        LinkedHashMap<String, String> tags = new LinkedHashMap<>();
        List<MetricName> registered = new ArrayList<>();
        Runnable unregister = () -> registered.forEach(pluginMetrics::removeMetric);
        try {
            gauges.forEach((name, value) -> {
                MetricName metricName = pluginMetrics.metricName(name, "Compliance groups source task: " + name, tags);
                pluginMetrics.addMetric(metricName, (Gauge<Number>) (config, now) -> value.get());
                registered.add(metricName);
            });
        } catch (RuntimeException e) {
            unregister.run();
            throw e;
        }
        return unregister;
    }
}
