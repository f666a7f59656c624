package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ApiBaseUrl;
import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Every setting of the connector, with documentation, validators and typed accessors. */
public final class ComplianceGroupsSourceConnectorConfig extends AbstractConfig {

    private static final String GROUP_API = "Compliance API";
    private static final String GROUP_TOPICS = "Topics and records";
    private static final String GROUP_SWEEP = "Sweeps";
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

    public static final String GROUPS_TOPIC = "groups.topic";
    private static final String GROUPS_TOPIC_DOC = "Topic for Group change records, keyed by {id}. Configure it "
            + "with cleanup.policy=compact so that it holds the current directory.";
    public static final String GROUPS_TOPIC_DEFAULT = "compliance.groups";

    public static final String MEMBERS_TOPIC = "members.topic";
    private static final String MEMBERS_TOPIC_DOC = "Topic for GroupMember change records, keyed by "
            + "{group_id, user_id}. Configure it with cleanup.policy=compact.";
    public static final String MEMBERS_TOPIC_DEFAULT = "compliance.group-members";

    public static final String SWEEPS_TOPIC = "sweeps.topic";
    private static final String SWEEPS_TOPIC_DOC = "Topic for SweepEvent records: a sweep started or completed, and "
            + "checkpoints that carry the connector's progress into Connect's offsets. A SWEEP_COMPLETED event "
            + "tells consumers that the two change topics reflect the directory as of that sweep.";
    public static final String SWEEPS_TOPIC_DEFAULT = "compliance.sweeps";

    public static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";
    private static final String TOMBSTONES_ON_DELETE_DOC = "Whether each DELETED record is followed by a tombstone "
            + "(same key, null value) so that log compaction removes the entity from the topic.";

    public static final String PAGE_SIZE = "page.size";
    private static final String PAGE_SIZE_DOC = "Records requested per page (the API's limit parameter). The largest "
            + "page spends the fewest requests of the organisation's shared budget.";
    public static final int PAGE_SIZE_DEFAULT = ComplianceApiClient.MAX_PAGE_SIZE;

    public static final String GROUP_NAME_PREFIX = "group.name.prefix";
    private static final String GROUP_NAME_PREFIX_DOC = "Replicate only groups whose name starts with this prefix "
            + "(the API's name_prefix filter). Empty replicates every group. A group renamed out of the prefix is "
            + "emitted as DELETED.";

    public static final String SWEEP_INTERVAL_MS = "sweep.interval.ms";
    private static final String SWEEP_INTERVAL_MS_DOC = "Time from the start of one full sweep to the start of the "
            + "next. A sweep that takes longer is followed at once by the next.";
    public static final long SWEEP_INTERVAL_MS_DEFAULT = Duration.ofMinutes(15).toMillis();

    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval.ms";
    private static final String CHECKPOINT_INTERVAL_MS_DOC = "How often, during a sweep, the position is written as a "
            + "CHECKPOINT event so that a restarted task resumes close to where it stopped (also at every groups page).";
    public static final long CHECKPOINT_INTERVAL_MS_DEFAULT = 10_000;

    public static final String ACTIVITY_FEED_MODE = "activity.feed.mode";
    private static final String ACTIVITY_FEED_MODE_DOC = "Whether to follow the activity feed "
            + "(GET /v1/compliance/activities) between full sweeps and re-read just the groups it names, so that "
            + "changes reach the topics within about a minute at a few requests a minute. 'auto': when the key has "
            + "the read:compliance_activities scope, else full sweeps only (logged once). 'enabled': the same, but "
            + "the configuration is refused when the key lacks the scope. 'disabled': full sweeps only. Full sweeps "
            + "keep running on sweep.interval.ms and reconcile anything the feed missed.";
    public static final String ACTIVITY_FEED_MODE_DEFAULT = "auto";

    public static final String ACTIVITY_POLL_INTERVAL_MS = "activity.poll.interval.ms";
    private static final String ACTIVITY_POLL_INTERVAL_MS_DOC = "How often the activity feed is read.";
    public static final long ACTIVITY_POLL_INTERVAL_MS_DEFAULT = 10_000;

    public static final String ACTIVITY_LAG_MS = "activity.feed.lag.ms";
    private static final String ACTIVITY_LAG_MS_DOC = "How far behind its last read the feed is read again: "
            + "activities become visible up to about a minute after they happen, with their original time.";
    public static final long ACTIVITY_LAG_MS_DEFAULT = 120_000;

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

    public static final ConfigDef CONFIG_DEF = configDef();

    /** @throws ConfigException naming the key at fault, for one key's value or for a rule across keys */
    public ComplianceGroupsSourceConnectorConfig(Map<String, String> props) {
        this(props, true);
    }

    /** With {@code checkAcrossKeys} false, only each key's own validator runs: for {@link CrossKeyRules}. */
    ComplianceGroupsSourceConnectorConfig(Map<String, String> props, boolean checkAcrossKeys) {
        super(CONFIG_DEF, props);
        if (checkAcrossKeys) {
            CrossKeyRules.problems(this).entrySet().stream().findFirst().ifPresent(problem -> {
                throw new ConfigException(problem.getKey(), values().get(problem.getKey()), problem.getValue().get(0));
            });
        }
    }

