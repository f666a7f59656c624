package io.complianceconnect.groups.sweep;

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
        Duration checkpointInterval) {

    public SweepSettings {
        Objects.requireNonNull(connectorName, "connectorName");
        Objects.requireNonNull(groupsTopic, "groupsTopic");
        Objects.requireNonNull(membersTopic, "membersTopic");
        Objects.requireNonNull(sweepsTopic, "sweepsTopic");
        groupNamePrefix = groupNamePrefix == null ? "" : groupNamePrefix;
        Objects.requireNonNull(sweepInterval, "sweepInterval");
        Objects.requireNonNull(checkpointInterval, "checkpointInterval");
    }
}
