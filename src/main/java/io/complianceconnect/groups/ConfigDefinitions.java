package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.mapping.MemberEmails;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;

import java.util.Arrays;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.*;

/**
 * The connector's {@link ConfigDef}: each key's documentation, default, validator and place in the
 * configuration UI. The keys and typed accessors are in {@link ComplianceGroupsSourceConnectorConfig}.
 */
final class ConfigDefinitions {

    private static final String GROUP_API = "Compliance API";
    private static final String GROUP_TOPICS = "Topics and records";
    private static final String GROUP_SWEEP = "Sweeps";
    private static final String GROUP_LIMITS = "Request budget and retries";

    private static final String API_URL_DOC = "Base URL of the Compliance API. HTTPS is required except for "
            + "loopback hosts (127.0.0.0/8, ::1, localhost), which tests and the bundled simulator use.";

    private static final String API_KEY_DOC = "Compliance Access Key (sk-ant-api01-...). Needs scope "
            + "read:compliance_org_data to list groups and read:compliance_user_data to list members. "
            + "Prefer a config provider reference such as ${file:/path/secrets.properties:api.key}; "
            + "the value is never logged.";

    private static final String API_VERSION_DOC = "Value of the anthropic-version header sent with every request.";

    private static final String GROUPS_TOPIC_DOC = "Topic for Group change records, keyed by {id}. Configure it "
            + "with cleanup.policy=compact so that it holds the current directory.";

    private static final String MEMBERS_TOPIC_DOC = "Topic for GroupMember change records, keyed by "
            + "{group_id, user_id}. Configure it with cleanup.policy=compact.";

    private static final String SWEEPS_TOPIC_DOC = "Topic for SweepEvent records: a sweep started or completed, and "
            + "checkpoints that carry the connector's progress into Connect's offsets. A SWEEP_COMPLETED event "
            + "tells consumers that the two change topics reflect the directory as of that sweep.";

    private static final String TOMBSTONES_ON_DELETE_DOC = "Whether each DELETED record is followed by a tombstone "
            + "(same key, null value) so that log compaction removes the entity from the topic.";

    private static final String GROUP_NAME_PREFIX_DOC = "Replicate only groups whose name starts with this prefix "
            + "(the API's name_prefix filter). Empty replicates every group. A group renamed out of the prefix is "
            + "emitted as DELETED.";

    private static final String PAGE_SIZE_DOC = "Records requested per page (the API's limit parameter). The largest "
            + "page spends the fewest requests of the organisation's shared budget.";

    private static final String SWEEP_INTERVAL_MS_DOC = "Time from the start of one full sweep to the start of the "
            + "next. A sweep that takes longer is followed at once by the next. Unset (the default): 24 hours while "
            + "the activity feed is followed (it carries the changes within about a minute; the sweep reconciles "
            + "what it missed and confirms deletions), 15 minutes while it is not (activity.feed.mode=disabled, or "
            + "auto with a key without read:compliance_activities). Every request is recorded in the organisation's "
            + "audit log (a compliance_api_accessed activity, kept six years), and a sweep costs at least one request "
            + "per group: see docs/operations.md for the requests a day.";

    private static final String CHECKPOINT_INTERVAL_MS_DOC = "How often, during a sweep, the position is written as a "
            + "CHECKPOINT event so that a restarted task resumes close to where it stopped (also at every groups page).";

    private static final String ACTIVITY_FEED_MODE_DOC = "Whether to follow the activity feed "
            + "(GET /v1/compliance/activities) between full sweeps and re-read just the groups it names, so that "
            + "changes reach the topics within about a minute at a few requests a minute. 'auto': when the key has "
            + "the read:compliance_activities scope, else full sweeps only (logged once). 'enabled': the same, but "
            + "the configuration is refused when the key lacks the scope. 'disabled': full sweeps only. Full sweeps "
            + "keep running on sweep.interval.ms and reconcile anything the feed missed.";

    private static final String ACTIVITY_POLL_INTERVAL_MS_DOC = "How often the activity feed is read.";

    private static final String ACTIVITY_LAG_MS_DOC = "How far behind its last read the feed is read again: "
            + "activities become visible up to about a minute after they happen, with their original time.";

    private static final String REQUESTS_PER_MINUTE_DOC = "Local ceiling on requests per minute. The API allows about "
            + "600 a minute per parent organisation, shared with every other consumer of the Compliance API; the "
            + "connector also slows down on the server's rate-limit headers. 0 means no local ceiling.";

    private static final String RETRY_BACKOFF_INITIAL_MS_DOC = "First wait before retrying a failed request "
            + "(429 without retry-after, 5xx, 529, timeouts); it doubles per attempt, with jitter.";

    private static final String RETRY_BACKOFF_MAX_MS_DOC = "Longest wait between two attempts of one request.";

    private static final String RETRY_MAX_ATTEMPTS_DOC = "Retries of one request before the task fails with the last "
            + "error. The task can be restarted and resumes where it stopped.";

    private static final String RETRY_BUDGET_MS_DOC = "Total time one request may spend retrying before the task fails.";

    private static final String REQUEST_TIMEOUT_MS_DOC = "Timeout of one HTTP request; a timed-out request is retried.";

    /** sweep.interval.ms: unset (automatic) or a number of milliseconds, not negative. */
    private static final class UnsetOrAtLeastZero implements ConfigDef.Validator {
        @Override
        public void ensureValid(String name, Object value) {
            if (value != null && (Long) value < 0) {
                throw new ConfigException(name, value, "must be unset or at least 0");
            }
        }

