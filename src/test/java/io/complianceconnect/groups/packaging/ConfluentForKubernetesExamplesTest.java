package io.complianceconnect.groups.packaging;

import static io.complianceconnect.groups.packaging.KubernetesExamples.CFK_CONNECT;
import static io.complianceconnect.groups.packaging.KubernetesExamples.CFK_CONNECTOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.complianceconnect.groups.packaging.KubernetesExamples.ProviderReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * config/kubernetes/confluent/ against the fields Confluent for Kubernetes documents for its Connect and Connector
 * resources (src/test/resources/kubernetes/confluent-for-kubernetes-fields.txt names the pages; Confluent's CRD
 * schemas are not obtainable here): no other field, every required one, and what the operator does with them.
 */
class ConfluentForKubernetesExamplesTest {

    @Test
    void connectUsesOnlyDocumentedFieldsAndEveryRequiredOne() throws IOException {
        assertDocumentedFields("Connect", CFK_CONNECT);
    }

    @Test
    void connectorUsesOnlyDocumentedFieldsAndEveryRequiredOne() throws IOException {
        assertDocumentedFields("Connector", CFK_CONNECTOR);
    }

    @Test
    void installsThePluginFromTheReleaseArchiveByUrlAndSha512() throws IOException {
        JsonNode plugins = KubernetesExamples.tree(CFK_CONNECT).path("spec").path("build").path("onDemand").path("plugins");

        assertThat(plugins.path("locationType").asText()).isEqualTo("url");
        JsonNode plugin = plugins.path("url").get(0);
        assertThat(plugin.path("archivePath").asText()).matches(KubernetesExamples.ARCHIVE_URL);
        assertThat(plugin.path("checksum").asText()).isEqualTo(KubernetesExamples.CHECKSUM_PLACEHOLDER);
    }

    @Test
    void connectorConfigValuesAreStringsAsTheConnectorResourceRequires() throws IOException {
        JsonNode configs = KubernetesExamples.tree(CFK_CONNECTOR).path("spec").path("configs");

        List<String> notStrings = new ArrayList<>();
        configs.properties().forEach(entry -> {
            if (!entry.getValue().isTextual()) {
                notStrings.add(entry.getKey());
            }
        });
        assertThat(notStrings).as("configs is a map of strings: quote these").isEmpty();
    }

    @Test
    void theKeyIsReadFromTheMountedSecretThroughAProviderTheWorkerEnables() throws IOException {
        JsonNode connect = KubernetesExamples.tree(CFK_CONNECT).path("spec");
        JsonNode connector = KubernetesExamples.tree(CFK_CONNECTOR).path("spec");
        ProviderReference key = KubernetesExamples.providerReferences(connectorConfig()).stream()
                .filter(reference -> reference.configKey().equals("compliance.api.key")).findFirst().orElseThrow();

        List<String> server = new ArrayList<>();
        connect.path("configOverrides").path("server").forEach(line -> server.add(line.asText()));
        assertThat(server).contains("config.providers=" + key.provider(),
                "config.providers." + key.provider() + ".class=org.apache.kafka.common.config.provider.FileConfigProvider");
        // CFK mounts each of mountedSecrets at /mnt/secrets/<secret name>/, a file per key of the Secret.
        String secret = connect.path("mountedSecrets").get(0).path("secretRef").asText();
        assertThat(key.path()).startsWith("/mnt/secrets/" + secret + "/");
        assertThat(connector.path("connectClusterRef").path("name").asText())
                .isEqualTo(KubernetesExamples.tree(CFK_CONNECT).path("metadata").path("name").asText());
    }

    /** The configuration the worker gets for the Connector: configs, the class, taskMax and the resource's name. */
    static Map<String, String> connectorConfig() throws IOException {
        JsonNode resource = KubernetesExamples.tree(CFK_CONNECTOR);
        return KubernetesExamples.connectorConfig(resource.path("metadata").path("name").asText(),
                resource.path("spec").path("class").asText(), resource.path("spec").path("taskMax").asInt(),
                resource.path("spec").path("configs"));
    }

    private static void assertDocumentedFields(String kind, Path file) throws IOException {
        JsonNode resource = KubernetesExamples.tree(file);
        assertThat(resource.path("kind").asText()).isEqualTo(kind);
        assertThat(resource.path("apiVersion").asText()).isEqualTo("platform.confluent.io/v1beta1");

        TreeSet<String> documented = new TreeSet<>();
        TreeSet<String> required = new TreeSet<>();
        for (String line : documentedFields()) {
            String[] parts = line.split(" ");
            if (parts[0].equals(kind)) {
                documented.add(parts[1]);
                if (parts.length > 2 && parts[2].equals("required")) {
                    required.add(parts[1]);
                }
            }
        }
        TreeSet<String> used = new TreeSet<>();
        collectPaths(resource, "", used, documented);

        assertThat(used).as("fields of %s that Confluent does not document for %s", file, kind)
                .allMatch(documented::contains);
        assertThat(used).as("required fields of %s", kind).containsAll(required);
    }

    /**
     * Leaf paths: a.b for objects, a[] for list items (every item), and a.* for a map the documentation gives as one
     * (its keys, such as connector configuration keys, contain dots themselves).
     */
    private static void collectPaths(JsonNode node, String path, TreeSet<String> paths, TreeSet<String> documented) {
        if (node.isObject() && documented.contains(path + ".*")) {
            paths.add(path + ".*");
        } else if (node.isObject() && !node.isEmpty()) {
            node.properties().forEach(entry -> collectPaths(entry.getValue(),
                    path.isEmpty() ? entry.getKey() : path + "." + entry.getKey(), paths, documented));
        } else if (node.isArray()) {
            node.forEach(item -> collectPaths(item, path + "[]", paths, documented));
        } else {
            paths.add(path);
        }
    }

    private static List<String> documentedFields() throws IOException {
        try (InputStream in = ConfluentForKubernetesExamplesTest.class
                .getResourceAsStream("/kubernetes/confluent-for-kubernetes-fields.txt")) {
            assertThat(in).as("the documented fields list").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines()
                    .filter(line -> !line.isBlank() && !line.startsWith("#")).toList();
        }
    }
}
