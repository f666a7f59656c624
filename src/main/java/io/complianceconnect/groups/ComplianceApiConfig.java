package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ApiBaseUrl;
import io.complianceconnect.groups.client.ClientSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.Map;

/**
 * The settings of the connector's use of the Compliance API (where, with which key, which groups, at what
 * pace), each as a key, its documentation and its default, with typed accessors. The rest of the
 * connector's settings extend these in {@link ComplianceGroupsSourceConnectorConfig}, which holds the
 * whole {@link ConfigDef}.
 */
public abstract class ComplianceApiConfig extends AbstractConfig {

    private static final String GROUP_API = "Compliance API";
    private static final String GROUP_LIMITS = "Request budget and retries";

    public static final String API_URL = "compliance.api.url";
    private static final String API_URL_DOC = "Base URL of the Compliance API. HTTPS is required except for "
            + "loopback hosts (127.0.0.0/8, ::1, localhost), which tests and the bundled simulator use.";
    public static final String API_URL_DEFAULT = ClientSettings.DEFAULT_BASE_URL.toString();

    public static final String API_KEY = "compliance.api.key";
    private static final String API_KEY_DOC = "Compliance Access Key (sk-ant-api01-...). Needs scope "
            + "read:compliance_org_data to list groups and read:compliance_user_data to list members. "
            + "Prefer a config provider reference such as ${file:/path/secrets.properties:api.key}; "
            + "the value is never logged.";

    public static final String API_VERSION = "compliance.api.version";
    private static final String API_VERSION_DOC = "Value of the anthropic-version header sent with every request.";
    public static final String API_VERSION_DEFAULT = ClientSettings.DEFAULT_API_VERSION;

    public static final String GROUP_NAME_PREFIX = "group.name.prefix";
    private static final String GROUP_NAME_PREFIX_DOC = "Replicate only groups whose name starts with this prefix "
            + "(the API's name_prefix filter). Empty replicates every group. A group renamed out of the prefix is "
            + "emitted as DELETED.";
    public static final String GROUP_NAME_PREFIX_DEFAULT = "";

    public static final String REQUESTS_PER_MINUTE = "requests.per.minute";
    private static final String REQUESTS_PER_MINUTE_DOC = "Local ceiling on requests per minute. The API allows about "
            + "600 a minute per parent organisation, shared with every other consumer of the Compliance API; the "
            + "connector also slows down on the server's rate-limit headers. 0 means no local ceiling.";
    public static final int REQUESTS_PER_MINUTE_DEFAULT = ClientSettings.DEFAULT_REQUESTS_PER_MINUTE;

    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    private static final String RETRY_BACKOFF_INITIAL_MS_DOC = "First wait before retrying a failed request "
            + "(429 without retry-after, 5xx, 529, timeouts); it doubles per attempt, with jitter.";
    public static final long RETRY_BACKOFF_INITIAL_MS_DEFAULT = ClientSettings.DEFAULT_BACKOFF_INITIAL.toMillis();

    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two attempts of one request.";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = ClientSettings.DEFAULT_BACKOFF_MAX.toMillis();

    public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
    private static final String RETRY_MAX_ATTEMPTS_DOC = "Retries of one request before the task fails with the last "
            + "error. The task can be restarted and resumes where it stopped.";
    public static final int RETRY_MAX_ATTEMPTS_DEFAULT = ClientSettings.DEFAULT_MAX_RETRIES;

    public static final String RETRY_BUDGET_MS = "retry.budget.ms";
    private static final String RETRY_BUDGET_MS_DOC = "Total time one request may spend retrying before the task fails.";
    public static final long RETRY_BUDGET_MS_DEFAULT = ClientSettings.DEFAULT_RETRY_BUDGET.toMillis();

    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    private static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one HTTP request; a timed-out request is retried.";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = ClientSettings.DEFAULT_REQUEST_TIMEOUT.toMillis();

    /** @param definition the connector's whole ConfigDef, which includes {@link #defineApi} and {@link #defineLimits} */
    protected ComplianceApiConfig(ConfigDef definition, Map<String, String> props) {
        super(definition, props);
    }

    /** The keys of where the API is and which groups to ask it for, as the UI group "Compliance API". */
    static void defineApi(ConfigDef def) {
        int order = 0;
        def.define(API_URL, Type.STRING, API_URL_DEFAULT, new ApiUrlValidator(API_URL_DEFAULT), Importance.HIGH,
                API_URL_DOC, GROUP_API, ++order, Width.LONG, "API base URL");
        def.define(API_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                Importance.HIGH, API_KEY_DOC, GROUP_API, ++order, Width.LONG, "API key");
        def.define(API_VERSION, Type.STRING, API_VERSION_DEFAULT, new ConfigDef.NonEmptyString(), Importance.LOW,
                API_VERSION_DOC, GROUP_API, ++order, Width.SHORT, "API version");
        def.define(GROUP_NAME_PREFIX, Type.STRING, GROUP_NAME_PREFIX_DEFAULT, Importance.MEDIUM, GROUP_NAME_PREFIX_DOC,
                GROUP_API, ++order, Width.MEDIUM, "Group name prefix");
    }