        @Override
        public String toString() {
            return "unset, or [0,...]";
        }
    }

    private static final String GROUP_PERSONAL_DATA = "Personal data";
    private static final String GROUP_TRANSACTIONS = "Exactly-once transactions";

    private static final String MEMBER_EMAIL_MODE_DOC = "What membership records carry in their email field. "
            + "'plain': the email as the API gives it. 'hmac-sha256': a pseudonym, the lower-case hex HMAC-SHA256 "
            + "under " + MEMBER_EMAIL_HMAC_KEY + " of the email lower-cased (Locale.ROOT), the same for an address "
            + "in every record, run and connector that shares the key. 'omit': null. In 'hmac-sha256' and 'omit' a "
            + "member's extra fields that carry personal data (an email that was not a string, and any field whose "
            + "name has a word such as name, email, mail, phone, mobile, address or login) are pseudonymised the "
            + "same way (as a JSON string) or dropped: nothing from them reaches a topic in clear. A change of mode "
            + "or key "
            + "changes every membership: the next sweep emits each one as UPDATED.";

    private static final String MEMBER_EMAIL_HMAC_KEY_DOC = "Secret key of member.email.mode=hmac-sha256 (its "
            + "UTF-8 bytes), at least " + MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH + " characters; required in that mode, "
            + "unused otherwise. Anyone holding it can test whether a pseudonym is a given address: keep it as "
            + "secret as the emails, e.g. as ${file:/path/secrets.properties:email.key}. Never logged.";

    private static final String GROUP_TRANSACTION_MAX_RECORDS_DOC = "With exactly-once workers and "
            + "transaction.boundary=connector, each group's change (its record and every membership record of one "
            + "sync or deletion) is one transaction; a change larger than this many records is committed in "
            + "several, each ending after the members page (or the deletions) that reached the bound, so a "
            + "read_committed consumer may then see such a group part-way. Sweep events and checkpoints are "
            + "always transactions of their own. Unused with other transaction boundaries.";

    private ConfigDefinitions() {
    }

    static ConfigDef configDef() {
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
        def.define(SWEEP_INTERVAL_MS, Type.LONG, SWEEP_INTERVAL_MS_DEFAULT, new UnsetOrAtLeastZero(), Importance.MEDIUM,
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

        order = 0;
        def.define(MEMBER_EMAIL_MODE, Type.STRING, MEMBER_EMAIL_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(modes()), Importance.MEDIUM, MEMBER_EMAIL_MODE_DOC,
                GROUP_PERSONAL_DATA, ++order, Width.SHORT, "Member email mode");
        def.define(MEMBER_EMAIL_HMAC_KEY, Type.PASSWORD, null, Importance.MEDIUM, MEMBER_EMAIL_HMAC_KEY_DOC,
                GROUP_PERSONAL_DATA, ++order, Width.LONG, "Member email HMAC key");

        order = 0;
        def.define(GROUP_TRANSACTION_MAX_RECORDS, Type.INT, GROUP_TRANSACTION_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                Importance.LOW, GROUP_TRANSACTION_MAX_RECORDS_DOC, GROUP_TRANSACTIONS, ++order, Width.SHORT,
                "Records per group transaction");

        defineRefreshes(def);
        return def;
    }

    private static String[] modes() {
        return Arrays.stream(MemberEmails.Mode.values()).map(MemberEmails.Mode::configValue)
                .toArray(String[]::new);
    }

    private static final String GROUP_REFRESHES = "Activity feed refreshes";

    private static final String ACTIVITY_REFRESH_COALESCE_MS_DOC = "How long after a group's refresh started (a "
            + "re-read of the group and all its members because the activity feed named it) the next refresh of "
            + "the same group waits: whatever the feed names meanwhile is covered by that one refresh, so a large "
            + "group that changes all day is listed at most once per window. Only groups whose members take more "
            + "than one page (page.size) wait; a group named for the first time in a window is refreshed at once; activities that a listing started after has already seen cause no "
            + "refresh at all. Keep it well below activity.feed.lag.ms; 0 refreshes a group at every read of the "
            + "feed that names it.";

    private static final String ACTIVITY_REFRESH_REQUEST_SHARE_DOC = "The largest share of the connector's "
            + "requests that the activity feed (its reads and the refreshes of the groups it names) may take while a "
            + "full sweep is due or running, so that sweeps always progress however busy the feed is; between "
            + "sweeps the feed may use the whole budget. Kept over runs of requests: a refresh of a large group "
            + "that overdraws the share is paid back by the sweep's next requests. The metric "
            + "refresh-requests-total counts the feed's requests.";

    /** The activity feed's refresh settings, in a UI group of their own. */
    private static void defineRefreshes(ConfigDef def) {
        int order = 0;
        def.define(ACTIVITY_REFRESH_COALESCE_MS, Type.LONG, ACTIVITY_REFRESH_COALESCE_MS_DEFAULT, Range.atLeast(0),
                Importance.LOW, ACTIVITY_REFRESH_COALESCE_MS_DOC, GROUP_REFRESHES, ++order, Width.SHORT,
                "Refresh coalescing window (ms)");
        def.define(ACTIVITY_REFRESH_REQUEST_SHARE, Type.DOUBLE, ACTIVITY_REFRESH_REQUEST_SHARE_DEFAULT,
                Range.between(0.1, 1.0), Importance.LOW, ACTIVITY_REFRESH_REQUEST_SHARE_DOC, GROUP_REFRESHES, ++order,
                Width.SHORT, "Refresh share of requests during sweeps");
    }
}
