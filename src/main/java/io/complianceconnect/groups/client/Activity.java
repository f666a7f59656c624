package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the activity feed, reduced to what tells which groups changed. Fields that a type
 * does not carry are null (or an empty list).
 *
 * @param createdAt null when the API gave none or one that is not RFC 3339
 * @param groupId   for group_* types, never blank for them
 * @param memberIds for group_member_added / group_member_removed
 * @param userId    for scim_user_* types, never blank for them
 */
public record Activity(String id, Instant createdAt, String type, String groupId, List<String> memberIds,
                       String userId) {

    /** Types about one group ({@code group_created}, {@code group_member_added}, ...) carry its id. */
    public static final String GROUP_TYPE_PREFIX = "group_";
    /** Types about one user ({@code scim_user_updated}, ...) carry the user's id. */
    public static final String USER_TYPE_PREFIX = "scim_user_";

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
