package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * The groups under a name prefix and their memberships, as the compacted topics should show them
 * (keys: group id, and "groupId/userId"). Two views taken before and after changes to the directory
 * give the change records a sweep must emit.
 */
record DirectoryView(Map<String, Map<String, Object>> groups, Map<String, Map<String, Object>> members) {

    static DirectoryView of(Directory directory, String namePrefix) {
        List<SimGroup> groups = directory.groups().stream().filter(g -> g.name().startsWith(namePrefix)).toList();
        Map<String, List<SimMember>> members = new LinkedHashMap<>();
        List<SimGroup> present = new ArrayList<>();
        for (SimGroup g : groups) {
            try {
                members.put(g.id(), directory.members(g.id()));
                present.add(g);
            } catch (NoSuchElementException deletedMeanwhile) {
                // A request hook deleted it between the two reads: it is not in the directory.
            }
        }
        return new DirectoryView(TopicReplica.expectedGroups(present), TopicReplica.expectedMembers(members));
    }

    /** What the first sweep emits: one SNAPSHOT per group and per membership. */
    List<String> snapshot() {
        List<String> changes = new ArrayList<>();
        groups.keySet().forEach(id -> changes.add("SNAPSHOT " + id));
        members.keySet().forEach(key -> changes.add("SNAPSHOT " + key));
        return sorted(changes);
    }

    /**
     * The change records that take a replica of this view to {@code after}, sorted: CREATED,
     * UPDATED, and DELETED followed by a tombstone, for groups and memberships alike.
     */
    List<String> changesTo(DirectoryView after) {
        List<String> changes = new ArrayList<>();
        diff(groups, after.groups, changes);
        diff(members, after.members, changes);
        return sorted(changes);
    }

    private static void diff(Map<String, Map<String, Object>> before, Map<String, Map<String, Object>> after,
                             List<String> changes) {
        after.forEach((key, value) -> {
            if (!before.containsKey(key)) {
                changes.add("CREATED " + key);
            } else if (!Objects.equals(before.get(key), value)) {
                changes.add("UPDATED " + key);
            }
        });
        before.keySet().stream().filter(key -> !after.containsKey(key)).forEach(key -> {
            changes.add("DELETED " + key);
            changes.add("tombstone " + key);
        });
    }

    static List<String> sorted(List<String> changes) {
        List<String> copy = new ArrayList<>(changes);
        copy.sort(null);
        return copy;
    }
}
