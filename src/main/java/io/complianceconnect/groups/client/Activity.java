package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One entry of the activity feed, reduced to what tells which groups changed. Fields that a type
 * does not carry are null (or an empty list).
 *
 * @param createdAt null when the API gave none or one that is not RFC 3339
 * @param groupId   for group_* types, never blank for them; for rbac_role_assigned / _unassigned, the group
 *                  whose roles changed ({@code principal_id} when {@code principal_type} is {@code group}),
 *                  else null
 * @param memberIds for group_member_* types: {@code member_ids}, or the one {@code member_id} of entries
 *                  older than revision G
 * @param userId    for scim_user_* types ({@code user_id}), org_user_deleted ({@code deleted_user_id}) and
 *                  org_user_left (its actor's {@code user_id}), never blank for them
 */
public record Activity(String id, Instant createdAt, String type, String groupId, List<String> memberIds,
                       String userId) {

    /** Types about one group ({@code group_created}, {@code group_member_added}, ...) carry its id. */
    public static final String GROUP_TYPE_PREFIX = "group_";
    /** Types about one user ({@code scim_user_updated}, ...) carry the user's id. */
    public static final String USER_TYPE_PREFIX = "scim_user_";
    /** Types about a role ({@code rbac_role_assigned}, ...); a role's principal may be a group. */
    public static final String ROLE_TYPE_PREFIX = "rbac_role_";

    /** Whether the type is about one user, whose id it then carries: scim_user_*, org_user_deleted, org_user_left. */
    public static boolean isAboutOneUser(String type) {
        return type.startsWith(USER_TYPE_PREFIX) || type.equals("org_user_deleted") || type.equals("org_user_left");
    }

    public Activity {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(type, "type");
        memberIds = memberIds == null ? List.of() : List.copyOf(memberIds);
    }
}
