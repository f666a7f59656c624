package io.complianceconnect.groups;

import org.apache.kafka.common.utils.Sanitizer;

import javax.management.Attribute;
import javax.management.AttributeList;
import javax.management.AttributeNotFoundException;
import javax.management.DynamicMBean;
import javax.management.JMException;
import javax.management.MBeanAttributeInfo;
import javax.management.MBeanInfo;
import javax.management.MBeanServer;
import javax.management.ObjectName;
import java.lang.management.ManagementFactory;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The task's metrics as an MBean of their own, for workers without plugin metrics (Kafka Connect before 4.1):
 * {@code io.complianceconnect.groups:type=source-task-metrics,connector=NAME}, one read-only {@code Double}
 * attribute per metric under the same name as in the plugin metrics, as Kafka's own MBeans show theirs.
 */
final class JmxTaskMetrics implements DynamicMBean {

    static final String DOMAIN = "io.complianceconnect.groups";

    private final Map<String, Supplier<Number>> gauges;
    private final MBeanInfo info;

    private JmxTaskMetrics(Map<String, Supplier<Number>> gauges) {
        this.gauges = gauges;
        MBeanAttributeInfo[] attributes = gauges.keySet().stream()
                .map(name -> new MBeanAttributeInfo(name, Double.class.getName(),
                        "Compliance groups source task: " + name, true, false, false))
                .toArray(MBeanAttributeInfo[]::new);
        info = new MBeanInfo(JmxTaskMetrics.class.getName(), "Compliance groups source task metrics", attributes,
                null, null, null);
    }

    /** Quoted only when the connector's name needs it, as Kafka's JMX reporter does for its own MBeans. */
    static ObjectName objectName(String connectorName) throws JMException {
        return new ObjectName(DOMAIN + ":type=source-task-metrics,connector=" + Sanitizer.jmxSanitize(connectorName));
    }

    /**
     * Registers the MBean, replacing one a previous task of the same connector left behind; the returned action
     * unregisters it.
     */
    static Runnable register(String connectorName, Map<String, Supplier<Number>> gauges) throws JMException {
        ObjectName name = objectName(connectorName);
        MBeanServer server = ManagementFactory.getPlatformMBeanServer();
        if (server.isRegistered(name)) {
            server.unregisterMBean(name);
        }
        server.registerMBean(new JmxTaskMetrics(gauges), name);
        return () -> {
            try {
                server.unregisterMBean(name);
            } catch (JMException alreadyGone) {
                // Replaced by a newer task of the same connector, or unregistered already.
            }
        };
    }

    @Override
    public Object getAttribute(String attribute) throws AttributeNotFoundException {
        Supplier<Number> gauge = gauges.get(attribute);
        if (gauge == null) {
            throw new AttributeNotFoundException(attribute);
        }
        return gauge.get().doubleValue();
    }

    @Override
    public AttributeList getAttributes(String[] attributes) {
        AttributeList list = new AttributeList();
        for (String attribute : attributes) {
            Supplier<Number> gauge = gauges.get(attribute);
            if (gauge != null) {
                list.add(new Attribute(attribute, gauge.get().doubleValue()));
            }
        }
        return list;
    }

    @Override
    public void setAttribute(Attribute attribute) throws AttributeNotFoundException {
        throw new AttributeNotFoundException(attribute.getName() + " is read-only");
    }

    @Override
    public AttributeList setAttributes(AttributeList attributes) {
        return new AttributeList();
    }

    @Override
    public Object invoke(String actionName, Object[] params, String[] signature) {
        throw new UnsupportedOperationException("no operations");
    }

    @Override
    public MBeanInfo getMBeanInfo() {
        return info;
    }
}