    private static ConfigDef configDef() {
        int order = 0;
        ConfigDef def = new ConfigDef();
        def.define(API_URL, Type.STRING, API_URL_DEFAULT, new ApiUrlValidator(API_URL_DEFAULT), Importance.HIGH,
                API_URL_DOC, GROUP_API, ++order, Width.LONG, "API base URL");
        def.define(API_KEY, Type.PASSWORD, ConfigDef.NO_DEFAULT_VALUE, new ConfigDef.NonNullValidator(),
                Importance.HIGH, API_KEY_DOC, GROUP_API, ++order, Width.LONG, "API key");
        def.define(API_VERSION, Type.STRING, API_VERSION_DEFAULT, new ConfigDef.NonEmptyString(), Importance.LOW,
                API_VERSION_DOC, GROUP_API, ++order, Width.SHORT, "API version");
        def.define(GROUP_NAME_PREFIX, Type.STRING, "", Importance.MEDIUM, GROUP_NAME_PREFIX_DOC, GROUP_API, ++order,
                Width.MEDIUM, "Group name prefix");

        order = 0;
        def.define(GROUPS_TOPIC, Type.STRING, GROUPS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                GROUPS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Groups topic");
        def.define(MEMBERS_TOPIC, Type.STRING, MEMBERS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                MEMBERS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Members topic");
        def.define(SWEEPS_TOPIC, Type.STRING, SWEEPS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                SWEEPS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Sweeps topic");
        def.define(TOMBSTONES_ON_DELETE, Type.BOOLEAN, true, Importance.MEDIUM, TOMBSTONES_ON_DELETE_DOC,
                GROUP_TOPICS, ++order, Width.SHORT, "Tombstones on delete");

        order = 0;
        def.define(SWEEP_INTERVAL_MS, Type.LONG, SWEEP_INTERVAL_MS_DEFAULT, Range.atLeast(0), Importance.MEDIUM,
                SWEEP_INTERVAL_MS_DOC, GROUP_SWEEP, ++order, Width.SHORT, "Sweep interval (ms)");
        def.define(PAGE_SIZE, Type.INT, PAGE_SIZE_DEFAULT, Range.between(1, ComplianceApiClient.MAX_PAGE_SIZE),
                Importance.LOW, PAGE_SIZE_DOC, GROUP_SWEEP, ++order, Width.SHORT, "Page size");
        def.define(CHECKPOINT_INTERVAL_MS, Type.LONG, CHECKPOINT_INTERVAL_MS_DEFAULT, Range.atLeast(0),
                Importance.LOW, CHECKPOINT_INTERVAL_MS_DOC, GROUP_SWEEP, ++order, Width.SHORT,
                "Checkpoint interval (ms)");

        def.define(ACTIVITY_FEED_MODE, Type.STRING, ACTIVITY_FEED_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in("auto", "enabled", "disabled"), Importance.MEDIUM,
                ACTIVITY_FEED_MODE_DOC, GROUP_SWEEP, ++order, Width.SHORT, "Activity feed");
        def.define(ACTIVITY_POLL_INTERVAL_MS, Type.LONG, ACTIVITY_POLL_INTERVAL_MS_DEFAULT, Range.atLeast(1000),
                Importance.LOW, ACTIVITY_POLL_INTERVAL_MS_DOC, GROUP_SWEEP, ++order, Width.SHORT,
                "Activity poll interval (ms)");
        def.define(ACTIVITY_LAG_MS, Type.LONG, ACTIVITY_LAG_MS_DEFAULT, Range.atLeast(0), Importance.LOW,
                ACTIVITY_LAG_MS_DOC, GROUP_SWEEP, ++order, Width.SHORT, "Activity feed re-read window (ms)");

        order = 0;
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
        return def;
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

    public String groupNamePrefix() {
        return getString(GROUP_NAME_PREFIX);
    }

    public String groupsTopic() {
        return getString(GROUPS_TOPIC);
    }

    public String membersTopic() {
        return getString(MEMBERS_TOPIC);
    }

    public String sweepsTopic() {
        return getString(SWEEPS_TOPIC);
    }

    public boolean tombstonesOnDelete() {
        return getBoolean(TOMBSTONES_ON_DELETE);
    }

    public int pageSize() {
        return getInt(PAGE_SIZE);
    }

    public Duration sweepInterval() {
        return Duration.ofMillis(getLong(SWEEP_INTERVAL_MS));
    }

    public Duration checkpointInterval() {
        return Duration.ofMillis(getLong(CHECKPOINT_INTERVAL_MS));
    }

    public SweepSettings.FeedMode feedMode() {
        return SweepSettings.FeedMode.valueOf(getString(ACTIVITY_FEED_MODE).toUpperCase(Locale.ROOT));
    }

    public int requestsPerMinute() {
        return getInt(REQUESTS_PER_MINUTE);
    }

    public Duration activityPollInterval() {
        return Duration.ofMillis(getLong(ACTIVITY_POLL_INTERVAL_MS));
    }

    public Duration activityLag() {
        return Duration.ofMillis(getLong(ACTIVITY_LAG_MS));
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

    /** The client's settings before its own checks: {@link CrossKeyRules} reports their problems by key. */
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

    public SweepSettings sweepSettings(String connectorName) {
        return new SweepSettings(connectorName, groupsTopic(), membersTopic(), sweepsTopic(), groupNamePrefix(),
                pageSize(), tombstonesOnDelete(), sweepInterval(), checkpointInterval(), feedMode(),
                activityPollInterval(), activityLag());
    }

    /**
     * Prints the configuration reference (Markdown) that docs/configuration.md carries;
     * {@code ConfigReferenceTest} fails when the two drift apart.
     */
    public static void main(String[] args) {
        System.out.print(ConfigReference.markdown(CONFIG_DEF));
    }
}
