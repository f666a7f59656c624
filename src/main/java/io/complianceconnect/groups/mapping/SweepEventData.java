package io.complianceconnect.groups.mapping;

import java.time.Instant;
import java.util.Objects;

/**
 * One progress event of a sweep, as written to the progress topic.
 *
 * @param connector   the connector's name, also the record key
 * @param event       which moment of the sweep this is
 * @param sweep       the number of the sweep
 * @param at          when the event happened; records carry it with millisecond precision
 * @param groupsSeen  groups listed in this sweep so far
 * @param membersSeen memberships listed in this sweep so far
 * @param changes     change records emitted in this sweep so far
 * @param requests    API requests made in this sweep so far
 * @param resumed     whether the sweep was resumed after a restart rather than started afresh
 * @param checksum    what the replica holds, in SWEEP_COMPLETED events; null in others, and when the
 *                    connector cannot vouch for it
 * @param snapshotRequest the re-snapshot request ({@code snapshot.request}) the sweep carries, or null
 */
public record SweepEventData(
        String connector,
        SweepEventType event,
        long sweep,
        Instant at,
        long groupsSeen,
        long membersSeen,
        long changes,
        long requests,
        boolean resumed,
        DirectoryChecksum checksum,
        String snapshotRequest) {

    /** An event of a sweep that carries no re-snapshot request. */
    public SweepEventData(String connector, SweepEventType event, long sweep, Instant at, long groupsSeen,
                          long membersSeen, long changes, long requests, boolean resumed, DirectoryChecksum checksum) {
        this(connector, event, sweep, at, groupsSeen, membersSeen, changes, requests, resumed, checksum, null);
    }

    /** An event without a checksum. */
    public SweepEventData(String connector, SweepEventType event, long sweep, Instant at, long groupsSeen,
                          long membersSeen, long changes, long requests, boolean resumed) {
        this(connector, event, sweep, at, groupsSeen, membersSeen, changes, requests, resumed, null);
    }

    public SweepEventData {
        Objects.requireNonNull(connector, "connector");
        Objects.requireNonNull(event, "event");
        Objects.requireNonNull(at, "at");
    }
}
