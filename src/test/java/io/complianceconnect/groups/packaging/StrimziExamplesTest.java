package io.complianceconnect.groups.packaging;

import static io.complianceconnect.groups.packaging.KubernetesExamples.STRIMZI_CONNECT;
import static io.complianceconnect.groups.packaging.KubernetesExamples.STRIMZI_CONNECTOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.complianceconnect.groups.packaging.KubernetesExamples.ProviderReference;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.VolumeMount;
import io.strimzi.api.kafka.model.common.metrics.JmxPrometheusExporterMetrics;
import io.strimzi.api.kafka.model.common.template.AdditionalVolume;
import io.strimzi.api.kafka.model.connect.KafkaConnect;
import io.strimzi.api.kafka.model.connect.build.Artifact;
import io.strimzi.api.kafka.model.connect.build.ZipArtifact;
import io.strimzi.api.kafka.model.connector.KafkaConnector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.config.provider.DirectoryConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * config/kubernetes/strimzi/ against Strimzi's own schema: the resources are bound to the model classes of
 * io.strimzi:api (Strimzi generates its CRDs from them), and no property may be left that the model does not define.
 * Then what Strimzi checks only when it deploys: the archive artifact, the metrics config map, and that the key's
 * config provider reference points at the mounted Secret through a provider the worker enables.
 */
class StrimziExamplesTest {

    @Test
    void kafkaConnectUsesOnlyPropertiesStrimzisModelDefines() throws IOException {
        KafkaConnect connect = KubernetesExamples.bind(STRIMZI_CONNECT, KafkaConnect.class);

        assertThat(connect.getApiVersion()).isEqualTo(HasMetadata.getApiVersion(KafkaConnect.class));
        assertThat(connect.getKind()).isEqualTo(HasMetadata.getKind(KafkaConnect.class));
        assertThat(KubernetesExamples.unknownProperties(connect)).isEmpty();
    }

    @Test
    void kafkaConnectorUsesOnlyPropertiesStrimzisModelDefines() throws IOException {
        KafkaConnector connector = KubernetesExamples.bind(STRIMZI_CONNECTOR, KafkaConnector.class);

        assertThat(connector.getApiVersion()).isEqualTo(HasMetadata.getApiVersion(KafkaConnector.class));
        assertThat(connector.getKind()).isEqualTo(HasMetadata.getKind(KafkaConnector.class));
        assertThat(KubernetesExamples.unknownProperties(connector)).isEmpty();
    }

    /** The check itself: a misspelt property is caught, not kept quietly by the model's catch-all map. */
    @Test
    void aPropertyStrimziDoesNotDefineIsReported() throws IOException {
        String misspelt = KubernetesExamples.tree(STRIMZI_CONNECTOR).toString().replace("\"tasksMax\"", "\"taskMax\"");
        KafkaConnector connector = new ObjectMapper().readValue(misspelt, KafkaConnector.class);

        assertThat(KubernetesExamples.unknownProperties(connector)).containsExactly(".spec.taskMax");
    }

    @Test
    void buildsFromTheReleaseArchiveByUrlAndSha512() throws IOException {
        KafkaConnect connect = KubernetesExamples.bind(STRIMZI_CONNECT, KafkaConnect.class);

        List<Artifact> artifacts = connect.getSpec().getBuild().getPlugins().get(0).getArtifacts();
        assertThat(artifacts).singleElement().isInstanceOf(ZipArtifact.class);
        ZipArtifact zip = (ZipArtifact) artifacts.get(0);
        assertThat(zip.getUrl()).matches(KubernetesExamples.ARCHIVE_URL);
        assertThat(zip.getSha512sum()).isEqualTo(KubernetesExamples.CHECKSUM_PLACEHOLDER);
        assertThat(connect.getMetadata().getAnnotations()).containsEntry("strimzi.io/use-connector-resources", "true");
    }

