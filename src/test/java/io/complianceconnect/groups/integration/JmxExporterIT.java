package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The operations kit's exporter configuration ({@code docker/jmx-exporter.yml}) on a real worker JVM: a child
 * JVM started with {@code -javaagent:} the Prometheus JMX exporter 1.0.1 runs the connector ({@link MetricsWorker});
 * its {@code /metrics} must carry every metric of the task as a {@code compliance_groups_*} series and Connect's
 * task status, with the values the small directory and configuration imply. On every Connect version of the
 * compatibility matrix the series are the same, whether the metrics come from plugin metrics or the task's own
 * MBean.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class JmxExporterIT {

    private static final Duration WORKER_READY_TIMEOUT = Duration.ofMinutes(3);
    private static final String CONNECTOR = ConnectHarness.CONNECTOR;
    /** One sample line of the text format: name, labels, value. */
    /** records-TYPE-total: one series per change type. */
    private static final Pattern RECORDS_BY_TYPE = Pattern.compile("records-([a-z]+)-total");
    private static final Pattern SAMPLE = Pattern.compile("^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? (\\S+)$");

    private Process worker;
    private URI metrics;
    private Set<String> taskMetricNames;
    private long startedAtMs;

    @BeforeAll
    void startWorkerWithTheAgent() throws Exception {
        Path agent = Path.of(System.getProperty("jmx.exporter.agent", "target/jmx-exporter/missing-agent.jar"));
        assertThat(agent).as("the exporter agent, copied by the build in pre-integration-test").exists();
        Path config = Path.of("docker", "jmx-exporter.yml").toAbsolutePath();
        Path log = Path.of("target", "jmx-exporter-it", "worker.log").toAbsolutePath();
        Files.createDirectories(log.getParent());
        int port = freeLoopbackPort();
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m",
                // host:port:config, so that the agent listens on loopback only.
                "-javaagent:" + agent.toAbsolutePath() + "=127.0.0.1:" + port + ":" + config,
                "-cp", System.getProperty("java.class.path"),
                MetricsWorker.class.getName());
        startedAtMs = System.currentTimeMillis();
        Files.deleteIfExists(log);
        worker = new ProcessBuilder(command).redirectErrorStream(true).start();
        metrics = URI.create("http://127.0.0.1:" + port + "/metrics");
        taskMetricNames = awaitReady(log);
    }

    @AfterAll
    void stopWorker() throws InterruptedException {
        if (worker == null) {
            return;
        }
        try {
            worker.getOutputStream().close();   // MetricsWorker stops when its standard input closes
        } catch (IOException alreadyClosed) {
            // It is going anyway.
        }
        if (!worker.waitFor(60, TimeUnit.SECONDS)) {
            worker.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyTaskMetricIsASeriesWithTheConnectorAndTaskLabels() throws Exception {
        Map<String, Double> series = scrape();
        assertThat(taskMetricNames).as("the task's metrics, as the worker JVM lists them")
                .contains("requests-total", "sweep-number", "last-sweep-completed-epoch-ms");
        for (String metric : taskMetricNames) {
            Matcher records = RECORDS_BY_TYPE.matcher(metric);
            String key = records.matches()
                    ? "compliance_groups_records_total{change_type=\"" + records.group(1) + "\",connector=\"" + CONNECTOR
                    + "\",task=\"0\"}"
                    : "compliance_groups_" + metric.replace('-', '_') + "{connector=\"" + CONNECTOR + "\",task=\"0\"}";
            assertThat(series).as("series for the task metric " + metric).containsKey(key);
        }
    }

    @Test
    void theSeriesCarryTheValuesTheDirectoryAndConfigurationImply() throws Exception {
        // 4 groups of 3 members; sweep.interval.ms=1000 and activity.feed.mode=enabled (MetricsWorker).
        Map<String, Double> series = scrape();
        long now = System.currentTimeMillis();
        assertThat(task(series, "groups_known")).isEqualTo(4);
        assertThat(task(series, "memberships_known")).isEqualTo(12);
        assertThat(task(series, "sweep_number")).isGreaterThanOrEqualTo(1);
        assertThat(series).containsEntry("compliance_groups_records_total{change_type=\"snapshot\",connector=\""
                + CONNECTOR + "\",task=\"0\"}", 16.0);
        // At least the groups page and one members page per group.
        assertThat(task(series, "requests_total")).isGreaterThanOrEqualTo(5);
        assertThat(task(series, "sweep_interval_ms")).isEqualTo(1000);
        assertThat(task(series, "activity_feed_required")).isEqualTo(1);
        assertThat(task(series, "activity_feed_followed")).isEqualTo(1);
        assertThat(task(series, "task_started_epoch_ms")).isBetween((double) startedAtMs, (double) now);
        assertThat(task(series, "last_sweep_completed_epoch_ms"))
                .isBetween(task(series, "task_started_epoch_ms"), (double) now);
        assertThat(task(series, "rate_limited_responses_total")).isZero();
    }

    @Test
    void connectsTaskStatusAndTheConnectorsClassAreSeries() throws Exception {
        Map<String, Double> series = scrape();
        assertThat(series).containsEntry("kafka_connect_connector_task_status{connector=\"" + CONNECTOR
                + "\",status=\"running\",task=\"0\"}", 1.0);
        assertThat(series).containsEntry("kafka_connect_connector_class{class="
                + "\"io.complianceconnect.groups.ComplianceGroupsSourceConnector\",connector=\"" + CONNECTOR + "\"}", 1.0);
        assertThat(series).containsEntry("kafka_connect_connector_status{connector=\"" + CONNECTOR
                + "\",status=\"running\"}", 1.0);
        assertThat(series.get("kafka_connect_source_task_source_record_write_total{connector=\"" + CONNECTOR
                + "\",task=\"0\"}")).isGreaterThanOrEqualTo(16);
    }

    /**
     * So that a renamed metric or a changed exporter rule breaks the build, not the dashboard: every metric
     * name the Grafana dashboard and the alert rules query is a series this worker's exporter produces,
     * exactly as PromQL would select it.
     */
    @Test
    void everySeriesTheDashboardAndTheAlertRulesQueryIsScraped() throws Exception {
        Set<String> scraped = new TreeSet<>();
        scrape().keySet().forEach(sample -> scraped.add(sample.replaceFirst("\\{.*", "")));
        Map<String, String> queries = OperationsKitQueries.all();
        assertThat(queries).as("the dashboard's and the alerts' queries").hasSizeGreaterThan(20);
        for (Map.Entry<String, String> query : queries.entrySet()) {
            assertThat(scraped).as(query.getKey() + ": " + query.getValue())
                    .containsAll(PromQlMetricNames.of(query.getValue()));
        }
    }

    /** The feed lag panel's series: the feed position the task stored, in the API's recent past. */
    @Test
    void theStoredFeedPositionIsASeriesInTheRecentPast() throws Exception {
        long deadline = System.currentTimeMillis() + 60_000;
        double position = task(scrape(), "activity_feed_position_epoch_ms");
        while (position == 0 && System.currentTimeMillis() < deadline) {
            Thread.sleep(500);
            position = task(scrape(), "activity_feed_position_epoch_ms");
        }
        assertThat(position).as("the feed followed since the worker started stores its position")
                .isBetween((double) startedAtMs - 120_000, (double) System.currentTimeMillis());
    }

    private double task(Map<String, Double> series, String name) {
        String key = "compliance_groups_" + name + "{connector=\"" + CONNECTOR + "\",task=\"0\"}";
        assertThat(series).as(key).containsKey(key);
        return series.get(key);
    }

    /** The exporter's text output: each sample as name{labels sorted by name} → value. */
    private Map<String, Double> scrape() throws IOException, InterruptedException {
        HttpResponse<String> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(metrics)
                .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        Map<String, Double> samples = new LinkedHashMap<>();
        for (String line : response.body().split("\n")) {
            Matcher m = SAMPLE.matcher(line);
            if (!line.startsWith("#") && m.matches()) {
                samples.put(m.group(1) + sortedLabels(m.group(2)), Double.parseDouble(m.group(3)));
            }
        }
        return samples;
    }

    private static String sortedLabels(String labels) {
        if (labels == null || labels.equals("{}")) {
            return "";
        }
        String[] pairs = labels.substring(1, labels.length() - 1).split(",(?=[a-zA-Z_]+=\")");
        Arrays.sort(pairs);
        return "{" + String.join(",", pairs) + "}";
    }

    /** Reads the worker's standard output into its log (so that it never blocks on a full pipe) until READY. */
    private TreeSet<String> awaitReady(Path log) throws Exception {
        CompletableFuture<String> ready = new CompletableFuture<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader lines = new BufferedReader(
                    new InputStreamReader(worker.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                    if (line.startsWith(MetricsWorker.READY)) {
                        ready.complete(line.substring(MetricsWorker.READY.length()));
                    }
                    Files.writeString(log, line + System.lineSeparator(), StandardCharsets.UTF_8,
                            StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                }
            } catch (IOException e) {
                ready.completeExceptionally(e);
            }
            ready.complete(null);   // ended without READY
        }, "metrics-worker-stdout");
        reader.setDaemon(true);
        reader.start();
        String names;
        try {
            names = ready.get(WORKER_READY_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            names = null;
        }
        assertThat(names).as("the worker JVM did not get ready; its log: " + log).isNotNull();
        return new TreeSet<>(Arrays.asList(names.split(",")));
    }

    private static int freeLoopbackPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
