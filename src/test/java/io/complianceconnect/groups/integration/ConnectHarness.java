package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * An in-process Kafka (KRaft) broker and a distributed Connect cluster, plus the API simulator:
 * the real parts the connector runs on, for the integration tests.
 */
final class ConnectHarness implements AutoCloseable {

    static final String API_KEY = "it-key";
    static final String CONNECTOR = "compliance-groups";

    final ComplianceApiSimulator simulator;
    final EmbeddedConnectCluster connect;
    private final boolean exactlyOnce;
    /** Filled in by the cluster at start (bootstrap servers, group and topic names): see {@link #workerProps()}. */
    private final Map<String, String> workerProps = new HashMap<>();

    ConnectHarness(int workers, boolean exactlyOnce) {
        this(workers, exactlyOnce, Map.of(), simulatorBuilder -> { });
    }

    /**
     * @param extraWorkerProps added to (or replacing) the worker properties below, e.g. config providers
     * @param simulatorSetup   adds to the simulator's builder, e.g. more keys with fewer scopes
     */
    ConnectHarness(int workers, boolean exactlyOnce, Map<String, String> extraWorkerProps,
                   Consumer<ComplianceApiSimulator.Builder> simulatorSetup) {
        this.exactlyOnce = exactlyOnce;
        ComplianceApiSimulator.Builder simulatorBuilder = ComplianceApiSimulator.builder().apiKey(API_KEY).seed(7);
        simulatorSetup.accept(simulatorBuilder);
        simulator = simulatorBuilder.start();
        workerProps.put("offset.flush.interval.ms", "500");
        workerProps.put("scheduled.rebalance.max.delay.ms", "2000");
        workerProps.put("plugin.discovery", "service_load");
        workerProps.put("key.converter", JsonConverter.class.getName());
        workerProps.put("value.converter", JsonConverter.class.getName());
        workerProps.put("key.converter.schemas.enable", "true");
        workerProps.put("value.converter.schemas.enable", "true");
        workerProps.putAll(extraWorkerProps);
        Properties brokerProps = new Properties();
        if (exactlyOnce) {
            workerProps.put("exactly.once.source.support", "enabled");
            brokerProps.put("transaction.state.log.replication.factor", "1");
            brokerProps.put("transaction.state.log.min.isr", "1");
        }
        connect = new EmbeddedConnectCluster.Builder()
                .name("compliance-it")
                .numWorkers(workers)
                .workerProps(workerProps)
                .brokerProps(brokerProps)
                .build();
        connect.start();
    }

    Map<String, String> connectorConfig() {
        ConnectorConfigBuilder config = ConnectorConfigBuilder.forApi(simulator.baseUrl().toString(), API_KEY)
                .pageSize(5).sweepIntervalMs(1000).checkpointIntervalMs(0).requestsPerMinute(0)
                .retryBackoffMs(50, 200)
                // Sweeps only unless a test turns the feed on: these tests are about what sweeps guarantee.
                .activityFeed("disabled")
                .compactedTopics(3);
        if (exactlyOnce) {
            config.set("exactly.once.support", "required");
        }
        return config.build();
    }

    void startConnector(Map<String, String> config) throws InterruptedException {
        startConnector(CONNECTOR, config);
    }

    /**
     * Configures a connector under its own name without waiting for its task to run: for a test
     * whose task is to fail at once (it may fail before RUNNING was ever seen).
     */
    void configureConnector(String name, Map<String, String> config) {
        connect.configureConnector(name, config);
    }

    /** Starts a connector under its own name (several tests sharing one cluster). */
    void startConnector(String name, Map<String, String> config) throws InterruptedException {
        connect.configureConnector(name, config);
        connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(name, 1, "connector did not start");
    }

    /**
     * The properties the in-process workers run with, as the cluster completed them at start (it adds
     * the bootstrap servers, the group id and the internal topics to the map it was built with), so
     * that a worker in another JVM ({@link ChildWorkerProcess}) joins the same cluster.
     */
    Map<String, String> workerProps() {
        if (!workerProps.containsKey("group.id") || !workerProps.containsKey("bootstrap.servers")) {
            throw new IllegalStateException("this Connect version does not fill in the worker properties it was given: "
                    + workerProps.keySet());
        }
        return Map.copyOf(workerProps);
    }

    TopicReplica replica() {
        return new TopicReplica(connect.kafka(), exactlyOnce);
    }

    boolean exactlyOnce() {
        return exactlyOnce;
    }

    /** The worker that runs the connector's only task. */
    WorkerHandle workerRunningTask() throws InterruptedException {
        return workerRunningTask(CONNECTOR);
    }

    /** The worker that runs the only task of the connector {@code name}. */
    WorkerHandle workerRunningTask(String name) throws InterruptedException {
        String[] holder = new String[1];
        Eventually.until(() -> {
            ConnectorStateInfo status = connect.connectorStatus(name);
            if (status.tasks().isEmpty() || !"RUNNING".equals(status.tasks().get(0).state())) {
                return false;
            }
            holder[0] = status.tasks().get(0).workerId();
            return true;
        }, Duration.ofSeconds(60).toMillis(), "task never ran");
        return connect.workers().stream()
                .filter(w -> w.url().toString().contains(holder[0]))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no worker with id " + holder[0] + " among " + connect.workers()));
    }

    @Override
    public void close() {
        try {
            connect.stop();
        } finally {
            simulator.close();
        }
    }
}
