package io.complianceconnect.groups.simulator;

import io.complianceconnect.groups.simulator.DirectoryStore.GroupEntry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Records the directory's changes in its {@link ActivityFeed}, at the change's time. The actor is the
 * {@linkplain ActivityFeed#directorySync() SCIM sync} for groups of source type {@code scim} and for
 * email changes, else the {@linkplain ActivityFeed#directoryAdmin() admin}.
 */
final class DirectoryActivities {

    private final ActivityFeed feed;

    DirectoryActivities(ActivityFeed feed) {
        this.feed = feed;
    }

    /** A group's activity: {@code group_id} first, then {@code moreDetails} as name, value pairs. */
    void groupChanged(GroupEntry group, long atMicros, String type, Object... moreDetails) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("group_id", group.id);
        for (int i = 0; i < moreDetails.length; i += 2) {
            details.put((String) moreDetails[i], moreDetails[i + 1]);
        }
        Actor actor = DirectoryStore.SOURCE_SCIM.equals(group.sourceType) ? feed.directorySync() : feed.directoryAdmin();
        feed.recordAt(MicroTimestamps.toInstant(atMicros), type, actor, details);
    }

    /** A role's activity ({@code rbac_role_*}), by the admin: it names a role and a principal, not a group. */
    void roleChanged(long atMicros, String type, Map<String, Object> details) {
        Map<String, Object> ordered = new LinkedHashMap<>();
        for (String field : new String[] {"role_id", "principal_type", "principal_id"}) {
            if (details.containsKey(field)) {
                ordered.put(field, details.get(field));
            }
        }
        feed.recordAt(MicroTimestamps.toInstant(atMicros), type, feed.directoryAdmin(), ordered);
    }

    /** {@code org_user_deleted} by the admin, or {@code org_user_left} with the user as the actor. */
    void userLeft(String userId, String email, long atMicros, boolean leftThemselves) {
        if (leftThemselves) {
            feed.recordAt(MicroTimestamps.toInstant(atMicros), Activity.ORG_USER_LEFT, Actor.user(userId, email),
                    Map.of());
        } else {
            feed.recordAt(MicroTimestamps.toInstant(atMicros), Activity.ORG_USER_DELETED, feed.directoryAdmin(),
                    Map.of("deleted_user_id", userId));
        }
    }

    /** {@code scim_user_updated}: once, however many groups the user is in. */
    void emailChanged(String userId, long atMicros) {
        feed.recordAt(MicroTimestamps.toInstant(atMicros), Activity.SCIM_USER_UPDATED, feed.directorySync(),
                Map.of("user_id", userId));
    }
}
