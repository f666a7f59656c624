package io.complianceconnect.groups.demo;

import io.complianceconnect.groups.ConnectorConfigBuilder;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.connect.json.JsonConverter;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

/**
 * {@code bin/demo}: the connector on an embedded KRaft broker and one Connect worker, in this JVM,
 * reading the in-process API simulator (or a real API), with every change record printed to stdout
 * as it arrives. See {@link DemoOptions#USAGE}. Exit status: 0 done, 1 the connector or the setup
 * failed, 2 a command-line mistake.
 */
public final class DemoMain {

    static final String CONNECTOR_NAME = "compliance-groups-demo";
    /** Only the simulator knows this key. */
    static final String SIMULATOR_KEY = "demo-key";
    static final int SIMULATOR_GROUPS = 5;
    static final int SIMULATOR_MEMBERS_PER_GROUP = 3;

    private static final Duration POLL = Duration.ofMillis(250);
    private static final Duration STATUS_CHECK_EVERY = Duration.ofSeconds(2);
    private static final Duration CONNECTOR_START_TIMEOUT = Duration.ofSeconds(60);

    private final DemoOptions options;
    private final PrintStream out;
    private final PrintStream err;
    private final DemoStats stats = new DemoStats();
    private final RecordRenderer renderer = new RecordRenderer();

    private volatile boolean stopRequested;
    /** The exit status a stop signal asks for: 128 + its number, as shells report it. */
    private volatile int signalStatus;
    private volatile KafkaConsumer<byte[], byte[]> consumer;
    private ComplianceApiSimulator simulator;
    private EmbeddedConnectCluster connect;
    private Thread script;

    DemoMain(DemoOptions options, PrintStream out, PrintStream err) {
        this.options = options;
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        // stdout carries records only: keep what Kafka or anything else prints off it.
        PrintStream stdout = new PrintStream(new FileOutputStream(FileDescriptor.out), false, StandardCharsets.UTF_8);
        System.setOut(System.err);
        int status;
        try {
            DemoOptions options = DemoOptions.parse(args);
            if (options.help()) {
                stdout.print(DemoOptions.USAGE);
                stdout.flush();
                status = 0;
            } else {
                status = new DemoMain(options, stdout, System.err).run();
            }
        } catch (DemoOptions.UsageException e) {
            System.err.println("demo: " + e.getMessage());
            System.err.println();
            System.err.print(DemoOptions.USAGE);
            status = 2;
        }
        stdout.flush();
        // Kafka can leave non-daemon threads behind; everything is closed by now.
        System.exit(status);
    }

    int run() {
        StopSignals.install(this::requestStop);
        try {
            int status = runDemo();
            return signalStatus != 0 ? signalStatus : status;
        } catch (RuntimeException e) {
            if (stopRequested) {
                return signalStatus; // interrupted while starting up: a stop, not a failure
            }
            // Connect's REST errors carry the validation messages; no key is ever in them.
            err.println("demo: failed: " + (e.getMessage() != null ? e.getMessage() : e.toString()));
            return 1;
        } finally {
            cleanUp();
            err.println("demo: summary: " + stats.summary());
            err.flush();
        }
    }

