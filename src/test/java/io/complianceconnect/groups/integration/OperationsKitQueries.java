package io.complianceconnect.groups.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The PromQL the operations kit runs: every panel target and query variable of the Grafana dashboard
 * ({@value #DASHBOARD}) and every expression of the alert rules ({@value #ALERTS}), each under a name
 * that says where it is.
 */
final class OperationsKitQueries {

    static final String DASHBOARD = "docker/grafana/dashboards/compliance-groups-source.json";
    static final String ALERTS = "docker/prometheus/compliance-groups-alerts.yml";

    /** Grafana's query-variable function: its first argument is a series selector, the second a label. */
    private static final Pattern LABEL_VALUES = Pattern.compile("^\\s*label_values\\((.*),\\s*[a-zA-Z_]\\w*\\s*\\)\\s*$",
            Pattern.DOTALL);
    private static final Pattern ALERT = Pattern.compile("^\\s*- alert:\\s*(\\S+)\\s*$");
    private static final Pattern EXPR = Pattern.compile("^(\\s*)expr:\\s*(.*)$");

    private OperationsKitQueries() {
    }

    static JsonNode dashboard() throws IOException {
        return new ObjectMapper().readTree(Files.readString(Path.of(DASHBOARD)));
    }

    /** The panels, those inside rows included, rows excluded. */
    static List<JsonNode> panels(JsonNode dashboard) {
        List<JsonNode> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                panel.path("panels").forEach(panels::add);
            } else {
                panels.add(panel);
            }
        }
        return panels;
    }

    /** Every query of the dashboard, by "panel TITLE, target REFID" or "variable NAME". */
    static Map<String, String> dashboardQueries() throws IOException {
        JsonNode dashboard = dashboard();
        Map<String, String> queries = new LinkedHashMap<>();
        for (JsonNode panel : panels(dashboard)) {
            for (JsonNode target : panel.path("targets")) {
                queries.put("panel " + panel.path("title").asText() + ", target " + target.path("refId").asText(),
                        target.path("expr").asText());
            }
        }
        for (JsonNode variable : dashboard.path("templating").path("list")) {
            if ("query".equals(variable.path("type").asText())) {
                JsonNode query = variable.path("query");
                String text = query.isTextual() ? query.asText() : query.path("query").asText();
                Matcher labelValues = LABEL_VALUES.matcher(text);
                queries.put("variable " + variable.path("name").asText(), labelValues.matches()
                        ? labelValues.group(1) : text);
            }
        }
        return queries;
    }

    /** Every alert's expression, by "alert NAME", from the rule file's {@code expr:} lines (one line or a block). */
    static Map<String, String> alertExpressions() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(ALERTS));
        Map<String, String> expressions = new LinkedHashMap<>();
        String alert = null;
        for (int i = 0; i < lines.size(); i++) {
            Matcher name = ALERT.matcher(lines.get(i));
            Matcher expr = EXPR.matcher(lines.get(i));
            if (name.matches()) {
                alert = name.group(1);
            } else if (expr.matches() && alert != null) {
                StringBuilder text = new StringBuilder();
                if (expr.group(2).trim().startsWith("|") || expr.group(2).trim().startsWith(">")) {
                    int indent = expr.group(1).length();
                    while (i + 1 < lines.size() && (lines.get(i + 1).isBlank()
                            || lines.get(i + 1).length() - lines.get(i + 1).stripLeading().length() > indent)) {
                        text.append(lines.get(++i).trim()).append('\n');
                    }
                } else {
                    text.append(expr.group(2).trim());
                }
                expressions.put("alert " + alert, text.toString().trim());
                alert = null;
            }
        }
        return expressions;
    }

    /** The dashboard's queries and the alerts' expressions together. */
    static Map<String, String> all() throws IOException {
        Map<String, String> all = new LinkedHashMap<>(dashboardQueries());
        all.putAll(alertExpressions());
        return all;
    }
}
