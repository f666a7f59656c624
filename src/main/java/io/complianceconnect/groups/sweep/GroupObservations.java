package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;

import java.util.HashMap;
import java.util.Map;

/**
 * Which of two copies of a group is newer. The sweep holds the groups of a page (or confirmed by a
 * GET) until it reaches them, while the feed's refreshes read and emit groups at once; a copy the
 * sweep read before a refresh must not overwrite what the refresh emitted (a rename reverted until
 * the group changes again). Reads are numbered in the order the engine made them (one request at a
 * time), and the refreshes' copies are kept for the running sweep, whose reads start after the
 * ones kept before it: so the map holds only groups refreshed since the sweep started.
 */
final class GroupObservations {

    private record Observation(Group group, long read) {
    }

    private long reads;
    private final Map<String, Observation> refreshed = new HashMap<>();

    /** Numbers a read of groups from the API that has just been answered; later reads get higher numbers. */
    long observe() {
        return ++reads;
    }

    /** A refresh syncs the group as read at {@code read}: the newest copy so far. */
    void refreshed(Group group, long read) {
        refreshed.put(group.id(), new Observation(group, read));
    }

    /** The newer of the sweep's copy, read at {@code read}, and the copy a refresh synced since. */
    Group newest(Group group, long read) {
        Observation refresh = refreshed.get(group.id());
        return refresh != null && refresh.read() > read ? refresh.group() : group;
    }

    /** A sweep starts: every copy it reads is newer than those kept. */
    void forget() {
        refreshed.clear();
    }
}
