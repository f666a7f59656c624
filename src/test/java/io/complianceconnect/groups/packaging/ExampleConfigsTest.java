package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.connect.connector.Connector;
import org.apache.kafka.connect.runtime.SourceConnectorConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The example connector configurations: config/ (shipped in the archive's etc/) and the docker
 * stack's connector for the simulator. Paths are relative to the project directory.
 */
class ExampleConfigsTest {

    private static final String CONNECTOR_CLASS = "io.complianceconnect.groups.ComplianceGroupsSourceConnector";

    @ParameterizedTest
    @ValueSource(strings = {
            "config/compliance-groups-source.properties",
            "config/compliance-groups-source-json.properties",
            "config/compliance-groups-source.json",
            "docker/compliance-groups-source-simulator.json"})
    void namesTheConnectorAndTakesTheKeyFromAConfigProvider(String file) throws IOException {
        Map<String, String> config = load(file);

        assertThat(config.get("connector.class")).isEqualTo(CONNECTOR_CLASS);
        assertThat(config.get("name")).isNotBlank();
        // A literal key in an example ends up copied into real deployments; a provider reference never leaks.
        assertThat(config.get("compliance.api.key")).matches("\\$\\{(file|env):[^}]+}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "config/compliance-groups-source.properties",
            "config/compliance-groups-source.json",
            "docker/compliance-groups-source-simulator.json"})
    void avroExamplesUseSchemaRegistryForKeysAndValues(String file) throws IOException {
        Map<String, String> config = load(file);

        for (String side : new String[] {"key", "value"}) {
            assertThat(config.get(side + ".converter")).isEqualTo("io.confluent.connect.avro.AvroConverter");
            assertThat(config.get(side + ".converter.schema.registry.url")).startsWith("http");
        }
    }

    @Test
    void jsonExampleEmbedsSchemas() throws IOException {
        Map<String, String> config = load("config/compliance-groups-source-json.properties");

        for (String side : new String[] {"key", "value"}) {
            assertThat(config.get(side + ".converter")).isEqualTo("org.apache.kafka.connect.json.JsonConverter");
            assertThat(config.get(side + ".converter.schemas.enable")).isEqualTo("true");
        }
    }

    @Test
    void distributedAndStandaloneAvroExamplesDifferOnlyInTheSchemaRegistryHost() throws IOException {
        Map<String, String> standalone = load("config/compliance-groups-source.properties");
        Map<String, String> distributed = load("config/compliance-groups-source.json");

        assertThat(withoutRegistryUrls(distributed)).isEqualTo(withoutRegistryUrls(standalone));
    }

    /** Skipped until the connector class is on the class path; from then on it checks every example key. */
    @ParameterizedTest
    @ValueSource(strings = {
            "config/compliance-groups-source.properties",
            "config/compliance-groups-source-json.properties",
            "config/compliance-groups-source.json",
            "docker/compliance-groups-source-simulator.json"})
    void usesOnlyKeysThatConnectOrTheConnectorDocument(String file) throws Exception {
        assertThat(unknownKeys(load(file))).as("keys in %s that neither Connect nor the connector define", file).isEmpty();
    }

    /** Keys of a connector configuration that neither Connect's source connector config nor the connector define. */
    static Set<String> unknownKeys(Map<String, String> config) throws ReflectiveOperationException {
        Set<String> known = new TreeSet<>(SourceConnectorConfig.configDef().names());
        known.addAll(connectorConfigDef().names());

        Set<String> unknown = new TreeSet<>();
        for (String key : config.keySet()) {
            // Converter settings are passed through to the converter named by key/value.converter.
            boolean converterSetting = key.startsWith("key.converter.") || key.startsWith("value.converter.");
            if (!converterSetting && !known.contains(key)) {
                unknown.add(key);
            }
        }
        return unknown;
    }

    private static ConfigDef connectorConfigDef() throws ReflectiveOperationException {
        Class<?> connectorClass;
        try {
            connectorClass = Class.forName(CONNECTOR_CLASS);
        } catch (ClassNotFoundException e) {
            // Not a skip: the examples name this class, so without it they configure nothing.
            throw new AssertionError("the examples name " + CONNECTOR_CLASS + ", which does not exist", e);
        }
        Connector connector = (Connector) connectorClass.getDeclaredConstructor().newInstance();
        return connector.config();
    }

    private static Map<String, String> withoutRegistryUrls(Map<String, String> config) {
        Map<String, String> copy = new LinkedHashMap<>(config);
        copy.remove("key.converter.schema.registry.url");
        copy.remove("value.converter.schema.registry.url");
        return copy;
    }

    static Map<String, String> load(String file) throws IOException {
        Path path = Path.of(file);
        Map<String, String> config = new LinkedHashMap<>();
        if (file.endsWith(".json")) {
            JsonNode body = new ObjectMapper().readTree(path.toFile());
            // The REST API's POST /connectors body: {"name": ..., "config": {...}}.
            assertThat(body.path("config").isObject()).as("%s has a config object", file).isTrue();
            config.put("name", body.path("name").asText());
            body.path("config").properties().forEach(field -> {
                assertThat(field.getValue().isTextual()).as("%s: %s is a JSON string", file, field.getKey()).isTrue();
                config.put(field.getKey(), field.getValue().asText());
            });
        } else {
            Properties properties = new Properties();
            try (Reader reader = Files.newBufferedReader(path)) {
                properties.load(reader);
            }
            properties.stringPropertyNames().forEach(key -> config.put(key, properties.getProperty(key)));
        }
        return config;
    }
}
