package io.complianceconnect.groups.sweep;

import java.util.Objects;
import java.util.Set;

/**
 * A re-snapshot the operator asked for ({@code snapshot.request}, {@code snapshot.request.groups}):
 * the next sweep emits every group it covers, and each of their memberships, as SNAPSHOT even when
 * unchanged, while it detects changes and deletions as any sweep does.
 *
 * @param value  the request, empty for none: each new value is one request, handled once
 * @param groups the ids of the groups it covers; empty for every group
 */
public record SnapshotRequest(String value, Set<String> groups) {

    /** Nothing requested. */
    public static final SnapshotRequest NONE = new SnapshotRequest("", Set.of());

    public SnapshotRequest {
        value = value == null ? "" : value;
        groups = Set.copyOf(Objects.requireNonNull(groups, "groups"));
    }

    /** Whether a re-snapshot is requested at all (it may have been handled already). */
    public boolean requested() {
        return !value.isEmpty();
    }

    /** Whether the request covers the group. */
    public boolean covers(String groupId) {
        return groups.isEmpty() || groups.contains(groupId);
    }
}