    private int runDemo() {
        Map<String, String> config;
        if (options.usesSimulator()) {
            simulator = startSimulator();
            config = connectorConfig(simulator.baseUrl().toString(), SIMULATOR_KEY, true, options.overrides());
        } else {
            config = connectorConfig(options.apiUrl().orElseThrow().toString(), options.apiKey().orElseThrow(),
                    false, options.overrides());
        }
        String groupsTopic = config.get("groups.topic");
        String membersTopic = config.get("members.topic");
        String sweepsTopic = config.get("sweeps.topic");

        err.println("demo: starting an embedded Kafka broker and Connect worker (takes a few seconds)");
        connect = new EmbeddedConnectCluster.Builder()
                .name("compliance-groups-demo")
                .numWorkers(1)
                .numBrokers(1)
                .workerProps(workerProps())
                .brokerProps(new Properties())
                .build();
        connect.start();
        if (stopRequested) {
            return 0;
        }
        // Compacted like production topics (they hold the current directory); one partition, so
        // the records print in the order the connector wrote them.
        for (String topic : List.of(groupsTopic, membersTopic, sweepsTopic)) {
            connect.kafka().createTopic(topic, 1, 1, Map.of("cleanup.policy", "compact"));
        }

        consumer = new KafkaConsumer<>(consumerProps(connect.kafka().bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer());
        consumer.subscribe(List.of(groupsTopic, membersTopic, sweepsTopic));

        connect.configureConnector(CONNECTOR_NAME, config);
        String failure = awaitConnectorRunning();
        if (failure != null) {
            err.println("demo: the connector failed to start:\n" + failure);
            return 1;
        }
        if (stopRequested) {
            return 0;
        }
        err.println("demo: connector running: sweeping every " + config.get("sweep.interval.ms")
                + " ms; change records follow on stdout" + (options.duration().isPresent()
                ? " for " + options.duration().get().toSeconds() + " s" : "; Ctrl-C stops"));

        if (simulator != null) {
            Duration sweepInterval = Duration.ofMillis(parseLong(config.get("sweep.interval.ms"), 3000));
            Duration stepTimeout = sweepInterval.multipliedBy(4).plusSeconds(15);
            script = new Thread(new DirectoryScript(simulator.directory(), stats, groupsTopic, membersTopic,
                    stepTimeout.plusSeconds(30), stepTimeout, err), "demo-directory-script");
            script.setDaemon(true);
            script.start();
        }
        return consume(groupsTopic, membersTopic, sweepsTopic);
    }

    /** Prints records until the duration is over, the connector fails, or a stop is requested. */
    private int consume(String groupsTopic, String membersTopic, String sweepsTopic) {
        int topicWidth = Math.max(groupsTopic.length(), membersTopic.length());
        long start = System.nanoTime();
        long limit = options.duration().map(Duration::toNanos).orElse(Long.MAX_VALUE);
        long nextStatusCheck = start + STATUS_CHECK_EVERY.toNanos();
        while (!stopRequested && System.nanoTime() - start < limit) {
            ConsumerRecords<byte[], byte[]> records;
            try {
                records = consumer.poll(POLL);
            } catch (WakeupException e) {
                break; // a stop signal woke us
            }
            for (ConsumerRecord<byte[], byte[]> record : records) {
                RecordRenderer.Decoded decoded = renderer.decode(record);
                if (record.topic().equals(sweepsTopic)) {
                    if ("SWEEP_COMPLETED".equals(String.valueOf(RecordRenderer.field(decoded.value().value(), "event")))) {
                        stats.sweepCompleted();
                        err.println("demo: " + renderer.sweepProgress(decoded) + "  [so far: " + stats.summary() + "]");
                    }
                    continue;
                }
                stats.record(record.topic(), decoded.changeType());
                out.println(options.json() ? renderer.json(decoded) : renderer.readable(decoded, topicWidth));
            }
            out.flush();
            if (System.nanoTime() - nextStatusCheck >= 0) {
                nextStatusCheck = System.nanoTime() + STATUS_CHECK_EVERY.toNanos();
                String failure = connectorFailure();
                if (failure != null) {
                    err.println("demo: the connector failed:\n" + failure);
                    return 1;
                }
            }
        }
        return 0;
    }

    /** Null once the connector and a task run; the failure's description if one failed first. */
    private String awaitConnectorRunning() {
        long deadline = System.nanoTime() + CONNECTOR_START_TIMEOUT.toNanos();
        while (!stopRequested && System.nanoTime() - deadline < 0) {
            ConnectorStateInfo status = status();
            if (status != null) {
                String failure = failureOf(status);
                if (failure != null) {
                    return failure;
                }
                boolean running = "RUNNING".equals(status.connector().state())
                        && !status.tasks().isEmpty()
                        && status.tasks().stream().allMatch(t -> "RUNNING".equals(t.state()));
                if (running) {
                    return null;
                }
            }
            sleep(Duration.ofMillis(200));
        }
        return stopRequested ? null : "not running after " + CONNECTOR_START_TIMEOUT.toSeconds() + " s";
    }

    private String connectorFailure() {
        ConnectorStateInfo status = status();
        return status == null ? null : failureOf(status);
    }

    private static String failureOf(ConnectorStateInfo status) {
        if ("FAILED".equals(status.connector().state())) {
            return "connector: " + status.connector().trace();
        }
        for (ConnectorStateInfo.TaskState task : status.tasks()) {
            if ("FAILED".equals(task.state())) {
                return "task " + task.id() + ": " + task.trace();
            }
        }
        return null;
    }

    private ConnectorStateInfo status() {
        try {
            return connect.connectorStatus(CONNECTOR_NAME);
        } catch (RuntimeException e) {
            return null; // not known to the worker yet (404 right after creation)
        }
    }

    /**
     * Defaults for a lively demo, then the API to use, then the --set overrides (they win). Against
     * the simulator it sweeps every 3 s with 2 items a page, so paging shows; against a real API it
     * keeps the connector's page size and sweeps once a minute, because the organisation's request
     * budget is shared with everything else that uses it.
     */
    static Map<String, String> connectorConfig(String apiUrl, String apiKey, boolean simulated,
            Map<String, String> overrides) {
        ConnectorConfigBuilder config = ConnectorConfigBuilder.forApi(apiUrl, apiKey)
                .set("groups.topic", "compliance.groups")
                .set("members.topic", "compliance.group-members")
                .set("sweeps.topic", "compliance.sweeps")
                .set("tombstones.on.delete", "true");
        if (simulated) {
            config.sweepIntervalMs(3000).pageSize(2);
        } else {
            config.sweepIntervalMs(60_000);
        }
        return config.setAll(overrides).build();
    }

    private ComplianceApiSimulator startSimulator() {
        ComplianceApiSimulator started = ComplianceApiSimulator.builder().apiKey(SIMULATOR_KEY).seed(42).start();
        started.directory().populate(SIMULATOR_GROUPS, SIMULATOR_MEMBERS_PER_GROUP);
        err.println("demo: API simulator at " + started.baseUrl() + " with " + started.directory().groupCount()
                + " groups and " + started.directory().membershipCount() + " memberships");
        return started;
    }

    static Map<String, String> workerProps() {
        Map<String, String> props = new LinkedHashMap<>();
        props.put("offset.flush.interval.ms", "1000");
        // Finds the connector through its META-INF/services entry; faster than scanning the class path.
        props.put("plugin.discovery", "service_load");
        props.put("key.converter", JsonConverter.class.getName());
        props.put("key.converter.schemas.enable", "true");
        props.put("value.converter", JsonConverter.class.getName());
        props.put("value.converter.schemas.enable", "true");
        return props;
    }

    private static Map<String, Object> consumerProps(String bootstrapServers) {
        Map<String, Object> props = new LinkedHashMap<>();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, "compliance-groups-demo-" + UUID.randomUUID());
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        return props;
    }

