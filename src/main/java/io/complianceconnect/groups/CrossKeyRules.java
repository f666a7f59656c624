package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ClientSettings;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_URL;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_VERSION;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.REQUESTS_PER_MINUTE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.REQUEST_TIMEOUT_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_INITIAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_MAX_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BUDGET_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_MAX_ATTEMPTS;

/**
 * The rules no single key's validator can check, each reported on the key it concerns. The client's own
 * rules (such as a maximum backoff not shorter than the initial one) are not repeated here: they are
 * {@link ClientSettings}'s, and this class only says which key each refused setting came from.
 */
final class CrossKeyRules {

    /** The key each client setting the configuration sets comes from. */
    private static final Map<String, String> KEY_OF_CLIENT_SETTING = Map.of(
            "baseUrl", API_URL, "apiKey", API_KEY, "apiVersion", API_VERSION, "requestTimeout", REQUEST_TIMEOUT_MS,
            "requestsPerMinute", REQUESTS_PER_MINUTE, "backoffInitial", RETRY_BACKOFF_INITIAL_MS,
            "backoffMax", RETRY_BACKOFF_MAX_MS, "maxRetries", RETRY_MAX_ATTEMPTS, "retryBudget", RETRY_BUDGET_MS);

    private CrossKeyRules() {
    }

    /**
     * Messages by the key they concern, for {@code validate()} to report there; empty when the configuration
     * is usable. Call it only with properties whose keys each passed their own validator.
     */
    static Map<String, List<String>> problems(Map<String, String> props) {
        return problems(new ComplianceGroupsSourceConnectorConfig(props, false));
    }

    /** Messages by the key they concern; empty when the configuration is usable. */
    static Map<String, List<String>> problems(ComplianceGroupsSourceConnectorConfig config) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        for (ClientSettings.Problem problem : config.clientSettingsBuilder().problems()) {
            String key = KEY_OF_CLIENT_SETTING.get(problem.field());
            if (key == null) {
                throw new IllegalStateException("no configuration key sets the client's " + problem.field()
                        + ", yet it was refused: " + problem.message());
            }
            byKey.computeIfAbsent(key, k -> new ArrayList<>()).add(problem.message());
        }
        return byKey;
    }
}
