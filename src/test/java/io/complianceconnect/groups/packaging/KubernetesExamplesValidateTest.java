package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.ComplianceGroupsSourceConnector;
import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The connector configuration inside each Kubernetes example passes the connector's own validate(), as the worker
 * runs it when the operator creates the connector. Two things differ from a cluster, on purpose: the config
 * provider references (${directory:...}, ${file:...}) are resolved to the simulator's key here, where no worker
 * resolves them; and compliance.api.url, which the examples leave at the real API's default, points at the
 * project's API simulator, because validate() sends one request per endpoint to check the key.
 */
class KubernetesExamplesValidateTest {

    private static final String KEY = "sk-ant-api01-test.kubernetes.example";

    private static ComplianceApiSimulator simulator;

    @BeforeAll
    static void startSimulator() {
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).start();
    }

    @AfterAll
    static void stopSimulator() {
        simulator.close();
    }

    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "confluent"})
    void connectorConfigurationPassesTheConnectorsValidate(String operator) throws Exception {
        Map<String, String> config = operator.equals("strimzi")
                ? StrimziExamplesTest.connectorConfig() : ConfluentForKubernetesExamplesTest.connectorConfig();
        assertThat(config).doesNotContainKey(ComplianceGroupsSourceConnectorConfig.API_URL);
        assertThat(KubernetesExamples.providerReferences(config)).as("the key comes from a config provider")
                .extracting(KubernetesExamples.ProviderReference::configKey)
                .containsExactly(ComplianceGroupsSourceConnectorConfig.API_KEY);

        Map<String, String> resolved = KubernetesExamples.resolvedTo(config, KEY);
        resolved.put(ComplianceGroupsSourceConnectorConfig.API_URL, simulator.baseUrl().toString());

        assertThat(errors(resolved)).isEmpty();
        assertThat(ExampleConfigsTest.unknownKeys(config)).as("keys neither Connect nor the connector define").isEmpty();
    }

    /** The check can fail: with a key the API refuses, validate() reports it on the key's field. */
    @ParameterizedTest
    @ValueSource(strings = {"strimzi", "confluent"})
    void aKeyTheApiRefusesIsReportedOnTheKeysField(String operator) throws Exception {
        Map<String, String> config = operator.equals("strimzi")
                ? StrimziExamplesTest.connectorConfig() : ConfluentForKubernetesExamplesTest.connectorConfig();
        Map<String, String> resolved = KubernetesExamples.resolvedTo(config, "sk-ant-api01-test.not.the.simulators");
        resolved.put(ComplianceGroupsSourceConnectorConfig.API_URL, simulator.baseUrl().toString());

        assertThat(errors(resolved)).containsOnlyKeys(ComplianceGroupsSourceConnectorConfig.API_KEY);
    }

    private static Map<String, List<String>> errors(Map<String, String> config) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : new ComplianceGroupsSourceConnector().validate(config).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
