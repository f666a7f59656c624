package io.complianceconnect.groups.integration;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operations kit's Grafana dashboard is well-formed and complete: every panel has a title and a query,
 * the sections operators expect are there, and docker-compose provisions it. (That every series it queries
 * exists on a running worker is {@link JmxExporterIT}'s check.)
 */
class GrafanaDashboardTest {

    @Test
    void everyPanelHasATitleAndAtLeastOneQueryAndIdsAreUnique() throws Exception {
        JsonNode dashboard = OperationsKitQueries.dashboard();
        List<JsonNode> panels = OperationsKitQueries.panels(dashboard);
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(panels).isNotEmpty();
        Set<Integer> ids = new HashSet<>();
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("panel id " + panel.path("id") + " is unique").isTrue();
        }
        for (JsonNode panel : panels) {
            String title = panel.path("title").asText();
            assertThat(title).as("a panel's title").isNotBlank();
            assertThat(panel.path("targets").size()).as(title + ": at least one target").isPositive();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(title + ": every target has a PromQL expr").isNotBlank();
                assertThat(PromQlMetricNames.of(target.path("expr").asText()).size() + constants(target))
                        .as(title + ": every target queries a series or draws a variable").isPositive();
            }
        }
    }

    @Test
    void theDashboardShowsWhatOperatorsAskFor() throws Exception {
        String queries = String.join("\n", OperationsKitQueries.dashboardQueries().values());
        assertThat(queries).contains("compliance_groups_sweep_groups_seen", "compliance_groups_records_total",
                "compliance_groups_requests_total", "$budget", "compliance_groups_rate_limited_responses_total",
                "compliance_groups_retries_total", "compliance_groups_activity_feed_position_epoch_ms",
                "compliance_groups_last_sweep_completed_epoch_ms", "kafka_connect_connector_task_status");
    }

    @Test
    void theAlertRulesAreReadOneExpressionPerAlert() throws Exception {
        long alerts = Files.readAllLines(Path.of(OperationsKitQueries.ALERTS)).stream()
                .filter(line -> line.trim().startsWith("- alert:")).count();
        assertThat(OperationsKitQueries.alertExpressions()).hasSize((int) alerts).allSatisfy((alert, expr) ->
                assertThat(PromQlMetricNames.of(expr)).as(alert).isNotEmpty());
    }

    @Test
    void dockerComposeProvisionsGrafanaWithTheDashboardAndTheDatasource() throws Exception {
        String compose = Files.readString(Path.of("docker/docker-compose.yml"));
        assertThat(compose).contains("image: grafana/grafana", "./grafana/provisioning:/etc/grafana/provisioning",
                "./grafana/dashboards:/var/lib/grafana/dashboards");
        assertThat(Files.readString(Path.of("docker/grafana/provisioning/dashboards/compliance-groups.yml")))
                .contains("path: /var/lib/grafana/dashboards");
        assertThat(Files.readString(Path.of("docker/grafana/provisioning/datasources/prometheus.yml")))
                .contains("type: prometheus", "url: http://prometheus:9090");
    }

    /** A target that draws a dashboard variable as a line (vector($budget)) queries no series. */
    private static int constants(JsonNode target) {
        return target.path("expr").asText().matches("vector\\(\\$\\w+\\)") ? 1 : 0;
    }
}
