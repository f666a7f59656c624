package io.complianceconnect.groups.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** The rules {@link ClientSettings} must satisfy, each naming the field it concerns. */
final class ClientSettingsRules {

    private final List<ClientSettings.Problem> problems = new ArrayList<>();

    private ClientSettingsRules() {
    }

    /** Every problem of {@code s} (not yet validated), in field order. */
    static List<ClientSettings.Problem> problems(ClientSettings s) {
        ClientSettingsRules rules = new ClientSettingsRules();
        String urlProblem = ApiBaseUrl.problem(s.baseUrl());
        rules.require(urlProblem == null, "baseUrl", urlProblem);
        String key = s.apiKey();
        if (key == null || key.isBlank()) {
            rules.require(false, "apiKey", "must be set to a Compliance Access Key");
        } else {
            rules.require(isHeaderSafe(key), "apiKey",
                    "contains whitespace or control characters; check how the key was copied");
        }
        String version = s.apiVersion();
        rules.require(version != null && !version.isBlank() && isHeaderSafe(version), "apiVersion",
                "must be a version such as " + ClientSettings.DEFAULT_API_VERSION);
        String agent = s.userAgent();
        rules.require(agent != null && !agent.isBlank() && isHeaderValue(agent), "userAgent",
                "must be non-empty printable text");
        rules.requirePositive(s.connectTimeout(), "connectTimeout");
        rules.requirePositive(s.requestTimeout(), "requestTimeout");
        rules.require(s.requestsPerMinute() >= 0, "requestsPerMinute",
                "must be 0 (no local ceiling) or positive, was " + s.requestsPerMinute());
        rules.requirePositive(s.backoffInitial(), "backoffInitial");
        rules.requirePositive(s.backoffMax(), "backoffMax");
        if (isPositive(s.backoffInitial()) && isPositive(s.backoffMax())) {
            rules.require(s.backoffMax().compareTo(s.backoffInitial()) >= 0, "backoffMax",
                    "must not be shorter than the initial backoff (" + s.backoffInitial().toMillis() + " ms), was "
                            + s.backoffMax().toMillis() + " ms");
        }
        rules.require(s.maxRetries() >= 0, "maxRetries", "must be 0 or more, was " + s.maxRetries());
        rules.require(s.retryBudget() != null && !s.retryBudget().isNegative(), "retryBudget",
                "must be zero or a positive duration, was " + s.retryBudget());
        rules.require(s.random() != null, "random", "must be set");
        rules.require(s.clock() != null, "clock", "must be set");
        rules.require(s.sleeper() != null, "sleeper", "must be set");
        return List.copyOf(rules.problems);
    }

    private void require(boolean condition, String field, String problem) {
        if (!condition) {
            problems.add(new ClientSettings.Problem(field, problem));
        }
    }

    private void requirePositive(Duration value, String field) {
        require(isPositive(value), field, "must be a positive duration, was " + value);
    }

    private static boolean isPositive(Duration value) {
        return value != null && !value.isNegative() && !value.isZero();
    }

    private static boolean isHeaderSafe(String value) {
        return value.chars().allMatch(c -> c > 0x20 && c < 0x7f);
    }

    private static boolean isHeaderValue(String value) {
        return value.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }
}
