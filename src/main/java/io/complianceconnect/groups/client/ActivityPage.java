package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;

/**
 * One page of the activity feed, newest first.
 *
 * @param lastId     the oldest activity's id on this page: pass it as {@code after_id} for the next (older) page
 * @param serverTime when the API answered, by the API's clock (its {@code Date} header, to the second), or null
 *                   when the answer had no readable one; what the feed's {@code created_at} values compare with
 */
public record ActivityPage(List<Activity> items, boolean hasMore, String firstId, String lastId, Instant serverTime) {

    public ActivityPage {
        items = List.copyOf(items);
    }

    /** A page without the server's time. */
    public ActivityPage(List<Activity> items, boolean hasMore, String firstId, String lastId) {
        this(items, hasMore, firstId, lastId, null);
    }

    ActivityPage withServerTime(Instant serverTime) {
        return new ActivityPage(items, hasMore, firstId, lastId, serverTime);
    }
}
