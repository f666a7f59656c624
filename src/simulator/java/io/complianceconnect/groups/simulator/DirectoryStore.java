package io.complianceconnect.groups.simulator;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The directory's data: groups in listing order, users, and the memberships between them, with the
 * indexes that find them by id. Not thread-safe: {@link Directory} holds the lock around every call.
 * Lookups of unknown ids throw {@link NoSuchElementException} with a message that names ids, never
 * emails. New ids are drawn from the directory's seeded random, so the same calls give the same ids.
 */
final class DirectoryStore {

    static final String GROUP_ID_PREFIX = "rbac_group_";
    static final String USER_ID_PREFIX = "user_";
    static final String SOURCE_DIRECT = "direct";
    static final String SOURCE_SCIM = "scim";

    /** A group as stored; timestamps in {@link MicroTimestamps}. */
    static final class GroupEntry {
        final String id;
        String name;
        String description;
        String sourceType;
        long createdAt;
        long updatedAt;
        List<String> roles;
        Map<String, String> extra;
        final ArrayList<Membership> members = new ArrayList<>();

        GroupEntry(String id) {
            this.id = id;
        }
    }

    static final class UserEntry {
        final String id;
        String email;
        final List<Membership> memberships = new ArrayList<>(2);

        UserEntry(String id, String email) {
            this.id = id;
            this.email = email;
        }
    }

    static final class Membership {
        final GroupEntry group;
        final UserEntry user;
        long createdAt;
        long updatedAt;
        Map<String, String> extra;

        Membership(GroupEntry group, UserEntry user, long createdAt, long updatedAt) {
            this.group = group;
            this.user = user;
            this.createdAt = createdAt;
            this.updatedAt = updatedAt;
        }
    }

    private final Random random;
    private final List<GroupEntry> groupList = new ArrayList<>();
    private final Map<String, GroupEntry> groupsById = new HashMap<>();
    private final Map<String, UserEntry> usersById = new HashMap<>();
    private long membershipCount;

    DirectoryStore(Random random) {
        this.random = random;
    }

    // ---- changes -------------------------------------------------------------------------------

    /** A group with a fresh id, not yet in the directory (see {@link #append}). */
    GroupEntry newGroup() {
        return new GroupEntry(newId(GROUP_ID_PREFIX, groupsById.keySet()));
    }

    /** Puts {@code group} at the end of the listing. */
    void append(GroupEntry group) {
        groupList.add(group);
        groupsById.put(group.id, group);
    }

    /** Removes the group and its memberships; later groups move up one place in the listing. */
    void remove(GroupEntry group) {
        groupsById.remove(group.id);
        groupList.remove(group);
        for (Membership membership : group.members) {
            membership.user.memberships.remove(membership);
        }
        membershipCount -= group.members.size();
    }

    /** A new user with a fresh id. */
    UserEntry addUser(String email) {
        return addUser(newId(USER_ID_PREFIX, usersById.keySet()), email);
    }

    UserEntry addUser(String userId, String email) {
        UserEntry user = new UserEntry(userId, email);
        usersById.put(userId, user);
        return user;
    }

    /** Puts a user into a group, at the end of its members; {@link IllegalStateException} if already in it. */
    void join(GroupEntry group, UserEntry user, long createdAt, long updatedAt) {
        for (Membership existing : user.memberships) {
            if (existing.group == group) {
                throw new IllegalStateException("user " + user.id + " is already in group " + group.id);
            }
        }
        Membership membership = new Membership(group, user, createdAt, updatedAt);
        group.members.add(membership);
        user.memberships.add(membership);
        membershipCount++;
    }

    void leave(Membership membership) {
        membership.group.members.remove(membership);
        membership.user.memberships.remove(membership);
        membershipCount--;
    }

    // ---- lookups -------------------------------------------------------------------------------

    GroupEntry requireGroup(String groupId) {
        GroupEntry group = groupsById.get(groupId);
        if (group == null) {
            throw new NoSuchElementException("no group " + groupId);
        }
        return group;
    }

