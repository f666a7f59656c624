package io.complianceconnect.groups.integration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PromQlMetricNamesTest {

    @Test
    void aSelectorsNameIsFoundAndItsLabelsAreNot() {
        assertThat(PromQlMetricNames.of("compliance_groups_sweep_number{connector=~\"$connector\", task=\"0\"}"))
                .containsExactly("compliance_groups_sweep_number");
        assertThat(PromQlMetricNames.of("up")).containsExactly("up");
    }

    @Test
    void functionsAggregationsGroupingLabelsAndRangesAreNotMetrics() {
        assertThat(PromQlMetricNames.of("sum by (connector, change_type) (rate(compliance_groups_records_total"
                + "{connector=~\"$connector\"}[$__rate_interval])) * 60"))
                .containsExactly("compliance_groups_records_total");
        assertThat(PromQlMetricNames.of("count without(task) (x) unless on (connector) count by(connector) (y)"))
                .containsExactly("x", "y");
        assertThat(PromQlMetricNames.of("sum(rate(a[5m])) / ignoring(instance) group_left(class) b offset 1h"))
                .containsExactly("a", "b");
        assertThat(PromQlMetricNames.of("MAX BY (x) (a) AND bool b"))
                .as("keywords are case-insensitive").containsExactly("a", "b");
    }

    @Test
    void theOperationsKitsOwnShapesAreRead() {
        assertThat(PromQlMetricNames.of("""
                (
                  time() * 1000
                    - (compliance_groups_last_sweep_completed_epoch_ms > compliance_groups_task_started_epoch_ms
                       or compliance_groups_task_started_epoch_ms)
                ) > 2 * clamp_min(compliance_groups_sweep_interval_ms, 300000)
                """)).containsExactly("compliance_groups_last_sweep_completed_epoch_ms",
                "compliance_groups_sweep_interval_ms", "compliance_groups_task_started_epoch_ms");
        assertThat(PromQlMetricNames.of("kafka_connect_connector_task_status{status!~\"running|failed\"} == 1\n"
                + "  and on (connector) kafka_connect_connector_class{class=\"io.complianceconnect.groups.X\"}"))
                .containsExactly("kafka_connect_connector_class", "kafka_connect_connector_task_status");
    }

    @Test
    void numbersDurationsStringsAndGrafanaVariablesAreNotMetrics() {
        assertThat(PromQlMetricNames.of("vector($budget) + vector(${ceiling}) + [[old]] + 1e3 + 0x1F + 0.05"))
                .isEmpty();
        assertThat(PromQlMetricNames.of("label_replace(a, \"dst\", \"$1\", \"src\", \"(.*)\") offset 5m"))
                .containsExactly("a");
        assertThat(PromQlMetricNames.of("a[1h:5m] @ start()")).containsExactly("a");
    }

    @Test
    void aNameWithColonsOrSuffixesIsTakenWhole() {
        assertThat(PromQlMetricNames.of("job:requests:rate5m + compliance_groups_requests_total_created"))
                .containsExactly("compliance_groups_requests_total_created", "job:requests:rate5m");
    }
}
