package io.complianceconnect.groups;

import io.complianceconnect.groups.sweep.SnapshotRequest;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code snapshot.request} and {@code snapshot.request.groups}: what reaches the engine, and what is refused. */
class SnapshotRequestConfigTest {

    private static final String REQUEST = "snapshot.request";
    private static final String GROUPS = "snapshot.request.groups";

    @Test
    void byDefaultNothingIsRequested() {
        assertThat(settings(Map.of()).requested()).isFalse();
        assertThat(settings(Map.of()).groups()).isEmpty();
    }

    @Test
    void theRequestAndItsGroupsReachTheEngine() {
        SnapshotRequest request = settings(Map.of(REQUEST, "2026-05-01 restore of compliance.groups",
                GROUPS, "rbac_group_a, rbac_group_b"));
        assertThat(request.value()).isEqualTo("2026-05-01 restore of compliance.groups");
        assertThat(request.groups()).isEqualTo(Set.of("rbac_group_a", "rbac_group_b"));
        assertThat(request.covers("rbac_group_a")).isTrue();
        assertThat(request.covers("rbac_group_c")).isFalse();
        assertThat(settings(Map.of(REQUEST, "all")).covers("rbac_group_c")).as("no groups named: all").isTrue();
    }

    @Test
    void aRequestWithControlCharactersOrTooLongIsRefusedSayingWhatToDo() {
        for (String bad : List.of("line one\nline two", "x".repeat(201))) {
            Map<String, List<String>> errors = validationErrors(Map.of(REQUEST, bad));
            assertThat(errors).containsOnlyKeys(REQUEST);
            assertThat(errors.get(REQUEST)).singleElement().asString()
                    .contains(REQUEST, "at most 200", "such as the date");
            assertThatThrownBy(() -> new ComplianceGroupsSourceConnector().start(withRequired(Map.of(REQUEST, bad))))
                    .isInstanceOf(ConfigException.class).hasMessageContaining(REQUEST);
        }
        assertThat(validationErrors(Map.of(REQUEST, "x".repeat(200)))).isEmpty();
    }

    @Test
    void groupIdsThatCannotBeIdsAreRefusedNamingThem() {
        Map<String, List<String>> empty = validationErrors(Map.of(REQUEST, "r", GROUPS, "rbac_group_a,,rbac_group_b"));
        assertThat(empty).containsOnlyKeys(GROUPS);
        assertThat(empty.get(GROUPS)).singleElement().asString().contains(GROUPS, "empty", "comma-separated");

        Map<String, List<String>> spaced = validationErrors(Map.of(REQUEST, "r", GROUPS, "rbac_group_a rbac_group_b"));
        assertThat(spaced).containsOnlyKeys(GROUPS);
        assertThat(spaced.get(GROUPS)).singleElement().asString()
                .contains(GROUPS, "'rbac_group_a rbac_group_b'", "comma-separated");
    }

    private static SnapshotRequest settings(Map<String, String> props) {
        return new ComplianceGroupsSourceConnectorConfig(withRequired(props)).sweepSettings("c").snapshotRequest();
    }

    private static Map<String, String> withRequired(Map<String, String> props) {
        Map<String, String> config = new HashMap<>(props);
        config.put(ComplianceGroupsSourceConnectorConfig.API_KEY, "sk-ant-api01-test.snapshot.request.only");
        config.put(ComplianceGroupsSourceConnectorConfig.API_URL, "http://127.0.0.1:1");
        config.put("name", "snapshot-request-test");
        return config;
    }

    private static Map<String, List<String>> validationErrors(Map<String, String> props) {
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : new ComplianceGroupsSourceConnector().validate(withRequired(props)).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }
}
