package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The task warns at start unless the connector requires exactly-once (the only setting that guarantees it). */
class ExactlyOnceWarningTest {

    @Test
    void onlyRequiredCountsAsExactlyOnce() {
        assertThat(ComplianceGroupsSourceTask.exactlyOnceRequired(Map.of("exactly.once.support", "required"))).isTrue();
        assertThat(ComplianceGroupsSourceTask.exactlyOnceRequired(Map.of("exactly.once.support", " REQUIRED ")))
                .isTrue();
        assertThat(ComplianceGroupsSourceTask.exactlyOnceRequired(Map.of("exactly.once.support", "requested")))
                .as("requested lets a worker without exactly-once run the task at-least-once").isFalse();
        assertThat(ComplianceGroupsSourceTask.exactlyOnceRequired(Map.of())).isFalse();
    }
}
