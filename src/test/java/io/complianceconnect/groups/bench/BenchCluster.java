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
        Map<String, String> props = new HashMap<>();
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", JsonConverter.class.getName());
        props.put("value.converter", JsonConverter.class.getName());
        props.putAll(workerProps);
        EmbeddedConnectCluster connect = new EmbeddedConnectCluster.Builder()
                .name(name).numBrokers(1).numWorkers(1)
                .workerProps(props).brokerProps(new Properties()).build();
        connect.start();
        return connect;
    }
}
