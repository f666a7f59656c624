package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.mapping.MemberEmails;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static io.complianceconnect.groups.ComplianceApiConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceApiConfig.API_URL;
import static io.complianceconnect.groups.ComplianceApiConfig.API_VERSION;
import static io.complianceconnect.groups.ComplianceApiConfig.REQUESTS_PER_MINUTE;
import static io.complianceconnect.groups.ComplianceApiConfig.REQUEST_TIMEOUT_MS;
import static io.complianceconnect.groups.ComplianceApiConfig.RETRY_BACKOFF_INITIAL_MS;
import static io.complianceconnect.groups.ComplianceApiConfig.RETRY_BACKOFF_MAX_MS;
import static io.complianceconnect.groups.ComplianceApiConfig.RETRY_BUDGET_MS;
import static io.complianceconnect.groups.ComplianceApiConfig.RETRY_MAX_ATTEMPTS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_HMAC_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_MODE;

/**
 * The rules no single key's validator can check, each reported on the key it concerns: Connect's own
 * keys this connector cannot work with, and the client's rules. Those (such as a maximum backoff not
 * shorter than the initial one) are not repeated here: they are {@link ClientSettings}'s, and this class
 * only says which key each refused setting came from.
 */
final class CrossKeyRules {

    /** Connect's {@code ConnectorConfig.ERRORS_TOLERANCE_CONFIG}; the worker defines it, not the plugin. */
    static final String ERRORS_TOLERANCE = "errors.tolerance";

    /** The key each client setting the configuration sets comes from. */
    private static final Map<String, String> KEY_OF_CLIENT_SETTING = Map.of(
            "baseUrl", API_URL, "apiKey", API_KEY, "apiVersion", API_VERSION, "requestTimeout", REQUEST_TIMEOUT_MS,
            "requestsPerMinute", REQUESTS_PER_MINUTE, "backoffInitial", RETRY_BACKOFF_INITIAL_MS,
            "backoffMax", RETRY_BACKOFF_MAX_MS, "maxRetries", RETRY_MAX_ATTEMPTS, "retryBudget", RETRY_BUDGET_MS);

    private CrossKeyRules() {
    }

    /**
     * Problems with Connect's own keys (errors.tolerance, a transform that drops records), by key; these
     * need no parsing of this connector's keys, so
     * {@code validate()} reports them even when other keys are wrong.
     */
    static Map<String, List<String>> frameworkProblems(Map<String, ?> props) {
        Map<String, List<String>> byKey = new LinkedHashMap<>();
        Object tolerance = props.get(ERRORS_TOLERANCE);
        if (tolerance != null && tolerance.toString().trim().equalsIgnoreCase("all")) {
            byKey.put(ERRORS_TOLERANCE, List.of("errors.tolerance=all is not supported by this connector: Connect"
                    + " would acknowledge a record that failed conversion or a transform as if it had been written,"
                    + " so the connector's stored state would claim a change that never reached Kafka, and that"
                    + " change would never be emitted again. Use errors.tolerance=none (the default), and no"
                    + " transform that drops records."));
        }
        byKey.putAll(RecordDroppingTransforms.problems(props));
        return byKey;
    }

    /**
     * Problems of {@code member.email.mode} with its key, by key; read from the raw properties, so
     * {@code validate()} reports them even when other keys are wrong. Never quotes the key.
     */
    static Map<String, List<String>> emailProblems(Map<String, ?> props) {
        Object mode = props.get(MEMBER_EMAIL_MODE);
        if (mode == null || !MemberEmails.Mode.HMAC_SHA256.configValue().equalsIgnoreCase(mode.toString().trim())) {
            return Map.of();
        }
        Object value = props.get(MEMBER_EMAIL_HMAC_KEY);
        String key = value instanceof Password password ? password.value() : value == null ? null : value.toString();
        String what = "Set " + MEMBER_EMAIL_HMAC_KEY + " to a random secret of at least "
                + MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH + " characters (for instance 32 random bytes, base64-encoded), "
                + "preferably through a config provider such as ${file:/path/secrets.properties:email.key}, and keep "
                + "it: a new key changes every pseudonym. Or set " + MEMBER_EMAIL_MODE + " to plain or omit.";
        if (key == null || key.isEmpty()) {
            return Map.of(MEMBER_EMAIL_HMAC_KEY, List.of(MEMBER_EMAIL_MODE + "=hmac-sha256 needs "
                    + MEMBER_EMAIL_HMAC_KEY + ", which is not set. " + what));
        }
        if (key.length() < MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH) {
            return Map.of(MEMBER_EMAIL_HMAC_KEY, List.of(MEMBER_EMAIL_HMAC_KEY + " is shorter than "
                    + MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH + " characters: with a short key, anyone could find which "
                    + "address a pseudonym stands for by trying keys. " + what));
        }
        return Map.of();
    }

    /**
     * The client's refusals by the key they came from, for {@code validate()} to report there; empty when
     * the configuration is usable. Call it only with properties whose keys each passed their own validator.
     */
    static Map<String, List<String>> clientProblems(Map<String, String> props) {
        return clientProblems(new ComplianceGroupsSourceConnectorConfig(props));
    }

    /**
     * For {@code start()}: Connect may start a connector or a task from a configuration that never went
     * through {@code validate()}.
     *
     * @throws ConfigException naming the first key at fault (never quoting a secret)
     */
    static void check(ComplianceGroupsSourceConnectorConfig config) {
        problems(config).entrySet().stream().findFirst().ifPresent(problem -> {
            String key = problem.getKey();
            // Connect's own keys are not in this ConfigDef: their value is the one given (never a secret).
            Object value = config.values().containsKey(key) ? config.values().get(key) : config.originals().get(key);
            throw new ConfigException(key, value, problem.getValue().get(0));
        });
    }

    /** Every problem across keys, by key; empty when the configuration is usable. */
    static Map<String, List<String>> problems(ComplianceGroupsSourceConnectorConfig config) {
        Map<String, List<String>> byKey = new LinkedHashMap<>(frameworkProblems(config.originals()));
        byKey.putAll(emailProblems(config.originals()));
        clientProblems(config).forEach((key, messages) ->
                byKey.computeIfAbsent(key, k -> new ArrayList<>()).addAll(messages));
        return byKey;
    }

    private static Map<String, List<String>> clientProblems(ComplianceGroupsSourceConnectorConfig config) {
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
