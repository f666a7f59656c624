package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.MemberEmails;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;

/**
 * What the sweep engine needs from the connector's configuration. {@code sweepInterval} applies while the
 * activity feed is followed (or is meant to be), {@code sweepIntervalWithoutFeed} once it is found
 * unavailable: a long interval is only reasonable while the feed carries the changes.
 */
public record SweepSettings(
        String connectorName,
        String groupsTopic,
        String membersTopic,
        String sweepsTopic,
        String groupNamePrefix,
        int pageSize,
        boolean tombstonesOnDelete,
        Duration sweepInterval,
        Duration checkpointInterval,
        FeedMode feedMode,
        Duration activityPollInterval,
        Duration activityLag,
        MemberEmails memberEmails,
        int transactionMaxRecords,
        Duration refreshCoalesce,
        double refreshShare,
        Duration sweepIntervalWithoutFeed,
        Duration transactionTimeout,
        SnapshotRequest snapshotRequest) {

    /** Records after which a transaction the connector defines is committed even inside a group's change. */
    public static final int TRANSACTION_MAX_RECORDS_DEFAULT = 10_000;

    /**
     * How long after a group's refresh started the feed's next refresh of it waits, gathering what
     * the feed names meanwhile into one: long enough to span several reads of the feed, well below
     * its re-read window, and only ever felt by a group that changes again within it.
     */
    public static final Duration DEFAULT_REFRESH_COALESCE = Duration.ofSeconds(30);
    /** The share of requests the feed may take while a sweep is due or running: the sweep keeps the rest. */
    public static final double DEFAULT_REFRESH_SHARE = 0.5;

    /** The producer's {@code transaction.timeout.ms} when the connector does not override it: Kafka's default. */
    public static final Duration TRANSACTION_TIMEOUT_DEFAULT = Duration.ofMinutes(1);

    /** Whether to follow the activity feed between sweeps. */
    public enum FeedMode {
        /** Follow it when the key has the read:compliance_activities scope; sweeps only otherwise. */
        AUTO,
        /** Follow it; configuration is refused when the key lacks the scope. */
        ENABLED,
        /** Sweeps only. */
        DISABLED
    }

    /** No re-snapshot requested. */
    public SweepSettings(String connectorName, String groupsTopic, String membersTopic, String sweepsTopic,
                         String groupNamePrefix, int pageSize, boolean tombstonesOnDelete, Duration sweepInterval,
                         Duration checkpointInterval, FeedMode feedMode, Duration activityPollInterval,
                         Duration activityLag, MemberEmails memberEmails, int transactionMaxRecords,
                         Duration refreshCoalesce, double refreshShare, Duration sweepIntervalWithoutFeed,
                         Duration transactionTimeout) {
        this(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize, tombstonesOnDelete,
                sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag, memberEmails,
                transactionMaxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed, transactionTimeout,
                SnapshotRequest.NONE);
    }

    /** The producer's transaction timeout at Kafka's default. */
    public SweepSettings(String connectorName, String groupsTopic, String membersTopic, String sweepsTopic,
                         String groupNamePrefix, int pageSize, boolean tombstonesOnDelete, Duration sweepInterval,
                         Duration checkpointInterval, FeedMode feedMode, Duration activityPollInterval,
                         Duration activityLag, MemberEmails memberEmails, int transactionMaxRecords,
                         Duration refreshCoalesce, double refreshShare, Duration sweepIntervalWithoutFeed) {
        this(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize, tombstonesOnDelete,
                sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag, memberEmails,
                transactionMaxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed,
                TRANSACTION_TIMEOUT_DEFAULT);
    }

    /** Emails as the API gives them, the default bound on transactions, the feed's default refresh settings. */
    public SweepSettings(String connectorName, String groupsTopic, String membersTopic, String sweepsTopic,
                         String groupNamePrefix, int pageSize, boolean tombstonesOnDelete, Duration sweepInterval,
                         Duration checkpointInterval, FeedMode feedMode, Duration activityPollInterval,
                         Duration activityLag) {
        this(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize, tombstonesOnDelete,
                sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag, MemberEmails.plain(),
                TRANSACTION_MAX_RECORDS_DEFAULT, DEFAULT_REFRESH_COALESCE, DEFAULT_REFRESH_SHARE, sweepInterval);
    }

    /** Sweeps only, the feed settings unused: for tests and tools that do not follow the feed. */
    public SweepSettings(String connectorName, String groupsTopic, String membersTopic, String sweepsTopic,
                         String groupNamePrefix, int pageSize, boolean tombstonesOnDelete, Duration sweepInterval,
                         Duration checkpointInterval) {
        this(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize, tombstonesOnDelete,
                sweepInterval, checkpointInterval, FeedMode.DISABLED, Duration.ofSeconds(10), Duration.ofMinutes(2));
    }

    public SweepSettings {
        Objects.requireNonNull(connectorName, "connectorName");
        Objects.requireNonNull(groupsTopic, "groupsTopic");
        Objects.requireNonNull(membersTopic, "membersTopic");
        Objects.requireNonNull(sweepsTopic, "sweepsTopic");
        groupNamePrefix = groupNamePrefix == null ? "" : groupNamePrefix;
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
        Objects.requireNonNull(feedMode, "feedMode");
        Objects.requireNonNull(activityPollInterval, "activityPollInterval");
        Objects.requireNonNull(activityLag, "activityLag");
        Objects.requireNonNull(memberEmails, "memberEmails");
        if (transactionMaxRecords < 1) {
            throw new IllegalArgumentException("transactionMaxRecords must be at least 1: " + transactionMaxRecords);
        }
        Objects.requireNonNull(refreshCoalesce, "refreshCoalesce");
        Objects.requireNonNull(sweepIntervalWithoutFeed, "sweepIntervalWithoutFeed");
        if (!(refreshShare > 0 && refreshShare <= 1)) {
            throw new IllegalArgumentException("refreshShare must be in (0, 1], was " + refreshShare);
        }
        if (transactionTimeout == null || transactionTimeout.isNegative() || transactionTimeout.isZero()) {
            throw new IllegalArgumentException("transactionTimeout must be positive, was " + transactionTimeout);
        }
        Objects.requireNonNull(snapshotRequest, "snapshotRequest");
    }

    /**
     * The same settings for a producer whose {@code transaction.timeout.ms} is {@code timeout}: a
     * transaction the connector defines ends once it has been open for half of it.
     */
    public SweepSettings withTransactionTimeout(Duration timeout) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                memberEmails, transactionMaxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed,
                timeout, snapshotRequest);
    }

    /** The connector configuration key that sets the task producer's transaction timeout. */
    public static final String PRODUCER_TRANSACTION_TIMEOUT = "producer.override.transaction.timeout.ms";

    /**
     * The task producer's {@code transaction.timeout.ms}, from the connector's configuration: the
     * override when set, else Kafka's default (60 s). A worker-wide {@code producer.transaction.timeout.ms}
     * is not visible to the task; an override is what the guarantees ask for anyway.
     *
     * @throws IllegalArgumentException naming the key when the value is not a positive number of ms
     */
    public static Duration producerTransactionTimeout(Map<String, String> connectorConfig) {
        String value = connectorConfig.get(PRODUCER_TRANSACTION_TIMEOUT);
        if (value == null || value.isBlank()) {
            return TRANSACTION_TIMEOUT_DEFAULT;
        }
        try {
            long ms = Long.parseLong(value.trim());
            if (ms > 0) {
                return Duration.ofMillis(ms);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new IllegalArgumentException(PRODUCER_TRANSACTION_TIMEOUT + " must be a positive number of "
                + "milliseconds (the producer's transaction timeout), was '" + value + "'");
    }

    /** How long a transaction the connector defines stays open at most: half the producer's timeout. */
    public Duration transactionMaxDuration() {
        return transactionTimeout.dividedBy(2);
    }

    /** The same settings with members' emails written as {@code emails} says. */
    public SweepSettings withMemberEmails(MemberEmails emails) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                emails, transactionMaxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed,
                transactionTimeout, snapshotRequest);
    }

    /** The same settings with transactions the connector defines bounded at {@code maxRecords}. */
    public SweepSettings withTransactionMaxRecords(int maxRecords) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                memberEmails, maxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed,
                transactionTimeout, snapshotRequest);
    }

    /** The same settings with the feed's refreshes coalesced over {@code coalesce} and given {@code share}. */
    public SweepSettings withRefreshes(Duration coalesce, double share) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                memberEmails, transactionMaxRecords, coalesce, share, sweepIntervalWithoutFeed,
                transactionTimeout, snapshotRequest);
    }

    /** The same settings with {@code request} as the re-snapshot asked for. */
    public SweepSettings withSnapshotRequest(SnapshotRequest request) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                memberEmails, transactionMaxRecords, refreshCoalesce, refreshShare, sweepIntervalWithoutFeed,
                transactionTimeout, request);
    }

    /** The builder of every record this connector writes, for these topics. */
    public ChangeRecords changeRecords() {
        return new ChangeRecords(connectorName, groupsTopic, membersTopic, sweepsTopic, tombstonesOnDelete,
                memberEmails);
    }

    /**
     * Whether the group is one this connector replicates: its name starts with the configured prefix
     * (a group whose name the API did not give counts as covered: see {@link Group#nameStartsWith}).
     */
    public boolean covers(Group group) {
        return group.nameStartsWith(groupNamePrefix);
    }
}
