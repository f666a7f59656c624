package io.complianceconnect.groups.client;

import java.util.List;

/**
 * One page of the activity feed, newest first.
 *
 * @param lastId the oldest activity's id on this page: pass it as {@code after_id} for the next (older) page
 */
public record ActivityPage(List<Activity> items, boolean hasMore, String firstId, String lastId) {

    public ActivityPage {
        items = List.copyOf(items);
    }
}
