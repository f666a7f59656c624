package io.complianceconnect.groups.mapping;

/**
 * The kinds of progress event the connector writes to its progress topic. Written into records as
 * its {@link #name()}: part of the public contract, never rename the constants.
 */
public enum SweepEventType {
    /** A sweep began (or resumed after a restart; see the {@code resumed} field). */
    SWEEP_STARTED,
    /** A sweep saw every group and membership; the counts are final. */
    SWEEP_COMPLETED,
    /** Progress within a running sweep; the counts so far. */
    CHECKPOINT
}
