package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the activity feed, reduced to what tells which groups changed. Fields that a type
 * does not carry are null (or an empty list).
 *
 * @param groupId   for group_* types
 * @param memberIds for group_member_added / group_member_removed
 * @param userId    for scim_user_* types
 */
public record Activity(String id, Instant createdAt, String type, String groupId, List<String> memberIds,
                       String userId) {

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