    /** The user, or null if there is none with this id. */
    UserEntry findUser(String userId) {
        return usersById.get(userId);
    }

    UserEntry requireUser(String userId) {
        UserEntry user = usersById.get(userId);
        if (user == null) {
            throw new NoSuchElementException("no user " + userId);
        }
        return user;
    }

    static Membership requireMembership(GroupEntry group, String userId) {
        for (Membership membership : group.members) {
            if (membership.user.id.equals(userId)) {
                return membership;
            }
        }
        throw new NoSuchElementException("user " + userId + " is not in group " + group.id);
    }

    Collection<UserEntry> users() {
        return usersById.values();
    }

    int groupCount() {
        return groupList.size();
    }

    long membershipCount() {
        return membershipCount;
    }

    // ---- snapshots -----------------------------------------------------------------------------

    List<SimGroup> groups() {
        List<SimGroup> all = new ArrayList<>(groupList.size());
        for (GroupEntry group : groupList) {
            all.add(toGroup(group));
        }
        return all;
    }

    Optional<SimGroup> group(String groupId) {
        return Optional.ofNullable(groupsById.get(groupId)).map(DirectoryStore::toGroup);
    }

    List<SimMember> members(String groupId) {
        GroupEntry group = requireGroup(groupId);
        List<SimMember> all = new ArrayList<>(group.members.size());
        for (Membership membership : group.members) {
            all.add(toMember(membership));
        }
        return all;
    }

    List<String> groupsOfUser(String userId) {
        return requireUser(userId).memberships.stream().map(m -> m.group.id).toList();
    }

    /** Groups whose name starts with {@code namePrefix} (case-sensitive), from {@code offset}. */
    Directory.Slice<SimGroup> listGroups(String namePrefix, int offset, int limit) {
        List<SimGroup> page = new ArrayList<>(Math.min(limit, groupList.size()));
        if (namePrefix.isEmpty()) {
            int end = Math.min(groupList.size(), offset + limit);
            for (int i = offset; i < end; i++) {
                page.add(toGroup(groupList.get(i)));
            }
            return new Directory.Slice<>(page, end < groupList.size());
        }
        int matched = 0;
        for (GroupEntry group : groupList) {
            if (!group.name.startsWith(namePrefix)) {
                continue;
            }
            if (matched >= offset) {
                if (page.size() == limit) {
                    return new Directory.Slice<>(page, true);
                }
                page.add(toGroup(group));
            }
            matched++;
        }
        return new Directory.Slice<>(page, false);
    }

    /** A group's members from {@code offset}, or empty if the group does not exist. */
    Optional<Directory.Slice<SimMember>> listMembers(String groupId, int offset, int limit) {
        GroupEntry group = groupsById.get(groupId);
        if (group == null) {
            return Optional.empty();
        }
        int end = Math.min(group.members.size(), offset + limit);
        List<SimMember> page = new ArrayList<>(Math.max(0, end - offset));
        for (int i = offset; i < end; i++) {
            page.add(toMember(group.members.get(i)));
        }
        return Optional.of(new Directory.Slice<>(page, end < group.members.size()));
    }

    // ---- internals -----------------------------------------------------------------------------

    private String newId(String prefix, Set<String> taken) {
        String id;
        do {
            id = SampleData.taggedId(prefix, random);
        } while (taken.contains(id));
        return id;
    }

    private static SimGroup toGroup(GroupEntry g) {
        return new SimGroup(g.id, g.name, g.description, g.sourceType, MicroTimestamps.toInstant(g.createdAt),
                MicroTimestamps.toInstant(g.updatedAt), g.roles, g.extra);
    }

    private static SimMember toMember(Membership m) {
        return new SimMember(m.group.id, m.user.id, m.user.email, MicroTimestamps.toInstant(m.createdAt),
                MicroTimestamps.toInstant(m.updatedAt), m.extra);
    }
}
