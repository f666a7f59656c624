package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeRecord;
import io.complianceconnect.groups.mapping.ChangeType;

import java.util.EnumMap;
import java.util.Map;

/** Counts of one sweep, for the per-sweep log line, the sweep events and metrics. */
public final class SweepStats {

    private long groupsSeen;
    private long membersSeen;
    private long requests;
    private long tombstones;
    private long startedAtMs;
    private long completedAtMs;
    private final Map<ChangeType, Long> changes = new EnumMap<>(ChangeType.class);

    void started(long epochMs) {
        startedAtMs = epochMs;
    }

    void completed(long epochMs) {
        completedAtMs = epochMs;
    }

    /** When the sweep completed (epoch ms), 0 while it runs. */
    public long completedAtMs() {
        return completedAtMs;
    }

    /** Wall time of a completed sweep, 0 while it runs. */
    public long durationMs() {
        return completedAtMs == 0 ? 0 : completedAtMs - startedAtMs;
    }

    void groupSeen() {
        groupsSeen++;
    }

    void membersSeen(int n) {
        membersSeen += n;
    }

    void request() {
        requests++;
    }

    /** Counts a record as it is emitted: its change, or a tombstone; a sweep event counts as neither. */
    void emitted(ChangeRecord record) {
        if (record.isTombstone()) {
            tombstones++;
        } else if (record.change() != null) {
            changes.merge(record.change(), 1L, Long::sum);
        }
    }

    public long groupsSeen() {
        return groupsSeen;
    }

    public long membersSeen() {
        return membersSeen;
    }

    public long requests() {
        return requests;
    }

    public long tombstones() {
        return tombstones;
    }

    public long changes(ChangeType type) {
        return changes.getOrDefault(type, 0L);
    }

    public long totalChanges() {
        return changes.values().stream().mapToLong(Long::longValue).sum();
    }

    @Override
    public String toString() {
        return "groups=" + groupsSeen + " memberships=" + membersSeen + " requests=" + requests
                + " snapshot=" + changes(ChangeType.SNAPSHOT) + " created=" + changes(ChangeType.CREATED)
                + " updated=" + changes(ChangeType.UPDATED) + " deleted=" + changes(ChangeType.DELETED)
                + " tombstones=" + tombstones;
    }
}
