package io.complianceconnect.groups;

import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_URL;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.PAGE_SIZE;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A transform that drops records makes the connector's stored state claim changes no topic holds: a
 * dropped deletion is never emitted again, and consumers keep a phantom. {@code validate()} and
 * {@code start()} refuse such a transform, on its {@code transforms.ALIAS.type} field, saying why
 * and what to do instead; transforms that only change a record are accepted.
 */
class RecordDroppingTransformsTest {

    private static final String KAFKA_FILTER = "org.apache.kafka.connect.transforms.Filter";

    @Test
    void validateRefusesKafkasFilterWithoutAPredicateOnItsTypeFieldSayingWhyAndWhatToDoInstead() {
        Map<String, String> config = config("transforms", "dropAll", "transforms.dropAll.type", KAFKA_FILTER);

        Map<String, List<String>> errors = validationErrors(config);

        assertThat(errors).containsOnlyKeys("transforms.dropAll.type");
        assertThat(errors.get("transforms.dropAll.type")).singleElement().asString()
                .contains(KAFKA_FILTER, "drops records", "never reached", "deletion", "phantom",
                        "consumer", "group.name.prefix");
    }

    /** The usual way to filter: a predicate picks the records, negated or not; the records it picks are still lost. */
    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void validateRefusesKafkasFilterWithAPredicateNegatedOrNot(boolean negate) {
        Map<String, String> config = config("transforms", "route, dropSweeps",
                "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.route.regex", "compliance\\.(.*)", "transforms.route.replacement", "directory.$1",
                "transforms.dropSweeps.type", " " + KAFKA_FILTER + " ",
                "transforms.dropSweeps.predicate", "isSweeps", "transforms.dropSweeps.negate", String.valueOf(negate),
                "predicates", "isSweeps",
                "predicates.isSweeps.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches",
                "predicates.isSweeps.pattern", "compliance\\.sweeps");

        assertThat(validationErrors(config)).as("only the filter is refused, not the router before it")
                .containsOnlyKeys("transforms.dropSweeps.type");
    }

    /**
     * Decided: a transform whose class name says it filters is refused, whatever its package (Confluent's,
     * Debezium's and Aiven's filters drop records just as Kafka's does); a transform that drops records
     * under another name cannot be told from its class, and docs/guarantees.md warns about it.
     */
    @ParameterizedTest
    @ValueSource(strings = {"io.confluent.connect.transforms.Filter$Value", "io.debezium.transforms.Filter",
            "io.aiven.kafka.connect.transforms.FilterByFieldValue$Value",
            "com.github.jcustenborder.kafka.connect.transform.common.PatternFilter$Value"})
    void validateRefusesOtherFiltersByTheirClassName(String filter) {
        Map<String, String> config = config("transforms", "keep", "transforms.keep.type", filter);

        assertThat(validationErrors(config)).containsOnlyKeys("transforms.keep.type");
        assertThat(validationErrors(config).get("transforms.keep.type")).singleElement().asString()
                .contains(filter, "drops records");
    }

    @Test
    void transformsThatOnlyChangeTheRecordAndFiltersNotInTheChainAreAccepted() {
        Map<String, String> config = config("transforms", "source,mask,route",
                "transforms.source.type", "org.apache.kafka.connect.transforms.InsertField$Value",
                "transforms.source.static.field", "origin", "transforms.source.static.value", "compliance",
                "transforms.mask.type", "org.apache.kafka.connect.transforms.MaskField$Value",
                "transforms.mask.fields", "email",
                "transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter",
                "transforms.route.regex", "(.*)", "transforms.route.replacement", "mirror.$1",
                // Defined but not listed in "transforms": Connect never applies it.
                "transforms.unused.type", KAFKA_FILTER);

        assertThat(validationErrors(config).keySet()).noneMatch(key -> key.startsWith("transforms"));
        config.put("name", "transforms-test");
        assertThatCode(() -> new ComplianceGroupsSourceConnector().start(config)).doesNotThrowAnyException();
    }

    @Test
    void aFilterIsReportedWithTheOtherFieldsProblems() {
        Map<String, String> config = config("transforms", "drop", "transforms.drop.type", KAFKA_FILTER,
                PAGE_SIZE, "0");

        assertThat(validationErrors(config)).containsOnlyKeys("transforms.drop.type", PAGE_SIZE);
    }

    /** Connect may start a connector from a configuration that never went through validate(). */
    @Test
    void startRefusesAFilterNamingTheFieldAndTheClass() {
        Map<String, String> config = config("transforms", "drop", "transforms.drop.type", KAFKA_FILTER);
        config.put("name", "filtered");

        assertThatThrownBy(() -> new ComplianceGroupsSourceConnector().start(config))
                .isInstanceOf(ConfigException.class)
                .hasMessageContaining("transforms.drop.type")
                .hasMessageContaining("Invalid value " + KAFKA_FILTER)
                .hasMessageContaining("group.name.prefix");
    }

    private static Map<String, List<String>> validationErrors(Map<String, String> config) {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", "transforms-test");
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : new ComplianceGroupsSourceConnector().validate(withName).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.merge(value.name(), value.errorMessages(), (a, b) -> {
                    throw new AssertionError("two values for " + value.name());
                });
            }
        }
        // The probe of an API that is not there is not what these tests are about.
        errors.remove(API_URL);
        return errors;
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        config.put(API_KEY, "sk-ant-api01-test.transforms.only");
        config.put(API_URL, "http://127.0.0.1:1");
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }
}
