package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.complianceconnect.groups.ComplianceGroupsSourceConnector;
import io.complianceconnect.groups.ConnectorConfigBuilder;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SelfSignedTls;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.LoggerFactory;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.Testcontainers;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.output.Slf4jLogConsumer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.ConfluentKafkaContainer;
import org.testcontainers.utility.MountableFile;

/**
 * The connector on the genuine Confluent stack, in containers: a cp-kafka broker, cp-schema-registry, and
 * cp-kafka-connect with the plugin archive that {@code mvn package} built unpacked on its plugin.path.
 * The connector is deployed over Connect's REST API with Confluent's AvroConverter for keys and values,
 * reads the API simulator in this JVM (HTTPS, through Testcontainers' host tunnel), snapshots and then
 * follows changes; the topics are read back with the schemas the registry serves, and every registered
 * schema must be the committed contract under {@code src/main/avro}.
 *
 * <p>Needs a Docker engine. Without one the class is skipped with the reason, unless
 * {@code -Ddocker.it.required=true} (set by the {@code docker-it} Maven profile) makes that a failure.
 * Image versions: {@link ConfluentImages}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConfluentStackIT {

    private static final String CONNECTOR = "compliance-groups";
    private static final String API_KEY = "sk-ant-api01-docker-it";
    private static final String GROUPS = AvroTopics.GROUPS;
    private static final String MEMBERS = AvroTopics.MEMBERS;
    private static final String AVRO_CONVERTER = "io.confluent.connect.avro.AvroConverter";
    /** The registry as the Connect container sees it, on the containers' network. */
    private static final String REGISTRY_IN_NETWORK = "http://schema-registry:8081";
    private static final String PLUGIN_PATH_DIR = "/usr/share/confluent-hub-components";
    private static final String TRUST_STORE_IN_CONTAINER = "/tmp/compliance-simulator-trust.p12";
    private static final Duration SWEEP_TIMEOUT = Duration.ofMinutes(2);

    private static ComplianceApiSimulator simulator;
    private static Directory directory;
    private static Network network;
    private static ConfluentKafkaContainer kafka;
    private static GenericContainer<?> registry;
    private static GenericContainer<?> connect;
    private static AvroTopics topics;
    private static final HttpClient http = HttpClient.newHttpClient();
    private static final ObjectMapper json = new ObjectMapper();

    /** The sweep that completed the snapshot; 0 until the snapshot test passed that point. */
    private static long snapshotSweep;

    @BeforeAll
    static void startStack() throws Exception {
        if (!DockerClientFactory.instance().isDockerAvailable()) {
            return;   // each test is then skipped (or failed, if required) with the reason: see requireDocker
        }
        Path work = Path.of("target", "docker-it");
        SelfSignedTls tls = SelfSignedTls.create(work.resolve("tls"), List.of(GenericContainer.INTERNAL_HOST_HOSTNAME));
        simulator = ComplianceApiSimulator.builder().apiKey(API_KEY).seed(42).tls(tls.serverContext()).start();
        directory = simulator.directory();
        // The Connect container reaches this port as host.testcontainers.internal; the tunnel's near end runs
        // in this JVM and connects to localhost, so the simulator stays bound to 127.0.0.1.
        Testcontainers.exposeHostPorts(simulator.port());

        Path plugin = unpackPluginArchive(work.resolve("plugins"));
        network = Network.newNetwork();
        kafka = new ConfluentKafkaContainer(ConfluentImages.KAFKA)
                .withNetwork(network)
                .withListener("kafka:19092")
                .withLogConsumer(logTo("kafka"));
        registry = new GenericContainer<>(ConfluentImages.SCHEMA_REGISTRY)
                .withNetwork(network)
                .withNetworkAliases("schema-registry")
                .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
                .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
                .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://kafka:19092")
                .withExposedPorts(8081)
                .dependsOn(kafka)
                .waitingFor(Wait.forHttp("/subjects").forStatusCode(200).withStartupTimeout(Duration.ofMinutes(3)))
                .withLogConsumer(logTo("schema-registry"));
        connect = new GenericContainer<>(ConfluentImages.KAFKA_CONNECT)
                .withNetwork(network)
                .withNetworkAliases("connect")
                .withEnv(connectWorkerEnv(tls))
                .withCopyFileToContainer(MountableFile.forHostPath(plugin), PLUGIN_PATH_DIR + "/" + plugin.getFileName())
                .withCopyFileToContainer(MountableFile.forHostPath(tls.trustStore()), TRUST_STORE_IN_CONTAINER)
                .withExposedPorts(8083)
                .dependsOn(kafka, registry)
                .waitingFor(Wait.forHttp("/connector-plugins").forStatusCode(200)
                        .withStartupTimeout(Duration.ofMinutes(5)))
                .withLogConsumer(logTo("connect"));
        connect.start();
        RegistryAvroReader avro = new RegistryAvroReader(
                URI.create("http://" + registry.getHost() + ":" + registry.getMappedPort(8081)));
        topics = new AvroTopics(avro, ConfluentStackIT::consume, SWEEP_TIMEOUT, ConfluentStackIT::status);
    }

    @AfterAll
    static void stopStack() {
        Stream.of(connect, registry, kafka).filter(c -> c != null).forEach(GenericContainer::stop);
        if (network != null) {
            network.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    /** Per test rather than for the class, so that the report lists each test as skipped, with the reason. */
    @BeforeEach
    void requireDocker() {
        if (connect != null) {
            return;
        }
        String reason = "No Docker engine is reachable: ConfluentStackIT runs the connector on cp-kafka, "
                + "cp-schema-registry and cp-kafka-connect containers (see docs/testing.md, \"End-to-end test on the "
                + "Confluent stack\")";
        if (Boolean.getBoolean("docker.it.required")) {
            fail(reason + ", and -Ddocker.it.required=true (the docker-it profile) asks for it.");
        }
        Assumptions.abort(reason + "; skipped.");
    }

    @Test
    @Order(1)
    void theWorkerLoadsTheConnectorFromThePluginArchive() throws Exception {
        JsonNode plugins = connectRest("GET", "/connector-plugins", null);

        assertThat(plugins.findValuesAsText("class")).contains(ComplianceGroupsSourceConnector.class.getName());
        for (JsonNode plugin : plugins) {
            if (plugin.path("class").asText().equals(ComplianceGroupsSourceConnector.class.getName())) {
                assertThat(plugin.path("version").asText()).isEqualTo(System.getProperty("project.version"));
            }
        }
    }

    @Test
    @Order(2)
    void snapshotsTheDirectoryAsAvroWithTheCommittedSchemas() throws Exception {
        AvroTopics.populateWithExtraFields(directory);

        deployConnector();
        awaitConnectorRunning();
        snapshotSweep = topics.awaitSweepCompletedAfter(0);

        topics.assertCompactedTopicsEqualTheDirectory(directory);
        assertThat(topics.changes(GROUPS)).extracting(AvroTopics.Change::changeType).containsOnly("SNAPSHOT");
        assertThat(topics.changes(MEMBERS)).extracting(AvroTopics.Change::changeType).containsOnly("SNAPSHOT")
                .hasSize((int) directory.membershipCount());
        topics.assertRegisteredSchemasAreTheContract();
    }

    @Test
    @Order(3)
    void followsChangesAfterTheSnapshot() throws Exception {
        Assumptions.assumeTrue(snapshotSweep > 0, "the snapshot test did not complete");
        List<String> ids = directory.groups().stream().map(SimGroup::id).toList();
        String renamed = ids.get(1);
        String deleted = ids.get(2);
        int deletedMembers = directory.members(deleted).size();
        SimMember leaving = directory.members(ids.get(0)).get(3);
        Map<Integer, Long> groupsBefore = topics.endOffsets(GROUPS);

        Instant changedAt = Instant.now();
        directory.renameGroup(renamed, "Renamed in the Confluent stack");
        directory.deleteGroup(deleted);
        String created = directory.createGroup("Created in the Confluent stack", "new", "direct", List.of("role_x"));
        String joiner = directory.addMember(created, "joiner@example.com");
        directory.removeMember(ids.get(0), leaving.userId());

        topics.awaitSweepStartedAfter(changedAt);

        topics.assertCompactedTopicsEqualTheDirectory(directory);
        List<String> groupChanges = topics.changesSince(GROUPS, groupsBefore).stream()
                .map(AvroTopics.Change::describe).toList();
        assertThat(groupChanges).containsExactlyInAnyOrder("UPDATED " + renamed, "DELETED " + deleted,
                "tombstone " + deleted, "CREATED " + created);
        List<String> memberChanges = topics.changes(MEMBERS).stream().map(AvroTopics.Change::describe).toList();
        assertThat(memberChanges).contains("CREATED " + created + "/" + joiner,
                "DELETED " + ids.get(0) + "/" + leaving.userId(), "tombstone " + ids.get(0) + "/" + leaving.userId());
        assertThat(memberChanges.stream().filter(c -> c.startsWith("DELETED " + deleted + "/"))).hasSize(deletedMembers);
        // DELETED records and tombstones did not make the converter register another schema version.
        topics.assertRegisteredSchemasAreTheContract();
    }

    // ---- the stack -------------------------------------------------------------------------------

    private static Map<String, String> connectWorkerEnv(SelfSignedTls tls) {
        Map<String, String> env = new HashMap<>();
        env.put("CONNECT_BOOTSTRAP_SERVERS", "kafka:19092");
        env.put("CONNECT_REST_ADVERTISED_HOST_NAME", "connect");
        env.put("CONNECT_GROUP_ID", "compliance-docker-it");
        env.put("CONNECT_CONFIG_STORAGE_TOPIC", "_connect-configs");
        env.put("CONNECT_OFFSET_STORAGE_TOPIC", "_connect-offsets");
        env.put("CONNECT_STATUS_STORAGE_TOPIC", "_connect-status");
        env.put("CONNECT_CONFIG_STORAGE_REPLICATION_FACTOR", "1");
        env.put("CONNECT_OFFSET_STORAGE_REPLICATION_FACTOR", "1");
        env.put("CONNECT_STATUS_STORAGE_REPLICATION_FACTOR", "1");
        env.put("CONNECT_OFFSET_FLUSH_INTERVAL_MS", "1000");
        // The image requires worker-level converters; the connector sets its own (below) all the same.
        env.put("CONNECT_KEY_CONVERTER", AVRO_CONVERTER);
        env.put("CONNECT_KEY_CONVERTER_SCHEMA_REGISTRY_URL", REGISTRY_IN_NETWORK);
        env.put("CONNECT_VALUE_CONVERTER", AVRO_CONVERTER);
        env.put("CONNECT_VALUE_CONVERTER_SCHEMA_REGISTRY_URL", REGISTRY_IN_NETWORK);
        // /usr/share/java holds the Avro converter; our component directory goes under the second entry.
        env.put("CONNECT_PLUGIN_PATH", "/usr/share/java," + PLUGIN_PATH_DIR);
        // The worker must trust the simulator's throwaway certificate (and needs nothing else over TLS here).
        env.put("KAFKA_OPTS", "-Djavax.net.ssl.trustStore=" + TRUST_STORE_IN_CONTAINER
                + " -Djavax.net.ssl.trustStoreType=PKCS12 -Djavax.net.ssl.trustStorePassword=" + tls.password());
        return env;
    }

    private static Map<String, String> connectorConfig() {
        return ConnectorConfigBuilder.forApi(
                        "https://" + GenericContainer.INTERNAL_HOST_HOSTNAME + ":" + simulator.port(), API_KEY)
                .pageSize(5).sweepIntervalMs(2000).checkpointIntervalMs(0).requestsPerMinute(0)
                .retryBackoffMs(100, 1000)
                .set("key.converter", AVRO_CONVERTER)
                .set("key.converter.schema.registry.url", REGISTRY_IN_NETWORK)
                .set("value.converter", AVRO_CONVERTER)
                .set("value.converter.schema.registry.url", REGISTRY_IN_NETWORK)
                .compactedTopics(1)
                .build();
    }

    /** The zip from the package phase, unpacked into a fresh directory: the component directory inside it. */
    private static Path unpackPluginArchive(Path into) throws IOException {
        Path zip = Path.of(System.getProperty("plugin.archive", "target/missing-plugin-archive.zip"));
        assertThat(zip).as("the plugin archive: run `mvn verify`, which builds it in the package phase").exists();
        if (Files.exists(into)) {
            try (Stream<Path> old = Files.walk(into)) {
                old.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
        Path top = null;
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            for (ZipEntry entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
                Path target = into.resolve(entry.getName()).normalize();
                if (!target.startsWith(into)) {
                    throw new IOException("zip entry outside the target directory: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target);
                }
                Path first = into.resolve(into.relativize(target).getName(0));
                top = top == null ? first : top;
            }
        }
        assertThat(top).as("component directory in " + zip).isNotNull();
        return top;
    }

    private static Slf4jLogConsumer logTo(String container) {
        return new Slf4jLogConsumer(LoggerFactory.getLogger("docker." + container)).withSeparateOutputStreams();
    }

    // ---- Connect's REST API --------------------------------------------------------------------

    private static JsonNode connectRest(String method, String path, Object body) throws Exception {
        URI uri = URI.create("http://" + connect.getHost() + ":" + connect.getMappedPort(8083) + path);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofByteArray(json.writeValueAsBytes(body)));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() >= 300) {
            throw new AssertionError(method + " " + path + " -> HTTP " + response.statusCode() + ": " + response.body());
        }
        return response.body().isEmpty() ? json.nullNode() : json.readTree(response.body());
    }

    /** PUT of the config; a worker that has just started may answer 409 (rebalancing) for a while. */
    private static void deployConnector() throws InterruptedException {
        String[] last = {""};
        Eventually.until(() -> {
            try {
                connectRest("PUT", "/connectors/" + CONNECTOR + "/config", connectorConfig());
                return true;
            } catch (AssertionError e) {
                last[0] = e.getMessage();
                return false;
            }
        }, Duration.ofMinutes(1).toMillis(), () -> "could not deploy the connector: " + last[0]);
    }

    private static void awaitConnectorRunning() throws InterruptedException {
        String[] last = {""};
        Eventually.until(() -> {
            JsonNode status;
            try {
                status = connectRest("GET", "/connectors/" + CONNECTOR + "/status", null);
            } catch (AssertionError e) {
                last[0] = e.getMessage();
                return false;   // 404 until the config is picked up
            }
            last[0] = status.toString();
            JsonNode tasks = status.path("tasks");
            if (tasks.size() == 1 && "FAILED".equals(tasks.get(0).path("state").asText())) {
                throw new AssertionError("the task failed: " + tasks.get(0).path("trace").asText());
            }
            return "RUNNING".equals(status.path("connector").path("state").asText()) && tasks.size() == 1
                    && "RUNNING".equals(tasks.get(0).path("state").asText());
        }, Duration.ofMinutes(2).toMillis(), () -> "connector not running: " + last[0]);
    }

    // ---- the topics ---------------------------------------------------------------------------------

    /** Every record of the topic on the broker container, raw. */
    private static List<ConsumerRecord<byte[], byte[]>> consume(String topic) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.getBootstrapServers());
        props.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        props.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
        // Reading before the connector wrote must not create the topic (uncompacted) ahead of Connect.
        props.put(ConsumerConfig.ALLOW_AUTO_CREATE_TOPICS_CONFIG, "false");
        List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(props)) {
            List<TopicPartition> partitions = consumer.listTopics(Duration.ofSeconds(30))
                    .getOrDefault(topic, List.of()).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("could not read " + topic + " to its end offsets " + end);
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }
        return records;
    }

    private static String status() {
        try {
            return connectRest("GET", "/connectors/" + CONNECTOR + "/status", null).toString();
        } catch (Exception | AssertionError e) {
            return e.toString();
        }
    }
}
