package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.sweep.SweepSettings;
import org.apache.kafka.common.config.ConfigDef;
import org.apache.kafka.common.config.ConfigDef.Importance;
import org.apache.kafka.common.config.ConfigDef.Range;
import org.apache.kafka.common.config.ConfigDef.Type;
import org.apache.kafka.common.config.ConfigDef.Width;
import org.apache.kafka.common.config.ConfigException;
import org.apache.kafka.common.config.types.Password;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of the connector: each key with its documentation and default, the {@link ConfigDef}
 * ({@link #CONFIG_DEF}) and typed accessors. The keys of the connector's use of the API (where, which
 * key, at what pace) are in {@link ComplianceApiConfig}, which this extends; those of the feed's
 * refreshes in {@link ActivityRefreshKeys}, those of a re-snapshot on request in {@link SnapshotRequestKeys}.
 */
public final class ComplianceGroupsSourceConnectorConfig extends ComplianceApiConfig {

    /** Connect's own key (ConnectorConfig.NAME_CONFIG), not in this ConfigDef: records and sweep events carry it. */
    static final String CONNECTOR_NAME = "name";
    static final String CONNECTOR_NAME_DEFAULT = "compliance-groups";

    private static final String GROUP_TOPICS = "Topics and records";
    private static final String GROUP_SWEEP = "Sweeps";
    private static final String GROUP_PERSONAL_DATA = "Personal data";
    private static final String GROUP_TRANSACTIONS = "Exactly-once transactions";

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
    public static final boolean TOMBSTONES_ON_DELETE_DEFAULT = true;

    public static final String SWEEP_INTERVAL_MS = "sweep.interval.ms";
    /** Unset: the interval follows the feed ({@link #SWEEP_INTERVAL_WITH_FEED}, {@link #SWEEP_INTERVAL_WITHOUT_FEED}). */
    public static final Long SWEEP_INTERVAL_MS_DEFAULT = null;
    /** Between full sweeps while the activity feed is followed: the feed carries the changes, sweeps reconcile. */
    public static final Duration SWEEP_INTERVAL_WITH_FEED = Duration.ofHours(24);
    /** Between full sweeps while it is not (disabled, or a key without read:compliance_activities). */
    public static final Duration SWEEP_INTERVAL_WITHOUT_FEED = Duration.ofMinutes(15);
    private static final String SWEEP_INTERVAL_MS_DOC = "Time from the start of one full sweep to the start of the "
            + "next. A sweep that takes longer is followed at once by the next. Unset (the default): 24 hours while "
            + "the activity feed is followed (it carries the changes within about a minute; the sweep reconciles "
            + "what it missed and confirms deletions), 15 minutes while it is not (activity.feed.mode=disabled, or "
            + "auto with a key without read:compliance_activities). Every request is recorded in the organisation's "
            + "audit log (a compliance_api_accessed activity, kept six years), and a sweep costs at least one request "
            + "per group: see docs/operations.md for the requests a day.";

    public static final String PAGE_SIZE = "page.size";
    private static final String PAGE_SIZE_DOC = "Records requested per page (the API's limit parameter). The largest "
            + "page spends the fewest requests of the organisation's shared budget.";
    public static final int PAGE_SIZE_DEFAULT = ComplianceApiClient.MAX_PAGE_SIZE;

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

    public static final String MEMBER_EMAIL_HMAC_KEY = "member.email.hmac.key";
    /** Shorter keys make pseudonyms of guessable addresses easier to test by brute force. */
    public static final int MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH = 16;
    private static final String MEMBER_EMAIL_HMAC_KEY_DOC = "Secret key of member.email.mode=hmac-sha256 (its "
            + "UTF-8 bytes), at least " + MEMBER_EMAIL_HMAC_KEY_MIN_LENGTH + " characters; required in that mode, "
            + "unused otherwise. Anyone holding it can test whether a pseudonym is a given address: keep it as "
            + "secret as the emails, e.g. as ${file:/path/secrets.properties:email.key}. Never logged.";

    public static final String MEMBER_EMAIL_MODE = "member.email.mode";
    private static final String MEMBER_EMAIL_MODE_DOC = "What membership records carry in their email field. "
            + "'plain': the email as the API gives it. 'hmac-sha256': a pseudonym, the lower-case hex HMAC-SHA256 "
            + "under " + MEMBER_EMAIL_HMAC_KEY + " of the email lower-cased (Locale.ROOT), the same for an address "
            + "in every record, run and connector that shares the key. 'omit': null. In 'hmac-sha256' and 'omit' a "
            + "member's extra fields that carry personal data (an email that was not a string, and any field whose "
            + "name has a word such as name, email, mail, phone, mobile, address or login) are pseudonymised the "
            + "same way (as a JSON string) or dropped: nothing from them reaches a topic in clear. A change of mode "
            + "or key "
            + "changes every membership: the next sweep emits each one as UPDATED.";
    public static final String MEMBER_EMAIL_MODE_DEFAULT = MemberEmails.Mode.PLAIN.configValue();

    public static final String GROUP_TRANSACTION_MAX_RECORDS = "group.transaction.max.records";
    private static final String GROUP_TRANSACTION_MAX_RECORDS_DOC = "With exactly-once workers and "
            + "transaction.boundary=connector, each group's change (its record and every membership record of one "
            + "sync or deletion) is one transaction; a change larger than this many records is committed in "
            + "several, each ending after the members page (or the deletions) that reached the bound, so a "
            + "read_committed consumer may then see such a group part-way. Sweep events and checkpoints are "
            + "always transactions of their own. Unused with other transaction boundaries.";
    public static final int GROUP_TRANSACTION_MAX_RECORDS_DEFAULT = SweepSettings.TRANSACTION_MAX_RECORDS_DEFAULT;

    /** Declared after every default above: it reads them as the class initialises. */
    public static final ConfigDef CONFIG_DEF = configDef();

    /**
     * @throws ConfigException naming the key at fault, for one key's value (the connector and the task
     * check the rules across keys when they start)
     */
    public ComplianceGroupsSourceConnectorConfig(Map<String, String> props) {
        super(CONFIG_DEF, props);
    }

    /** The groups in the order the configuration UI and docs/configuration.md show them. */
    private static ConfigDef configDef() {
        ConfigDef def = new ConfigDef();
        defineApi(def);
        defineTopics(def);
        defineSweeps(def);
        defineLimits(def);
        definePersonalData(def);
        defineTransactions(def);
        ActivityRefreshKeys.define(def);
        SnapshotRequestKeys.define(def);
        return def;
    }

    private static void defineTopics(ConfigDef def) {
        int order = 0;
        def.define(GROUPS_TOPIC, Type.STRING, GROUPS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                GROUPS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Groups topic");
        def.define(MEMBERS_TOPIC, Type.STRING, MEMBERS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.HIGH,
                MEMBERS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Members topic");
        def.define(SWEEPS_TOPIC, Type.STRING, SWEEPS_TOPIC_DEFAULT, new ConfigDef.NonEmptyString(), Importance.MEDIUM,
                SWEEPS_TOPIC_DOC, GROUP_TOPICS, ++order, Width.MEDIUM, "Sweeps topic");
        def.define(TOMBSTONES_ON_DELETE, Type.BOOLEAN, TOMBSTONES_ON_DELETE_DEFAULT, Importance.MEDIUM,
                TOMBSTONES_ON_DELETE_DOC, GROUP_TOPICS, ++order, Width.SHORT, "Tombstones on delete");
    }

    private static void defineSweeps(ConfigDef def) {
        int order = 0;
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
    }

    private static void definePersonalData(ConfigDef def) {
        String[] modes = Arrays.stream(MemberEmails.Mode.values()).map(MemberEmails.Mode::configValue)
                .toArray(String[]::new);
        def.define(MEMBER_EMAIL_MODE, Type.STRING, MEMBER_EMAIL_MODE_DEFAULT,
                ConfigDef.CaseInsensitiveValidString.in(modes), Importance.MEDIUM, MEMBER_EMAIL_MODE_DOC,
                GROUP_PERSONAL_DATA, 1, Width.SHORT, "Member email mode");
        def.define(MEMBER_EMAIL_HMAC_KEY, Type.PASSWORD, null, Importance.MEDIUM, MEMBER_EMAIL_HMAC_KEY_DOC,
                GROUP_PERSONAL_DATA, 2, Width.LONG, "Member email HMAC key");
    }

    private static void defineTransactions(ConfigDef def) {
        def.define(GROUP_TRANSACTION_MAX_RECORDS, Type.INT, GROUP_TRANSACTION_MAX_RECORDS_DEFAULT, Range.atLeast(1),
                Importance.LOW, GROUP_TRANSACTION_MAX_RECORDS_DOC, GROUP_TRANSACTIONS, 1, Width.SHORT,
                "Records per group transaction");
    }

    /** The connector's name, which Connect passes to the connector and, in the task's configuration, to the task. */
    public String connectorName() {
        Object name = originals().get(CONNECTOR_NAME);
        return name instanceof String given ? given : CONNECTOR_NAME_DEFAULT;
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

    /** The interval while the feed is followed: the one set, else 24 h (or 15 min with the feed disabled). */
    public Duration sweepInterval() {
        Long set = getLong(SWEEP_INTERVAL_MS);
        return set != null ? Duration.ofMillis(set)
                : feedMode() == SweepSettings.FeedMode.DISABLED ? SWEEP_INTERVAL_WITHOUT_FEED : SWEEP_INTERVAL_WITH_FEED;
    }

    /** The interval while the feed is not followed: the one set, else 15 min. */
    public Duration sweepIntervalWithoutFeed() {
        Long set = getLong(SWEEP_INTERVAL_MS);
        return set != null ? Duration.ofMillis(set) : SWEEP_INTERVAL_WITHOUT_FEED;
    }

    public Duration checkpointInterval() {
        return Duration.ofMillis(getLong(CHECKPOINT_INTERVAL_MS));
    }

    public SweepSettings.FeedMode feedMode() {
        return SweepSettings.FeedMode.valueOf(getString(ACTIVITY_FEED_MODE).toUpperCase(Locale.ROOT));
    }

    public Duration activityPollInterval() {
        return Duration.ofMillis(getLong(ACTIVITY_POLL_INTERVAL_MS));
    }

    public Duration activityLag() {
        return Duration.ofMillis(getLong(ACTIVITY_LAG_MS));
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

    public SweepSettings sweepSettings(String connectorName) {
        return new SweepSettings(connectorName, groupsTopic(), membersTopic(), sweepsTopic(), groupNamePrefix(),
                pageSize(), tombstonesOnDelete(), sweepInterval(), checkpointInterval(), feedMode(),
                activityPollInterval(), activityLag(), memberEmails(), groupTransactionMaxRecords(),
                ActivityRefreshKeys.coalesce(this), ActivityRefreshKeys.requestShare(this), sweepIntervalWithoutFeed())
                .withSnapshotRequest(SnapshotRequestKeys.snapshotRequest(this));
    }

    /**
     * Prints the configuration reference (Markdown) that docs/configuration.md carries;
     * {@code ConfigReferenceTest} fails when the two drift apart.
     */
    public static void main(String[] args) {
        System.out.print(ConfigReference.markdown(CONFIG_DEF));
    }
}
