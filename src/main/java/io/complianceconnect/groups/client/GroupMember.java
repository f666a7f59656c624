package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A membership: one user in one group. The API's member objects do not carry the group id; the
 * client adds it from the request path so a member is meaningful on its own.
 *
 * @param email the member's email at the time of the request: personal data, never log it above DEBUG
 * @param extra unknown fields of the JSON object, name to its JSON text
 */
public record GroupMember(
        String groupId,
        String userId,
        String email,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> extra) {

    public GroupMember {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(userId, "userId");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /** Never prints the email: records end up in logs through exceptions and debug output. */
    @Override
    public String toString() {
        return "GroupMember[groupId=" + groupId + ", userId=" + userId + "]";
    }
}
