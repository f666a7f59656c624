package io.complianceconnect.groups.client;

import java.util.Objects;
import java.util.Optional;

/**
 * What one logical request asks for: the endpoint, the group it names and the page it continues
 * from. Equal keys are the same request, so a call that had to wait can be continued by the next
 * attempt at it ({@link PendingCalls}).
 *
 * @param groupId   the group in the path, null for the collection endpoints
 * @param page      the page token (for the activity feed: the {@code after_id}) the request
 *                  continues from; null for the first page
 * @param <T>       what the request returns
 */
public record RequestKey<T>(Endpoint endpoint, String groupId, String page) {

    public RequestKey {
        Objects.requireNonNull(endpoint, "endpoint");
    }

    /** A page of groups: {@link ComplianceApiClient#listGroups}. */
    public static RequestKey<Page<Group>> groupsPage(String pageToken) {
        return new RequestKey<>(Endpoint.LIST_GROUPS, null, pageToken);
    }

    /** One group: {@link ComplianceApiClient#getGroup}. */
    public static RequestKey<Optional<Group>> group(String groupId) {
        return new RequestKey<>(Endpoint.GET_GROUP, Objects.requireNonNull(groupId, "groupId"), null);
    }

    /** A page of a group's members: {@link ComplianceApiClient#listMembers}. */
    public static RequestKey<Page<GroupMember>> membersPage(String groupId, String pageToken) {
        return new RequestKey<>(Endpoint.LIST_MEMBERS, Objects.requireNonNull(groupId, "groupId"), pageToken);
    }

    /** A page of the activity feed: {@link ComplianceApiClient#listActivities}. */
    public static RequestKey<ActivityPage> activitiesPage(String afterId) {
        return new RequestKey<>(Endpoint.LIST_ACTIVITIES, null, afterId);
    }
}
