package io.complianceconnect.groups.mapping;

import java.time.Instant;
import java.util.Objects;

/**
 * The part of every group and member record that says what happened and when the connector saw it.
 * One instance is typically shared by all records of a page, so it is cheap per record.
 *
 * @param changeType what happened
 * @param sweep      the number of the sweep that observed the change, never negative
 * @param observedAt when the connector observed it; records carry it with millisecond precision
 */
public record ChangeMetadata(ChangeType changeType, long sweep, Instant observedAt) {

    public ChangeMetadata {
        Objects.requireNonNull(changeType, "changeType");
        Objects.requireNonNull(observedAt, "observedAt");
        if (sweep < 0) {
            throw new IllegalArgumentException("sweep must not be negative: " + sweep);
        }
    }
}
