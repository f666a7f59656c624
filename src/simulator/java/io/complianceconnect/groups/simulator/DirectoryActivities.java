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

    /** {@code scim_user_updated}: once, however many groups the user is in. */
    void emailChanged(String userId, long atMicros) {
        feed.recordAt(MicroTimestamps.toInstant(atMicros), Activity.SCIM_USER_UPDATED, feed.directorySync(),
                Map.of("user_id", userId));
    }
}
