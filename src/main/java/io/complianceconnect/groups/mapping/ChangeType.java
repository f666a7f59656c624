package io.complianceconnect.groups.mapping;

/**
 * What a change record says happened to a group or membership. Written into records as its
 * {@link #name()}, so the constants are part of the public contract: never rename them.
 */
public enum ChangeType {
    /** The state as found by the first sweep (or a re-snapshot), not a change observed as such. */
    SNAPSHOT,
    /** Not seen by the previous sweep, present now. */
    CREATED,
    /** Seen before with different content. */
    UPDATED,
    /** Seen before, gone now; the record carries identity only. */
    DELETED
}
