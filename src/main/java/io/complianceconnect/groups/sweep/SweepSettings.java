package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.ChangeRecords;

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
        Duration activityLag) {

    /** Whether to follow the activity feed between sweeps. */
    public enum FeedMode {
        /** Follow it when the key has the read:compliance_activities scope; sweeps only otherwise. */
        AUTO,
        /** Follow it; configuration is refused when the key lacks the scope. */
        ENABLED,
        /** Sweeps only. */
        DISABLED
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
    }

    /** The builder of every record this connector writes, for these topics. */
    public ChangeRecords changeRecords() {
        return new ChangeRecords(connectorName, groupsTopic, membersTopic, sweepsTopic, tombstonesOnDelete);
    }

    /**
     * Whether the group is one this connector replicates: its name starts with the configured prefix
     * (a group whose name the API did not give counts as covered: see {@link Group#nameStartsWith}).
     */
    public boolean covers(Group group) {
        return group.nameStartsWith(groupNamePrefix);
    }
}