    /** docs/operations.md, "Kubernetes", tells the reader to replace exactly these. */
    @Test
    void placeholdersAreTheOnesTheOperationsGuideExplains() throws IOException {
        assertThat(Files.readString(Path.of("docs/operations.md"))).contains(KubernetesExamples.CHECKSUM_PLACEHOLDER,
                "https://ARCHIVE_HOST/complianceconnect-kafka-connect-compliance-groups-VERSION.zip", ".sha512");
        assertThat("https://ARCHIVE_HOST/complianceconnect-kafka-connect-compliance-groups-VERSION.zip")
                .matches(KubernetesExamples.ARCHIVE_URL);
    }

    @Test
    void metricsComeFromTheProjectsJmxExporterConfiguration() throws IOException {
        KafkaConnect connect = KubernetesExamples.bind(STRIMZI_CONNECT, KafkaConnect.class);

        assertThat(connect.getSpec().getMetricsConfig()).isInstanceOf(JmxPrometheusExporterMetrics.class);
        JmxPrometheusExporterMetrics metrics = (JmxPrometheusExporterMetrics) connect.getSpec().getMetricsConfig();
        // The config map is made from etc/monitoring/jmx-exporter.yml under this key (the comment at the top says how).
        assertThat(metrics.getValueFrom().getConfigMapKeyRef().getKey()).isEqualTo("jmx-exporter.yml");
        assertThat(KubernetesExamples.tree(STRIMZI_CONNECT).toString())
                .doesNotContain("lowercaseOutputName"); // not a copy that would drift from docker/jmx-exporter.yml
    }

    @Test
    void theKeyIsReadFromTheMountedSecretThroughKafkasDirectoryConfigProvider() throws IOException {
        KafkaConnect connect = KubernetesExamples.bind(STRIMZI_CONNECT, KafkaConnect.class);
        Map<String, String> connector = connectorConfig();

        ProviderReference key = KubernetesExamples.providerReferences(connector).stream()
                .filter(reference -> reference.configKey().equals("compliance.api.key")).findFirst().orElseThrow();
        Map<String, Object> worker = connect.getSpec().getConfig();
        assertThat(worker.get("config.providers").toString().split(",")).contains(key.provider());
        assertThat(worker.get("config.providers." + key.provider() + ".class"))
                .isEqualTo(DirectoryConfigProvider.class.getName());
        assertThat(key.path()).startsWith(worker.get("config.providers." + key.provider() + ".param.allowed.paths").toString());

        VolumeMount mount = connect.getSpec().getTemplate().getConnectContainer().getVolumeMounts().stream()
                .filter(m -> m.getMountPath().equals(key.path())).findFirst().orElseThrow(
                        () -> new AssertionError("no volume mounted at " + key.path()));
        AdditionalVolume volume = connect.getSpec().getTemplate().getPod().getVolumes().stream()
                .filter(v -> v.getName().equals(mount.getName())).findFirst().orElseThrow();
        assertThat(volume.getSecret().getSecretName()).isEqualTo("compliance-api-key");
    }

    @Test
    void theConnectorRunsOnTheClusterOfTheExampleAndLeavesStrimzisOwnKeysToIt() throws IOException {
        KafkaConnect connect = KubernetesExamples.bind(STRIMZI_CONNECT, KafkaConnect.class);
        KafkaConnector connector = KubernetesExamples.bind(STRIMZI_CONNECTOR, KafkaConnector.class);

        assertThat(connector.getMetadata().getLabels()).containsEntry("strimzi.io/cluster", connect.getMetadata().getName());
        // Strimzi refuses these in spec.config: it sets them from metadata.name, spec.class and spec.tasksMax.
        assertThat(connector.getSpec().getConfig()).doesNotContainKeys("name", "connector.class", "tasks.max");
    }

    /** The configuration the worker gets for the KafkaConnector: spec.config, the class, tasksMax and the name. */
    static Map<String, String> connectorConfig() throws IOException {
        JsonNode resource = KubernetesExamples.tree(STRIMZI_CONNECTOR);
        return KubernetesExamples.connectorConfig(resource.path("metadata").path("name").asText(),
                resource.path("spec").path("class").asText(), resource.path("spec").path("tasksMax").asInt(),
                resource.path("spec").path("config"));
    }
}
