package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.GroupState;

import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Which groups the running sweep has covered, in two stages: waiting (listed, or confirmed by a
 * GET, its sync not started yet, in listing order) and synced (memberships done, or the group
 * deleted: a group listed twice is not synced twice). Every known group not synced when the listing
 * ends is a deletion candidate, confirmed one by one. The sweep pass fills and clears it; group
 * syncs and the feed's refreshes add what they covered. After a restart, the groups whose stored
 * synced sweep is the running one are synced already ({@link GroupState#syncedSweep}).
 */
final class SweepCoverage {

    /** A group as a groups page (or a confirming GET) showed it, and when it was read (see {@link GroupObservations#observe}). */
    private record Held(Group group, long observed) {
    }

    private final Deque<Held> waiting = new ArrayDeque<>();
    private final Set<String> synced = new HashSet<>();

    /** A new sweep has covered nothing. */
    void clear() {
        waiting.clear();
        synced.clear();
    }

    /**
     * Known groups this sweep has not synced, in id order: the candidates for deletion, each
     * confirmed with a GET. Those the listing skipped, or whose sync a restart lost, are synced then.
     */
    List<String> unsynced(Collection<GroupState> known) {
        return known.stream().map(GroupState::id).filter(id -> !synced.contains(id)).sorted().toList();
    }

    /** @param observed when the group was read ({@link GroupObservations#observe}) */
    void await(Group group, long observed) {
        waiting.add(new Held(group, observed));
    }

    boolean anyWaiting() {
        return !waiting.isEmpty();
    }

    /** The next group waiting for its sync; it stays waiting until {@link #started}. */
    Group nextWaiting() {
        return waiting.peek().group();
    }

    /** When the next waiting group was read ({@link GroupObservations#observe}). */
    long nextWaitingObserved() {
        return waiting.peek().observed();
    }

    /** The next waiting group's sync has started (or is not needed). */
    void started() {
        waiting.poll();
    }

    /**
     * How many requests the sweep makes before it starts the group's sync, at least: one member page
     * per {@code pageSize} known members (one at least) of each group waiting ahead of it; -1 when
     * the sweep will not sync the group before its next groups page: not waiting, or waiting but
     * synced already (a refresh did it), which the sweep skips. Synced groups ahead cost nothing.
     */
    long requestsAhead(String groupId, DirectoryState state, int pageSize) {
        if (synced.contains(groupId)) {
            return -1;
        }
        long ahead = 0;
        for (Held held : waiting) {
            Group g = held.group();
            if (g.id().equals(groupId)) {
                return ahead;
            }
            if (synced.contains(g.id())) {
                continue;
            }
            GroupState known = state.get(g.id());
            long members = known == null ? 0 : known.memberCount();
            ahead += Math.max(1, (members + pageSize - 1) / pageSize);
        }
        return -1;
    }

    /** The groups listing starts over: what it queued is listed again. */
    void forgetWaiting() {
        waiting.clear();
    }

    void markSynced(String groupId) {
        synced.add(groupId);
    }

    boolean isSynced(String groupId) {
        return synced.contains(groupId);
    }

    /** The group is being deleted: it counts as synced, and waits no longer. */
    void markDeleted(String groupId) {
        synced.add(groupId);
        waiting.removeIf(held -> held.group().id().equals(groupId));
    }
}
