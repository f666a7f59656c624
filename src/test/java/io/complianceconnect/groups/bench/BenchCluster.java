package io.complianceconnect.groups.bench;

import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/** The cluster of a bench's child JVM: one KRaft broker and one Connect worker with the JSON converter. */
final class BenchCluster {

    private BenchCluster() {
    }

    /** Started; {@code workerProps} adds to or overrides the converter and plugin settings. */
    static EmbeddedConnectCluster start(String name, Map<String, String> workerProps) {
        return start(name, workerProps, new Properties());
    }

    /**
     * Started as operators run a worker: JSON with schemas, Connect's default offset flush, plus any
     * {@code -Dbench.worker.props=key=value,...} for experiments; with exactly-once source support
     * when asked (the broker's transaction log then fits its one broker).
     */
    static EmbeddedConnectCluster startAtDefaultFlush(String name, boolean exactlyOnce) {
        Map<String, String> workerProps = new HashMap<>();
        workerProps.put("key.converter.schemas.enable", "true");
        workerProps.put("value.converter.schemas.enable", "true");
        // Connect's default, stated so that the test kit's own choices cannot change it.
        workerProps.put("offset.flush.interval.ms", "60000");
        Properties brokerProps = new Properties();
        if (exactlyOnce) {
            workerProps.put("exactly.once.source.support", "enabled");
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
        }
        // For experiments: -Dbench.worker.props=producer.linger.ms=20,producer.batch.size=262144
        for (String pair : System.getProperty("bench.worker.props", "").split(",")) {
            if (!pair.isBlank()) {
                String[] kv = pair.split("=", 2);
                workerProps.put(kv[0].trim(), kv[1].trim());
            }
        }
        return start(name, workerProps, brokerProps);
    }

    private static EmbeddedConnectCluster start(String name, Map<String, String> workerProps, Properties brokerProps) {
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", JsonConverter.class.getName());
        props.put("value.converter", JsonConverter.class.getName());
        props.putAll(workerProps);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name(name).numBrokers(1).numWorkers(1)
                .workerProps(props).brokerProps(brokerProps).build();
        connect.start();
        return connect;
    }
}
