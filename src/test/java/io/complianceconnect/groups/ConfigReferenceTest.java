package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void theConfigurationReferenceDocumentsEveryKeyExactlyAsTheConfigDefDefinesIt() throws Exception {
        String reference = Files.readString(Path.of("docs/configuration.md"));
        String start = "<!-- config-reference:start -->\n";
        String end = "<!-- config-reference:end -->";
        int from = reference.indexOf(start);
        int to = reference.indexOf(end);
        assertThat(from).as("docs/configuration.md has the config reference markers").isGreaterThanOrEqualTo(0);
        assertThat(reference.substring(from + start.length(), to))
                .as("docs/configuration.md is stale: regenerate it from ComplianceGroupsSourceConnectorConfig.main")
                .isEqualTo(ConfigReference.markdown(ComplianceGroupsSourceConnectorConfig.CONFIG_DEF));
    }
}
