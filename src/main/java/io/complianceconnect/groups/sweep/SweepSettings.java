package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.MemberEmails;

import java.time.Duration;
import java.util.Objects;

/** What the sweep engine needs from the connector's configuration. */
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
        int transactionMaxRecords) {

    /** Records after which a transaction the connector defines is committed even inside a group's change. */
    public static final int TRANSACTION_MAX_RECORDS_DEFAULT = 10_000;

    /** Whether to follow the activity feed between sweeps. */
    public enum FeedMode {
        /** Follow it when the key has the read:compliance_activities scope; sweeps only otherwise. */
        AUTO,
        /** Follow it; configuration is refused when the key lacks the scope. */
        ENABLED,
        /** Sweeps only. */
        DISABLED
    }

    /** Emails as the API gives them, the default bound on transactions. */
    public SweepSettings(String connectorName, String groupsTopic, String membersTopic, String sweepsTopic,
                         String groupNamePrefix, int pageSize, boolean tombstonesOnDelete, Duration sweepInterval,
                         Duration checkpointInterval, FeedMode feedMode, Duration activityPollInterval,
                         Duration activityLag) {
        this(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize, tombstonesOnDelete,
                sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag, MemberEmails.plain(),
                TRANSACTION_MAX_RECORDS_DEFAULT);
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
    }

    /** The same settings with members' emails written as {@code emails} says. */
    public SweepSettings withMemberEmails(MemberEmails emails) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                emails, transactionMaxRecords);
    }

    /** The same settings with transactions the connector defines bounded at {@code maxRecords}. */
    public SweepSettings withTransactionMaxRecords(int maxRecords) {
        return new SweepSettings(connectorName, groupsTopic, membersTopic, sweepsTopic, groupNamePrefix, pageSize,
                tombstonesOnDelete, sweepInterval, checkpointInterval, feedMode, activityPollInterval, activityLag,
                memberEmails, maxRecords);
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