    /** The keys of the request budget and the retries, as their own UI group. */
    static void defineLimits(ConfigDef def) {
        int order = 0;
        def.define(REQUESTS_PER_MINUTE, Type.INT, REQUESTS_PER_MINUTE_DEFAULT, Range.atLeast(0), Importance.HIGH,
                REQUESTS_PER_MINUTE_DOC, GROUP_LIMITS, ++order, Width.SHORT, "Requests per minute");
        def.define(RETRY_BACKOFF_INITIAL_MS, Type.LONG, RETRY_BACKOFF_INITIAL_MS_DEFAULT, Range.atLeast(1),
                Importance.LOW, RETRY_BACKOFF_INITIAL_MS_DOC, GROUP_LIMITS, ++order, Width.SHORT,
                "Initial backoff (ms)");
        def.define(RETRY_BACKOFF_MAX_MS, Type.LONG, RETRY_BACKOFF_MAX_MS_DEFAULT, Range.atLeast(1),
                Importance.LOW, RETRY_BACKOFF_MAX_MS_DOC, GROUP_LIMITS, ++order, Width.SHORT, "Maximum backoff (ms)");
        def.define(RETRY_MAX_ATTEMPTS, Type.INT, RETRY_MAX_ATTEMPTS_DEFAULT, Range.atLeast(0), Importance.LOW,
                RETRY_MAX_ATTEMPTS_DOC, GROUP_LIMITS, ++order, Width.SHORT, "Retries per request");
        def.define(RETRY_BUDGET_MS, Type.LONG, RETRY_BUDGET_MS_DEFAULT, Range.atLeast(0), Importance.LOW,
                RETRY_BUDGET_MS_DOC, GROUP_LIMITS, ++order, Width.SHORT, "Retry budget (ms)");
        def.define(REQUEST_TIMEOUT_MS, Type.LONG, REQUEST_TIMEOUT_MS_DEFAULT, Range.between(1, 600_000),
                Importance.LOW, REQUEST_TIMEOUT_MS_DOC, GROUP_LIMITS, ++order, Width.SHORT, "Request timeout (ms)");
    }

    public URI apiUrl() {
        return ApiBaseUrl.withoutTrailingSlash(URI.create(getString(API_URL)));
    }

    public Password apiKey() {
        return getPassword(API_KEY);
    }

    public String apiVersion() {
        return getString(API_VERSION);
    }

    /**
     * The prefix exactly as configured: ConfigDef trims every STRING value, and a prefix is matched
     * character for character ("Team " must not take in "Teamwork"). The originals hold config
     * provider references already resolved.
     */
    public String groupNamePrefix() {
        Object configured = originals().get(GROUP_NAME_PREFIX);
        return configured instanceof String prefix ? prefix : getString(GROUP_NAME_PREFIX);
    }

    public int requestsPerMinute() {
        return getInt(REQUESTS_PER_MINUTE);
    }

    public Duration retryBackoffInitial() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_INITIAL_MS));
    }

    public Duration retryBackoffMax() {
        return Duration.ofMillis(getLong(RETRY_BACKOFF_MAX_MS));
    }

    public int retryMaxAttempts() {
        return getInt(RETRY_MAX_ATTEMPTS);
    }

    public Duration retryBudget() {
        return Duration.ofMillis(getLong(RETRY_BUDGET_MS));
    }

    public Duration requestTimeout() {
        return Duration.ofMillis(getLong(REQUEST_TIMEOUT_MS));
    }

    /** Settings of the API client; the key leaves the {@link Password} only here. */
    public ClientSettings clientSettings() {
        return clientSettingsBuilder().build();
    }

    /** The client's settings before its own checks, so that their problems can be reported by key. */
    ClientSettings.Builder clientSettingsBuilder() {
        return ClientSettings.builder()
                .baseUrl(apiUrl())
                .apiKey(apiKey().value())
                .apiVersion(apiVersion())
                .userAgent("kafka-connect-compliance-groups/" + ConnectorVersion.get())
                .requestTimeout(requestTimeout())
                .requestsPerMinute(requestsPerMinute())
                .backoffInitial(retryBackoffInitial())
                .backoffMax(retryBackoffMax())
                .maxRetries(retryMaxAttempts())
                .retryBudget(retryBudget());
    }
}
