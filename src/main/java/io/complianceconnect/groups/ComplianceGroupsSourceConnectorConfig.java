package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ApiBaseUrl;
import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.common.config.AbstractConfig;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;

/** Every setting of the connector: its key, its default and a typed accessor ({@link ConfigDefinitions} documents them). */
public final class ComplianceGroupsSourceConnectorConfig extends AbstractConfig {

    /** Connect's own key (ConnectorConfig.NAME_CONFIG), not in this ConfigDef: records and sweep events carry it. */
    static final String CONNECTOR_NAME = "name";
    static final String CONNECTOR_NAME_DEFAULT = "compliance-groups";

    public static final String API_URL = "compliance.api.url";
    public static final String API_URL_DEFAULT = ClientSettings.DEFAULT_BASE_URL.toString();

    public static final String API_KEY = "compliance.api.key";

    public static final String API_VERSION = "compliance.api.version";
    public static final String API_VERSION_DEFAULT = ClientSettings.DEFAULT_API_VERSION;

    public static final String GROUPS_TOPIC = "groups.topic";
    public static final String GROUPS_TOPIC_DEFAULT = "compliance.groups";

    public static final String MEMBERS_TOPIC = "members.topic";
    public static final String MEMBERS_TOPIC_DEFAULT = "compliance.group-members";

    public static final String SWEEPS_TOPIC = "sweeps.topic";
    public static final String SWEEPS_TOPIC_DEFAULT = "compliance.sweeps";

    public static final String TOMBSTONES_ON_DELETE = "tombstones.on.delete";

    public static final String PAGE_SIZE = "page.size";
    public static final int PAGE_SIZE_DEFAULT = ComplianceApiClient.MAX_PAGE_SIZE;

    public static final String GROUP_NAME_PREFIX = "group.name.prefix";

    public static final String SWEEP_INTERVAL_MS = "sweep.interval.ms";
    public static final long SWEEP_INTERVAL_MS_DEFAULT = Duration.ofMinutes(15).toMillis();

    public static final String CHECKPOINT_INTERVAL_MS = "checkpoint.interval.ms";
    public static final long CHECKPOINT_INTERVAL_MS_DEFAULT = 10_000;

    public static final String ACTIVITY_FEED_MODE = "activity.feed.mode";
    public static final String ACTIVITY_FEED_MODE_DEFAULT = "auto";

    public static final String ACTIVITY_POLL_INTERVAL_MS = "activity.poll.interval.ms";
    public static final long ACTIVITY_POLL_INTERVAL_MS_DEFAULT = 10_000;

    public static final String ACTIVITY_LAG_MS = "activity.feed.lag.ms";
    public static final long ACTIVITY_LAG_MS_DEFAULT = 120_000;

    public static final String ACTIVITY_REFRESH_COALESCE_MS = "activity.refresh.coalesce.ms";
    public static final long ACTIVITY_REFRESH_COALESCE_MS_DEFAULT = SweepSettings.DEFAULT_REFRESH_COALESCE.toMillis();

    public static final String ACTIVITY_REFRESH_REQUEST_SHARE = "activity.refresh.request.share";
    public static final double ACTIVITY_REFRESH_REQUEST_SHARE_DEFAULT = SweepSettings.DEFAULT_REFRESH_SHARE;

    public static final String REQUESTS_PER_MINUTE = "requests.per.minute";
    public static final int REQUESTS_PER_MINUTE_DEFAULT = ClientSettings.DEFAULT_REQUESTS_PER_MINUTE;

    public static final String RETRY_BACKOFF_INITIAL_MS = "retry.backoff.initial.ms";
    public static final long RETRY_BACKOFF_INITIAL_MS_DEFAULT = ClientSettings.DEFAULT_BACKOFF_INITIAL.toMillis();

    public static final String RETRY_BACKOFF_MAX_MS = "retry.backoff.max.ms";
    public static final long RETRY_BACKOFF_MAX_MS_DEFAULT = ClientSettings.DEFAULT_BACKOFF_MAX.toMillis();

    public static final String RETRY_MAX_ATTEMPTS = "retry.max.attempts";
    public static final int RETRY_MAX_ATTEMPTS_DEFAULT = ClientSettings.DEFAULT_MAX_RETRIES;

    public static final String RETRY_BUDGET_MS = "retry.budget.ms";
    public static final long RETRY_BUDGET_MS_DEFAULT = ClientSettings.DEFAULT_RETRY_BUDGET.toMillis();

    public static final String REQUEST_TIMEOUT_MS = "request.timeout.ms";
    public static final long REQUEST_TIMEOUT_MS_DEFAULT = ClientSettings.DEFAULT_REQUEST_TIMEOUT.toMillis();

    public static final String MEMBER_EMAIL_MODE = "member.email.mode";
    public static final String MEMBER_EMAIL_MODE_DEFAULT = MemberEmails.Mode.PLAIN.configValue();

    public static final String MEMBER_EMAIL_HMAC_KEY = "member.email.hmac.key";
    /** Shorter keys make pseudonyms of guessable addresses easier to test by brute force. */
    public static final int MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH = 16;

    public static final String GROUP_TRANSACTION_MAX_RECORDS = "group.transaction.max.records";
    public static final int GROUP_TRANSACTION_MAX_RECORDS_DEFAULT = SweepSettings.TRANSACTION_MAX_RECORDS_DEFAULT;

    public static final ConfigDef CONFIG_DEF = ConfigDefinitions.configDef();

    /**
     * @throws ConfigException naming the key at fault, for one key's value (the connector and the task
     * check the rules across keys when they start)
     */
    public ComplianceGroupsSourceConnectorConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** The connector's name, which Connect passes to the connector and, in the task's configuration, to the task. */
    public String connectorName() {
        Object name = originals().get(CONNECTOR_NAME);
        return name instanceof String given ? given : CONNECTOR_NAME_DEFAULT;
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

    public Duration activityRefreshCoalesce() {
        return Duration.ofMillis(getLong(ACTIVITY_REFRESH_COALESCE_MS));
    }

    public double activityRefreshRequestShare() {
        return getDouble(ACTIVITY_REFRESH_REQUEST_SHARE);
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

    public MemberEmails.Mode memberEmailMode() {
        return MemberEmails.Mode.fromConfig(getString(MEMBER_EMAIL_MODE));
    }

    /** What membership records carry as the email; the HMAC key leaves the {@link Password} only here. */
    public MemberEmails memberEmails() {
        Password key = getPassword(MEMBER_EMAIL_HMAC_KEY);
        return MemberEmails.of(memberEmailMode(), key == null ? null : key.value());
    }

    public int groupTransactionMaxRecords() {
        return getInt(GROUP_TRANSACTION_MAX_RECORDS);
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

    public SweepSettings sweepSettings(String connectorName) {
        return new SweepSettings(connectorName, groupsTopic(), membersTopic(), sweepsTopic(), groupNamePrefix(),
                pageSize(), tombstonesOnDelete(), sweepInterval(), checkpointInterval(), feedMode(),
                activityPollInterval(), activityLag(), memberEmails(), groupTransactionMaxRecords(),
                activityRefreshCoalesce(), activityRefreshRequestShare());
    }

    /**
     * Prints the configuration reference (Markdown) that docs/configuration.md carries;
     * {@code ConfigReferenceTest} fails when the two drift apart.
     */
    public static void main(String[] args) {
        System.out.print(ConfigReference.markdown(CONFIG_DEF));
    }
}
