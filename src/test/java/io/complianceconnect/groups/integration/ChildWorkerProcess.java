package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Connect worker of a test's cluster running as a separate JVM ({@link ChildWorker}), with the
 * worker properties of the in-process workers, so that it joins their group: the one worker a test
 * can really kill. {@link #kill()} sends SIGKILL: no {@code SourceTask.stop()}, no final offset
 * flush, no transaction commit or abort, sockets dropped by the kernel, as when a node dies.
 */
final class ChildWorkerProcess implements AutoCloseable {

    private static final AtomicInteger STARTED = new AtomicInteger();
    /** Linux reports a process ended by signal 9 as 128 + 9. */
    static final int KILLED_EXIT_CODE = 137;

    private final Process process;
    private final int port;
    final Path log;

    private ChildWorkerProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /**
     * Starts a worker JVM that joins {@code harness}'s Connect cluster and waits until it reports
     * healthy (joined the group, configuration read).
     */
    static ChildWorkerProcess start(ConnectHarness harness) throws IOException, InterruptedException {
        // Named by this JVM's pid too: Failsafe runs test classes in parallel JVMs.
        String n = ProcessHandle.current().pid() + "-" + STARTED.incrementAndGet();
        Path dir = Path.of("target", "child-workers").toAbsolutePath();
        Files.createDirectories(dir);
        int port = freeLoopbackPort();
        Properties props = new Properties();
        props.putAll(harness.workerProps());
        props.put("listeners", "http://localhost:" + port);
        Path propsFile = dir.resolve("worker-" + n + ".properties");
        try (Writer out = Files.newBufferedWriter(propsFile)) {
            props.store(out, "child worker " + n);
        }
        Path log = dir.resolve("worker-" + n + ".log");
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx384m",
                "-Dlog4j2.configurationFile=log4j2-child-worker.xml",
                "-Dchild.log.file=" + log,
                "-cp", System.getProperty("java.class.path"),
                ChildWorker.class.getName(), propsFile.toString()));
        Process process = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("worker-" + n + ".out").toFile()))
                .redirectErrorStream(true)
                .start();
        ChildWorkerProcess worker = new ChildWorkerProcess(process, port, log);
        try {
            worker.awaitHealthy();
        } catch (AssertionError | InterruptedException e) {
            worker.close();
            throw e;
        }
        return worker;
    }

    /** The worker id Connect's REST status gives its tasks: the advertised host and port. */
    String workerId() {
        return "localhost:" + port;
    }

    boolean runsTaskOf(IsolatedConnector connector) {
        ConnectorStateInfo status = connector.status();
        return status != null && !status.tasks().isEmpty() && workerId().equals(status.tasks().get(0).workerId());
    }

    /** Waits until the connector's task runs, and checks that it runs here. */
    void awaitRunningTaskOf(IsolatedConnector connector) throws InterruptedException {
        connector.await("the task of " + connector.name + " to run", () -> {
            ConnectorStateInfo status = connector.status();
            return status != null && !status.tasks().isEmpty() && "RUNNING".equals(status.tasks().get(0).state());
        }, true);
        assertThat(runsTaskOf(connector)).as("the task runs on the child worker %s: %s", workerId(),
                connector.status().tasks()).isTrue();
    }

    /**
     * Waits until the connector's task runs here: after a kill, the status goes on naming the dead
     * worker until the group notices and the task moves.
     */
    void awaitTaskMovedHere(IsolatedConnector connector) throws InterruptedException {
        connector.await("the task of " + connector.name + " to run on " + workerId(), () -> {
            ConnectorStateInfo status = connector.status();
            return status != null && !status.tasks().isEmpty() && workerId().equals(status.tasks().get(0).workerId())
                    && "RUNNING".equals(status.tasks().get(0).state());
        }, false);
    }

    /** SIGKILL; returns once the process is gone, with its exit code. */
    int kill() throws InterruptedException {
        process.destroyForcibly();
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).as("the killed worker JVM ended").isTrue();
        return process.exitValue();
    }

    private void awaitHealthy() throws InterruptedException {
        HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest health = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/health"))
                .timeout(Duration.ofSeconds(5)).build();
        Eventually.until(() -> {
            if (!process.isAlive()) {
                throw new AssertionError("the child worker exited with " + process.exitValue() + "; see " + log);
            }
            return http.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        }, Duration.ofMinutes(2).toMillis(), () -> "the child worker did not become healthy; see " + log);
    }

    /** Stops it if it still runs: closing its input makes it halt ({@link ParentWatchdog}). */
    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) {
            return;
        }
        try {
            process.getOutputStream().close();
        } catch (IOException alreadyClosed) {
            // Halting anyway.
        }
        if (!process.waitFor(15, TimeUnit.SECONDS)) {
            process.destroyForcibly().waitFor(15, TimeUnit.SECONDS);
        }
    }

    /**
     * An exactly-once cluster for tests that kill workers: one in-process worker (the group's leader,
     * which the tests never kill) and the simulator, with a short session so that the group notices a
     * killed worker within seconds. An idle connector (a name prefix no group has, one sweep an hour)
     * occupies the in-process worker before any child joins: Connect's assignor gives a new connector
     * and its task to the worker with the fewest, so every connector started afterwards runs on a
     * child worker.
     */
    static ConnectHarness exactlyOnceCluster() throws InterruptedException {
        return clusterForKills(true, Map.of(), simulator -> { });
    }

    /**
     * The same kind of cluster, with or without exactly-once, with more worker properties (e.g. a
     * realistic {@code offset.flush.interval.ms}) and the simulator set up by {@code simulatorSetup}.
     */
    static ConnectHarness clusterForKills(boolean exactlyOnce, Map<String, String> extraWorkerProps,
                                          Consumer<ComplianceApiSimulator.Builder> simulatorSetup)
            throws InterruptedException {
        Map<String, String> workerProps = new HashMap<>(Map.of("session.timeout.ms", "6000",
                "heartbeat.interval.ms", "1500"));
        workerProps.putAll(extraWorkerProps);
        ConnectHarness harness = new ConnectHarness(1, exactlyOnce, workerProps, simulatorSetup);
        try {
            IsolatedConnector anchor = new IsolatedConnector(harness, "anchor");
            Map<String, String> config = anchor.config();
            config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS,
                    String.valueOf(Duration.ofHours(1).toMillis()));
            anchor.start(config);
        } catch (RuntimeException | InterruptedException | AssertionError e) {
            harness.close();
            throw e;
        }
        return harness;
    }

    private static int freeLoopbackPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
