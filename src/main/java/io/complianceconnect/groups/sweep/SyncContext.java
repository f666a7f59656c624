package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.state.DirectoryState;

/**
 * What a group's sync and a group's deletion both work with: the state they change, the records
 * they make, the gate the records leave through, the sweep's progress and coverage they report to,
 * what the feed reported of the group's members, and what it named, which is decided whatever the
 * state says.
 */
record SyncContext(DirectoryState state, ChangeRecords records, DurabilityGate gate, SweepProgress progress,
                   SweepCoverage coverage, FeedEvidence evidence, NamedByFeed named) {
}
