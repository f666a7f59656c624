package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class ConfigReferenceTest {

    @Test
    void theReadmeDocumentsEveryConfigKeyExactlyAsTheConfigDefDefinesIt() throws Exception {
        String readme = Files.readString(Path.of("README.md"));
        String start = "<!-- config-reference:start -->\n";
        String end = "<!-- config-reference:end -->";
        int from = readme.indexOf(start);
        int to = readme.indexOf(end);
        assertThat(from).as("README has the config reference markers").isGreaterThanOrEqualTo(0);
        assertThat(readme.substring(from + start.length(), to))
                .as("README config reference is stale: regenerate it from ComplianceGroupsSourceConnectorConfig.main")
                .isEqualTo(ConfigReference.markdown(ComplianceGroupsSourceConnectorConfig.CONFIG_DEF));
    }
}
