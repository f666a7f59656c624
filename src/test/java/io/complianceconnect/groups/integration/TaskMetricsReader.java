package io.complianceconnect.groups.integration;

import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;

/**
 * A running task's metrics read the way an operator's JMX tooling reads them, from the workers'
 * JVM (the in-process cluster's): plugin metrics under {@code kafka.connect:type=plugins} on Kafka
 * Connect 4.1 and later, the task's own MBean on older workers.
 */
final class TaskMetricsReader {

    private TaskMetricsReader() {
    }

    /** Where task 0 of {@code connector} publishes its metrics on a worker of the version under test. */
    static ObjectName nameFor(String connector) {
        return WorkerVersion.atLeast(4, 1) ? pluginMetrics(connector) : ownMBean(connector);
    }

    static ObjectName pluginMetrics(String connector) {
        return objectName("kafka.connect:type=plugins,connector=" + connector + ",task=0");
    }

    static ObjectName ownMBean(String connector) {
        return objectName("io.complianceconnect.groups:type=source-task-metrics,connector=" + connector);
    }

    /** The current value of one metric (an attribute named like {@code requests-total}). */
    static long value(String connector, String metric) {
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        try {
            return ((Number) server.getAttribute(nameFor(connector), metric)).longValue();
        } catch (JMException e) {
            throw new AssertionError("cannot read the metric " + metric + " of " + connector, e);
        }
    }

    private static ObjectName objectName(String name) {
        try {
            return new ObjectName(name);
        } catch (JMException e) {
            throw new IllegalArgumentException(name, e);
        }
    }
}
