package io.complianceconnect.groups.sweep;

import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Under at-least-once, the groups and memberships the activity feed named, which their group's next
 * listing emits from the API whatever the restored state says: re-emitted when listed, deleted (with
 * a tombstone) when not, even if the state does not know them.
 *
 * <p>Why: the worker stores offsets only at an offset flush, so a crash loses the state of records
 * Kafka already has. The state then misses a membership the topic holds (its removal would leave a
 * phantom), or still holds one the topic deleted (its re-add with the same content would never be
 * emitted). Every such record was read after the feed position a restarted task replays from
 * ({@link DurabilityGate#replayBound}), so any later change to it is an activity the task reads
 * again; this makes that activity's entity right whatever the state says. A DELETED for a key that
 * never reached the topic is harmless (the record contract says so), and re-emitting an unchanged
 * record costs one record. With connector-defined transactions (which only an exactly-once worker
 * runs) the state is exactly the topic's, and nothing is kept; with the default transaction boundary
 * the task cannot tell an exactly-once worker from an at-least-once one, and keeps it.
 */
final class NamedByFeed {

    private final boolean enabled;
    private final Map<String, Set<String>> members = new HashMap<>();
    private final Set<String> groups = new HashSet<>();

    /** @param enabled whether a crash may leave the state behind the topics (not known to be exactly-once) */
    NamedByFeed(boolean enabled) {
        this.enabled = enabled;
    }

    /** Whether anything is kept (not known to be exactly-once). */
    boolean enabled() {
        return enabled;
    }

    /** An activity named the group's own fields (created, updated, deleted). */
    void group(String groupId) {
        if (enabled) {
            groups.add(groupId);
        }
    }

    /** An activity named these members of the group (added, removed, or their user changed). */
    void members(String groupId, Collection<String> userIds) {
        if (enabled && !userIds.isEmpty()) {
            members.computeIfAbsent(groupId, g -> new TreeSet<>()).addAll(userIds);
        }
    }

    /** Whether the group's sync starting now re-emits its group record whatever its fingerprint; asked once. */
    boolean takeGroup(String groupId) {
        return groups.remove(groupId);
    }

    /**
     * The members the group's listing starting now decides whatever the state says: every one named
     * so far. Those named while it runs wait for the next listing, which the feed queues.
     */
    Set<String> takeMembers(String groupId) {
        Set<String> named = members.remove(groupId);
        return named == null ? Set.of() : named;
    }

    /** The group is gone: every member named of it, for deletion; nothing about it is kept. */
    Set<String> takeAllMembers(String groupId) {
        groups.remove(groupId);
        return takeMembers(groupId);
    }
}