    /** Ctrl-C / SIGTERM: end the loop; the main thread then cleans up and exits. */
    private void requestStop(int signalNumber) {
        signalStatus = 128 + signalNumber;
        stopRequested = true;
        err.println("demo: stopping (cleaning up the broker, worker and simulator)...");
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            try {
                current.wakeup();
            } catch (RuntimeException e) {
                // already closed: nothing to wake
            }
        }
    }

    /** Each step on its own, so one failure does not leave the rest running. */
    private void cleanUp() {
        if (script != null) {
            script.interrupt();
            join(script);
        }
        KafkaConsumer<byte[], byte[]> current = consumer;
        if (current != null) {
            consumer = null;
            quietly("closing the consumer", () -> current.close(CloseOptions.timeout(Duration.ofSeconds(5))));
        }
        if (connect != null) {
            quietly("stopping Kafka and Connect", connect::stop);
        }
        if (simulator != null) {
            quietly("stopping the simulator", simulator::close);
        }
    }

    private void quietly(String what, Runnable action) {
        try {
            action.run();
        } catch (RuntimeException e) {
            err.println("demo: " + what + " failed: " + e);
        }
    }

    private static void join(Thread thread) {
        try {
            thread.join(Duration.ofSeconds(5).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static long parseLong(String value, long fallback) {
        try {
            return Long.parseLong(value.trim());
        } catch (RuntimeException e) {
            return fallback;
        }
    }
}
