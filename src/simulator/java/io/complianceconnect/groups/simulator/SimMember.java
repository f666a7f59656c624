package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * A membership as the simulator holds it. The API's member object has no group id; it is here so
 * that a membership means something on its own (see {@link SimGroup} for why the simulator has
 * its own value types).
 *
 * @param email personal data, as in the real directory: never printed by {@link #toString()}
 * @param extra fields beyond the documented ones, name to JSON text, served as they are
 */
public record SimMember(
        String groupId,
        String userId,
        String email,
        Instant createdAt,
        Instant updatedAt,
        Map<String, String> extra) {

    public SimMember {
        Objects.requireNonNull(groupId, "groupId");
        Objects.requireNonNull(userId, "userId");
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    @Override
    public String toString() {
        return "SimMember[groupId=" + groupId + ", userId=" + userId + "]";
    }
}
