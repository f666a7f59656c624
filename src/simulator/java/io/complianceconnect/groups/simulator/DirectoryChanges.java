package io.complianceconnect.groups.simulator;

import io.complianceconnect.groups.simulator.DirectoryStore.GroupEntry;
import io.complianceconnect.groups.simulator.DirectoryStore.Membership;
import io.complianceconnect.groups.simulator.DirectoryStore.UserEntry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Applies one change to a {@link DirectoryStore}: the new values, {@code updated_at} moved strictly
 * forward, and the change's activity (see {@link DirectoryActivities}). Not thread-safe, and it trusts
 * its arguments: {@link Directory} checks them and holds the write lock around every call.
 */
final class DirectoryChanges {

    private final Clock clock;
    private final DirectoryStore store;
    private final DirectoryActivities activities;
    /** Membership activities as before revision G: one {@code member_id} instead of {@code member_ids}. */
    private boolean singleMemberId;

    DirectoryChanges(Clock clock, DirectoryStore store, DirectoryActivities activities) {
        this.clock = clock;
        this.store = store;
        this.activities = activities;
    }

    String createGroup(String name, String description, String sourceType, List<String> roles) {
        GroupEntry group = store.newGroup();
        group.name = name;
        group.description = description;
        group.sourceType = sourceType;
        group.roles = roles == null ? null : List.copyOf(roles);
        group.createdAt = nowMicros();
        group.updatedAt = group.createdAt;
        store.append(group);
        activities.groupChanged(group, group.createdAt, Activity.GROUP_CREATED, "group_name", group.name);
        return group.id;
    }

    void renameGroup(String groupId, String newName) {
        GroupEntry group = store.requireGroup(groupId);
        long now = nowMicros();
        group.name = newName;
        group.updatedAt = MicroTimestamps.bump(group.updatedAt, now);
        activities.groupChanged(group, now, Activity.GROUP_UPDATED);
    }

    /** {@code roles} is the caller's copy (or null). */
    void updateGroup(String groupId, String description, List<String> roles) {
        GroupEntry group = store.requireGroup(groupId);
        long now = nowMicros();
        group.description = description;
        group.roles = roles;
        group.updatedAt = MicroTimestamps.bump(group.updatedAt, now);
        activities.groupChanged(group, now, Activity.GROUP_UPDATED);
    }

    void deleteGroup(String groupId) {
        GroupEntry group = store.requireGroup(groupId);
        store.remove(group);
        activities.groupChanged(group, nowMicros(), Activity.GROUP_DELETED);
    }

    /** A new user, with a fresh id, in the group. */
    String addNewMember(String groupId, String email) {
        GroupEntry group = store.requireGroup(groupId);
        UserEntry user = store.addUser(email);
        join(group, user);
        return user.id;
    }

    /** Creates the user if unknown; a known one must come with the email it has. */
    void addMember(String groupId, String userId, String email) {
        GroupEntry group = store.requireGroup(groupId);
        UserEntry user = store.findUser(userId);
        if (user == null) {
            user = store.addUser(userId, email);
        } else if (!user.email.equals(email)) {
            throw new IllegalArgumentException("user " + userId
                    + " exists with another email; change it with updateMemberEmail");
        }
        join(group, user);
    }

    void removeMember(String groupId, String userId) {
        GroupEntry group = store.requireGroup(groupId);
        store.leave(DirectoryStore.requireMembership(group, userId));
        activities.groupChanged(group, nowMicros(), Activity.GROUP_MEMBER_REMOVED, memberIdsField(),
                memberIdsValue(userId));
    }

    void singleMemberId(boolean single) {
        singleMemberId = single;
    }

