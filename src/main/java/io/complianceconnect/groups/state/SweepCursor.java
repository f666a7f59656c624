package io.complianceconnect.groups.state;

import java.util.HashMap;
import java.util.Map;

/**
 * Where the sweep stands, as stored in the {@code {kind=cursor}} offset.
 *
 * @param sweep           the number of the sweep in progress or last completed (0 before the first)
 * @param phase           what the sweep is doing
 * @param groupsPageToken the token that fetches the groups page being worked on; null for the first page
 * @param snapshotDone    whether a complete first pass has finished (later creations are CREATED, not SNAPSHOT)
 * @param nextSweepAtMs   when the next sweep may start (epoch millis), meaningful in {@link Phase#IDLE}
 * @param writtenAtMs     when the task stored this cursor (epoch millis, the worker's clock); 0 when not
 *                        known (a cursor not stored yet, or stored by a version before this field)
 * @param snapshotRequest which re-snapshot request the sweep carries, and which was handled last
 */
public record SweepCursor(long sweep, Phase phase, String groupsPageToken, boolean snapshotDone,
                          long nextSweepAtMs, long writtenAtMs, SnapshotRequestMark snapshotRequest) {

    public enum Phase { IDLE, GROUPS, DELETES }

    static final int VERSION = 1;

    /** No re-snapshot requested. */
    public SweepCursor(long sweep, Phase phase, String groupsPageToken, boolean snapshotDone, long nextSweepAtMs,
                       long writtenAtMs) {
        this(sweep, phase, groupsPageToken, snapshotDone, nextSweepAtMs, writtenAtMs, SnapshotRequestMark.NONE);
    }

    public SweepCursor {
        snapshotRequest = snapshotRequest == null ? SnapshotRequestMark.NONE : snapshotRequest;
    }

    public static SweepCursor initial() {
        return new SweepCursor(0, Phase.IDLE, null, false, 0, 0);
    }

    /** The next sweep starts, carrying no request (see {@link #withSnapshotRequest}). */
    public SweepCursor startSweep() {
        return new SweepCursor(sweep + 1, Phase.GROUPS, null, snapshotDone, 0, 0, snapshotRequest.dropped());
    }

    public SweepCursor atPage(String pageToken) {
        return new SweepCursor(sweep, Phase.GROUPS, pageToken, snapshotDone, 0, writtenAtMs, snapshotRequest);
    }

    public SweepCursor deleting() {
        return new SweepCursor(sweep, Phase.DELETES, null, snapshotDone, 0, writtenAtMs, snapshotRequest);
    }

    /** Between sweeps: the next one is due at {@code nextSweepAtMs}; nothing else changes (a snapshot still is one). */
    public SweepCursor nextSweepDueAt(long nextSweepAtMs) {
        return new SweepCursor(sweep, Phase.IDLE, null, snapshotDone, nextSweepAtMs, writtenAtMs, snapshotRequest);
    }

    /** The sweep completed: so is the request it carried, if any. */
    public SweepCursor completed(long nextSweepAtMs) {
        return new SweepCursor(sweep, Phase.IDLE, null, true, nextSweepAtMs, writtenAtMs, snapshotRequest.completed());
    }

    /** The same cursor, as stored at {@code nowMs}: a restarted task tells from it how long the task was stopped. */
    public SweepCursor stamped(long nowMs) {
        return new SweepCursor(sweep, phase, groupsPageToken, snapshotDone, nextSweepAtMs, nowMs, snapshotRequest);
    }

    /** The same cursor with the re-snapshot requests standing as {@code mark} says. */
    public SweepCursor withSnapshotRequest(SnapshotRequestMark mark) {
        return new SweepCursor(sweep, phase, groupsPageToken, snapshotDone, nextSweepAtMs, writtenAtMs, mark);
    }

    public Map<String, Object> toOffset() {
        Map<String, Object> offset = new HashMap<>();
        offset.put("v", VERSION);
        offset.put("sweep", sweep);
        offset.put("phase", phase.name());
        offset.put("groups_page", groupsPageToken == null ? "" : groupsPageToken);
        // No longer used, always empty: the versions before this one require the field in a version 1 cursor.
        offset.put("after_group", "");
        offset.put("snapshot_done", snapshotDone);
        offset.put("next_sweep_at_ms", nextSweepAtMs);
        if (writtenAtMs > 0) {
            offset.put("written_at_ms", writtenAtMs);
        }
        snapshotRequest.addTo(offset);
        return offset;
    }

    /**
     * Reads a stored cursor; null input (nothing stored) gives {@link #initial()}.
     *
     * @throws IllegalArgumentException naming the field when the offset is not one this version wrote
     */
    public static SweepCursor fromOffset(Map<String, ?> offset) {
        if (offset == null) {
            return initial();
        }
        OffsetFields f = new OffsetFields("cursor", offset);
        f.requireVersion(VERSION);
        Phase phase;
        try {
            phase = Phase.valueOf(f.string("phase"));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cursor offset field 'phase' must be one of IDLE, GROUPS, DELETES");
        }
        // "after_group", which older versions wrote, is not read: the groups page is where a sweep resumes.
        return new SweepCursor(f.number("sweep"), phase, emptyToNull(f.string("groups_page")), f.bool("snapshot_done"),
                f.number("next_sweep_at_ms"), offset.get("written_at_ms") == null ? 0 : f.number("written_at_ms"),
                SnapshotRequestMark.from(offset, f));
    }

    private static String emptyToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }
}
