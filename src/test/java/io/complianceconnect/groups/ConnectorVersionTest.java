package io.complianceconnect.groups;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ConnectorVersionTest {

    @Test
    void isTheProjectVersionStampedByTheBuild() {
        // Surefire passes the POM's version; the resource was filtered from the same property.
        String projectVersion = System.getProperty("project.version");
        assertThat(projectVersion).as("surefire system property project.version").isNotBlank();

        assertThat(ConnectorVersion.get()).isEqualTo(projectVersion);
    }

    @Test
    void anUnfilteredOrMissingValueIsReportedAsUnknownRatherThanAsAPlaceholder() {
        assertThat(ConnectorVersion.parse("${project.version}")).isEqualTo(ConnectorVersion.UNKNOWN);
        assertThat(ConnectorVersion.parse(null)).isEqualTo(ConnectorVersion.UNKNOWN);
        assertThat(ConnectorVersion.parse("  ")).isEqualTo(ConnectorVersion.UNKNOWN);
        assertThat(ConnectorVersion.parse(" 1.2.3 ")).isEqualTo("1.2.3");
    }
}
