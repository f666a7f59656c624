package io.complianceconnect.groups.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The groups the feed named, waiting for their refresh: a group is queued once however often it is
 * named, and is due no sooner than the coalescing window after its last refresh started, so that a
 * group that changes all day is listed once per window. Of the groups due, those whose activity
 * holds the stored feed position back go first, the one named by the oldest activity first: the
 * position waits for the oldest such activity whose refresh is not done, so each refresh in that
 * order moves it on, and a task restarted before its queue is empty (restarts faster than the flush
 * interval) does not replay what it already refreshed. The feed reports newest first, so the order
 * of naming would hold the position back until the last refresh of a re-read; and the activities a
 * restarted task reads again from before its stored position (the lag window, re-read in case one
 * became visible late) would take a short life's requests before any that moves the position. Due times are the worker's clock (scheduling only); activity times the API's.
 */
final class RefreshQueue {

    /**
     * @param due      when the refresh may start (the worker's clock)
     * @param activity the oldest activity naming the group since it was queued (the API's clock)
     * @param holds    whether an activity naming it holds the stored feed position back
     */
    private record Queued(Instant due, Instant activity, boolean holds) {

        /** Whether this refresh goes before {@code other}. */
        boolean before(Queued other) {
            return holds != other.holds ? holds : activity.isBefore(other.activity);
        }
    }

    private final Duration window;
    private final Clock clock;
    private final Map<String, Queued> queue = new LinkedHashMap<>();
    /** When each group's latest refresh started, while that is inside the window. */
    private final Map<String, Instant> lastStarts = new HashMap<>();

    RefreshQueue(Duration window, Clock clock) {
        this.window = window;
        this.clock = clock;
    }

    boolean contains(String groupId) {
        return queue.containsKey(groupId);
    }

    /**
     * Queues the group, or notes an older activity naming it when it is queued already.
     *
     * @param activity  when the change it is refreshed for happened (the API's clock), or
     *                  {@link Instant#MIN} when not known: then it goes first of its kind
     * @param holds     whether the activity holds the stored feed position back until the refresh is in Kafka
     * @param coalesced whether its refresh waits for the window: a group whose members fit one page
     *                  is re-read at once, coalescing it would save a request or two at the price of
     *                  the window's latency; the window is for the groups whose listing is costly
     */
    void add(String groupId, Instant activity, boolean holds, boolean coalesced) {
        Queued queued = queue.get(groupId);
        if (queued != null) {
            Instant oldest = activity.isBefore(queued.activity()) ? activity : queued.activity();
            queue.put(groupId, new Queued(queued.due(), oldest, holds || queued.holds()));
            return;
        }
        Instant now = clock.instant();
        Instant last = coalesced ? lastStarts.get(groupId) : null;
        Instant windowEnd = last == null ? now : last.plus(window);
        queue.put(groupId, new Queued(windowEnd.isAfter(now) ? windowEnd : now, activity, holds));
    }

    /** Of the queued groups whose refresh is due now, the one to refresh first (see the class); null when none is due. */
    String due() {
        Instant now = clock.instant();
        String first = null;
        Queued firstQueued = null;
        for (Map.Entry<String, Queued> e : queue.entrySet()) {
            Queued q = e.getValue();
            if (!q.due().isAfter(now) && (firstQueued == null || q.before(firstQueued))) {
                first = e.getKey();
                firstQueued = q;
            }
        }
        return first;
    }

    /** When the next refresh is due; {@link Instant#MAX} when none is queued. */
    Instant nextDue() {
        Instant next = Instant.MAX;
        for (Queued q : queue.values()) {
            next = q.due().isBefore(next) ? q.due() : next;
        }
        return next;
    }

    /** The group's refresh starts now: it leaves the queue. */
    void started(String groupId) {
        queue.remove(groupId);
        Instant now = clock.instant();
        lastStarts.values().removeIf(started -> !started.plus(window).isAfter(now));
        lastStarts.put(groupId, now);
    }
}
