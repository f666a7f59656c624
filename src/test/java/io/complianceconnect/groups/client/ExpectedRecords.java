package io.complianceconnect.groups.client;

import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;

import java.util.List;

/**
 * What the client should return for what the simulator serves: its values in the client's records.
 * The simulator has value types of its own (it is a separate implementation of the API and runs
 * without the connector), so tests compare through this one field-by-field mapping.
 */
public final class ExpectedRecords {

    private ExpectedRecords() {
    }

    public static Group group(SimGroup g) {
        return new Group(g.id(), g.name(), g.description(), g.sourceType(), g.createdAt(), g.updatedAt(), g.roles(),
                g.extra());
    }

    public static List<Group> groups(List<SimGroup> groups) {
        return groups.stream().map(ExpectedRecords::group).toList();
    }

    public static GroupMember member(SimMember m) {
        return new GroupMember(m.groupId(), m.userId(), m.email(), m.createdAt(), m.updatedAt(), m.extra());
    }

    public static List<GroupMember> members(List<SimMember> members) {
        return members.stream().map(ExpectedRecords::member).toList();
    }
}
