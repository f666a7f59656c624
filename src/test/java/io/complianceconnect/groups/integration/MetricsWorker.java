package io.complianceconnect.groups.integration;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicReference;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;

/**
 * The worker JVM of {@link JmxExporterIT}, started with the Prometheus JMX exporter agent: a Connect worker
 * (in-process broker and simulator, as {@link ConnectHarness} makes them) running the connector on a small
 * directory. Prints {@value #READY} with the names of the task's metrics once the first sweep is done, then runs
 * until its standard input closes, which the parent does when done, or which happens when the parent dies
 * ({@link ParentWatchdog}, watching from the start, so also while the worker is still starting).
 */
public final class MetricsWorker {

    static final String READY = "METRICS-WORKER-READY ";

    private MetricsWorker() {
    }

    public static void main(String[] args) throws Exception {
        AtomicReference<ConnectHarness> running = new AtomicReference<>();
        // From the start: a parent that dies while this worker is still starting must not leave it behind.
        ParentWatchdog.stopWhenTheParentGoes(() -> {
            ConnectHarness harness = running.get();
            if (harness != null) {
                harness.close();
            }
        }, Duration.ofSeconds(30));
        ConnectHarness harness = new ConnectHarness(1, false);
        running.set(harness);
        harness.simulator.directory().populate(4, 3);
        Map<String, String> config = harness.connectorConfig();
        config.put("activity.feed.mode", "enabled");   // so that activity-feed-required is 1
        harness.startConnector(config);
        harness.replica().awaitSweepCompletedAfter(0, Duration.ofSeconds(90));
        System.out.println(READY + String.join(",", taskMetricNames()));
        System.out.flush();
        // Runs until the watchdog stops the JVM: the parent closed the pipe, or died.
        Thread.currentThread().join();
    }

    /** The attributes of whichever MBean holds the task's metrics on this worker version. */
    private static TreeSet<String> taskMetricNames() throws Exception {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        ObjectName name = new ObjectName(WorkerVersion.atLeast(4, 1)
                ? "kafka.connect:type=plugins,connector=" + ConnectHarness.CONNECTOR + ",task=0"
                : "io.complianceconnect.groups:type=source-task-metrics,connector=" + ConnectHarness.CONNECTOR);
        TreeSet<String> names = new TreeSet<>();
        for (MBeanAttributeInfo attribute : server.getMBeanInfo(name).getAttributes()) {
            names.add(attribute.getName());
        }
        return names;
    }
}
