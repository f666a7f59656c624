package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Confluent Hub manifest as the build generates it from connector-manifest.json (the zip's
 * manifest.json is this file). Confluent Hub and `confluent-hub install` read these fields.
 */
class ConnectorManifestTest {

    private static String text;
    private static JsonNode manifest;

    @BeforeAll
    static void readGeneratedManifest() throws IOException {
        String location = System.getProperty("connector.manifest");
        assertThat(location).as("surefire system property connector.manifest").isNotBlank();
        text = Files.readString(Path.of(location));
        manifest = new ObjectMapper().readTree(text);
    }

    @Test
    void hasNoPlaceholderLeftByResourceFiltering() {
        assertThat(text).doesNotContain("${").doesNotContain("@project.");
    }

    @Test
    void carriesTheBuildsVersionAndReleaseDate() {
        assertThat(manifest.path("version").asText()).isEqualTo(System.getProperty("project.version"));
        // Confluent Hub expects an ISO date (yyyy-MM-dd); parse() throws on anything else.
        assertThat(LocalDate.parse(manifest.path("release_date").asText())).isNotNull();
    }

    @Test
    void namesTheComponentLikeTheArchive() {
        assertThat(manifest.path("name").asText()).isEqualTo("kafka-connect-compliance-groups");
        assertThat(manifest.path("owner").path("username").asText()).isEqualTo("complianceconnect");
        assertThat(manifest.path("owner").path("name").asText()).isNotBlank();
        assertThat(texts(manifest.path("component_types"))).containsExactly("source");
    }

    @Test
    void hasEveryFieldConfluentHubExpects() {
        for (String field : List.of("title", "description", "documentation_url")) {
            assertThat(manifest.path(field).asText()).as(field).isNotBlank();
        }
        assertThat(manifest.path("documentation_url").asText()).startsWith("https://");
        assertThat(texts(manifest.path("tags"))).isNotEmpty();
        assertThat(texts(manifest.path("requirements"))).isNotEmpty();
        assertThat(String.join("\n", texts(manifest.path("requirements")))).as("every scope the key may need")
                .contains("read:compliance_org_data", "read:compliance_user_data", "read:compliance_activities");

        JsonNode features = manifest.path("features");
        assertThat(texts(features.path("supported_encodings"))).containsExactly("any");
        assertThat(features.path("single_message_transforms").isBoolean()).isTrue();
        assertThat(features.path("confluent_control_center_integration").isBoolean()).isTrue();
        assertThat(features.path("kafka_connect_api").asBoolean()).isTrue();
        assertThat(texts(features.path("delivery_guarantee"))).containsExactly("at_least_once", "exactly_once");

        JsonNode license = manifest.path("license");
        assertThat(license.isArray()).isTrue();
        assertThat(license.get(0).path("name").asText()).isEqualTo("Apache License 2.0");
        assertThat(license.get(0).path("url").asText()).isEqualTo("https://www.apache.org/licenses/LICENSE-2.0");

        assertThat(manifest.path("support").path("summary").asText()).isNotBlank();
        assertThat(manifest.path("support").path("provider_name").asText()).isNotBlank();
    }

    /** The Marketplace shows these images; the assembly copies src/assembly/assets/ to the archive's assets/. */
    @Test
    void logoAndOwnerLogoNameAnImageTheArchiveCarries() {
        for (JsonNode logo : List.of(manifest.path("logo"), manifest.path("owner").path("logo"))) {
            assertThat(logo.asText()).startsWith("assets/");
            assertThat(Path.of("src/assembly", logo.asText())).isRegularFile();
        }
    }

    /**
     * Confluent Hub shows docker_image as a ready image with the connector installed. Only the local Docker stack
     * builds one (docker/docker-compose.yml); an image named here must be that one, tag and all, or a user pulls
     * something that does not exist.
     */
    @Test
    void namesNoDockerImageBesidesTheOneTheProjectBuilds() throws IOException {
        JsonNode image = manifest.path("docker_image");
        if (image.isMissingNode()) {
            return;
        }
        String named = image.path("namespace").asText() + "/" + image.path("name").asText() + ":" + image.path("tag").asText();
        assertThat(Files.readString(Path.of("docker/docker-compose.yml")))
                .as("docker-compose.yml builds the image the manifest names")
                .contains("image: " + named);
    }

    private static List<String> texts(JsonNode array) {
        assertThat(array.isArray()).as("expected a JSON array but found %s", array).isTrue();
        List<String> values = new ArrayList<>();
        array.forEach(value -> values.add(value.asText()));
        return values;
    }
}