    void assignRole(String groupId, String roleId, boolean assigned) {
        GroupEntry group = store.requireGroup(groupId);
        List<String> roles = group.roles == null ? new ArrayList<>() : new ArrayList<>(group.roles);
        boolean changed = assigned ? !roles.contains(roleId) && roles.add(roleId) : roles.remove(roleId);
        long now = nowMicros();
        if (changed) {
            group.roles = List.copyOf(roles);
            group.updatedAt = MicroTimestamps.bump(group.updatedAt, now);
        }
        activities.roleChanged(now, assigned ? Activity.RBAC_ROLE_ASSIGNED : Activity.RBAC_ROLE_UNASSIGNED,
                Map.of("role_id", roleId, "principal_type", "group", "principal_id", groupId));
    }

    void deleteRole(String roleId) {
        long now = nowMicros();
        for (SimGroup listed : store.groups()) {
            GroupEntry group = store.requireGroup(listed.id());
            if (group.roles != null && group.roles.contains(roleId)) {
                List<String> roles = new ArrayList<>(group.roles);
                roles.remove(roleId);
                group.roles = List.copyOf(roles);
                group.updatedAt = MicroTimestamps.bump(group.updatedAt, now);
            }
        }
        activities.roleChanged(now, Activity.RBAC_ROLE_DELETED, Map.of("role_id", roleId));
    }

    /** Applies the first {@code applied} of a bulk change, then records its failure naming every user asked for. */
    void changeMembersFailing(String groupId, List<String> userIds, int applied, boolean adding) {
        GroupEntry group = store.requireGroup(groupId);
        long now = nowMicros();
        for (String userId : userIds.subList(0, Math.min(applied, userIds.size()))) {
            if (adding) {
                UserEntry user = store.findUser(userId);
                store.join(group, user != null ? user : store.addUser(userId, userId + "@example.com"), now, now);
            } else {
                store.leave(DirectoryStore.requireMembership(group, userId));
            }
        }
        activities.groupChanged(group, now, adding ? Activity.GROUP_MEMBER_ADDITION_FAILED
                : Activity.GROUP_MEMBER_REMOVAL_FAILED, "member_ids", userIds);
    }

    void setVisibility(String groupId, String visibilityJson) {
        GroupEntry group = store.requireGroup(groupId);
        group.extra = ExtraFields.with(group.extra, "visibility", visibilityJson);
        activities.groupChanged(group, nowMicros(), Activity.GROUP_VISIBILITY_UPDATED);
    }

    void removeUser(String userId, boolean leftThemselves) {
        UserEntry user = store.requireUser(userId);
        for (Membership membership : List.copyOf(user.memberships)) {
            store.leave(membership);
        }
        activities.userLeft(user.id, user.email, nowMicros(), leftThemselves);
    }

    private String memberIdsField() {
        return singleMemberId ? "member_id" : "member_ids";
    }

    private Object memberIdsValue(String userId) {
        return singleMemberId ? userId : List.of(userId);
    }

    void updateMemberEmail(String userId, String newEmail) {
        UserEntry user = store.requireUser(userId);
        long now = nowMicros();
        user.email = newEmail;
        for (Membership membership : user.memberships) {
            membership.updatedAt = MicroTimestamps.bump(membership.updatedAt, now);
        }
        activities.emailChanged(userId, now);
    }

    /** {@code jsonText} is normalized already; null removes the field. Records no activity. */
    void setGroupExtraField(String groupId, String name, String jsonText) {
        GroupEntry group = store.requireGroup(groupId);
        group.extra = ExtraFields.with(group.extra, name, jsonText);
    }

    /** As {@link #setGroupExtraField}, for one membership. */
    void setMemberExtraField(String groupId, String userId, String name, String jsonText) {
        Membership membership = DirectoryStore.requireMembership(store.requireGroup(groupId), userId);
        membership.extra = ExtraFields.with(membership.extra, name, jsonText);
    }

    private void join(GroupEntry group, UserEntry user) {
        long now = nowMicros();
        store.join(group, user, now, now);
        activities.groupChanged(group, now, Activity.GROUP_MEMBER_ADDED, memberIdsField(),
                memberIdsValue(user.id));
    }

    private long nowMicros() {
        return MicroTimestamps.now(clock);
    }
}
