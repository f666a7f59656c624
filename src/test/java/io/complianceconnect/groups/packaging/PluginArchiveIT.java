package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zip that `mvn package` builds, read the way `confluent connect plugin install` and a worker's plugin.path
 * scan read it: what each directory holds. ComponentArchiveFormatIT checks the format itself (layout, logos,
 * third-party licenses and notices), PluginJavaVersionIT the class files' Java version.
 */
class PluginArchiveIT extends ArchiveTests {

    private static final String CONNECTOR_CLASS = "io.complianceconnect.groups.ComplianceGroupsSourceConnector";

    private static String version;
    private static String base;

    @BeforeAll
    static void readNames() {
        version = archive.version;
        base = archive.base;
    }

    @Test
    void everyEntryIsInsideTheOneComponentDirectory() {
        assertThat(entryNames()).isNotEmpty().allSatisfy(name -> assertThat(name).startsWith(base));
    }

    @Test
    void manifestIsFilledIn() throws IOException {
        String text = read(base + "manifest.json");
        assertThat(text).doesNotContain("${");
        JsonNode manifest = new ObjectMapper().readTree(text);
        assertThat(manifest.path("version").asText()).isEqualTo(version);
        assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-compliance-groups");
    }

    @Test
    void libHoldsOurJarAndJacksonButNothingTheWorkerProvides() {
        List<String> jars = namesUnder(base + "lib/");
        assertThat(jars).contains(
                "kafka-connect-compliance-groups-" + version + ".jar",
                "jackson-databind-2.19.2.jar",
                "jackson-core-2.19.2.jar",
                "jackson-annotations-2.19.2.jar");
        // Plugin isolation loads Kafka's and SLF4J's classes from the worker; copies would clash.
        assertThat(jars).noneMatch(jar -> jar.startsWith("kafka-") && !jar.startsWith("kafka-connect-compliance-groups"))
                .noneMatch(jar -> jar.startsWith("connect-"))
                .noneMatch(jar -> jar.startsWith("slf4j-"))
                .noneMatch(jar -> jar.startsWith("log4j"));
    }

    @Test
    void ourJarRegistersTheConnectorForServiceLoadingAndCarriesItsVersion() throws IOException {
        Map<String, byte[]> jar = readJar(base + "lib/kafka-connect-compliance-groups-" + version + ".jar");

        byte[] services = jar.get("META-INF/services/org.apache.kafka.connect.source.SourceConnector");
        assertThat(services).as("service file (workers with plugin.discovery=service_load need it)").isNotNull();
        assertThat(new String(services, StandardCharsets.UTF_8).strip()).isEqualTo(CONNECTOR_CLASS);

        byte[] versionFile = jar.get("compliance-groups-connector.properties");
        assertThat(versionFile).isNotNull();
        Properties properties = new Properties();
        properties.load(new ByteArrayInputStream(versionFile));
        assertThat(properties.getProperty("version")).isEqualTo(version);
    }

    @Test
    void docHoldsTheLicenseAndEveryTopLevelDocument() throws IOException {
        List<String> docs = namesUnder(base + "doc/");
        assertThat(docs).contains("LICENSE");
        assertThat(read(base + "doc/LICENSE")).contains("Apache License").contains("Version 2.0, January 2004");
        for (String document : List.of("README.md", "NOTICE")) {
            if (Files.exists(Path.of(document))) {
                assertThat(docs).as("doc/ carries the top-level " + document).contains(document);
            }
        }
        // The README links into docs/: the same relative links must work inside the archive.
        List<String> pagesInArchive = namesUnder(base + "doc/docs/");
        try (var pages = Files.list(Path.of("docs"))) {
            for (Path page : pages.filter(p -> p.toString().endsWith(".md")).toList()) {
                assertThat(pagesInArchive).as("doc/docs/ carries " + page).contains(page.getFileName().toString());
            }
        }
    }

    @Test
    void etcHoldsTheExampleConfigurations() {
        assertThat(namesUnder(base + "etc/")).containsExactlyInAnyOrder(
                "compliance-groups-source.properties",
                "compliance-groups-source-json.properties",
                "compliance-groups-source.json");
    }

    @Test
    void etcKubernetesHoldsTheOperatorExamples() throws IOException {
        for (String example : List.of("strimzi/kafka-connect.yaml", "strimzi/kafka-connector.yaml",
                "confluent/connect.yaml", "confluent/connector.yaml")) {
            assertThat(read(base + "etc/kubernetes/" + example))
                    .isEqualTo(Files.readString(Path.of("config/kubernetes/" + example)));
        }
    }

    @Test
    void etcMonitoringHoldsTheExporterConfigurationAndTheAlertRulesOfTheOperationsKit() throws IOException {
        assertThat(read(base + "etc/monitoring/jmx-exporter.yml"))
                .isEqualTo(Files.readString(Path.of("docker/jmx-exporter.yml")));
        assertThat(read(base + "etc/monitoring/prometheus/compliance-groups-alerts.yml"))
                .isEqualTo(Files.readString(Path.of("docker/prometheus/compliance-groups-alerts.yml")));
    }

    private static List<String> entryNames() {
        return archive.entryNames();
    }

    private static List<String> namesUnder(String directory) {
        return archive.filesUnder(directory);
    }

    private static String read(String entryName) throws IOException {
        return archive.read(entryName);
    }

    private static Map<String, byte[]> readJar(String entryName) throws IOException {
        return archive.readJar(entryName);
    }
}
