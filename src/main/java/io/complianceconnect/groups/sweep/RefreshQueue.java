package io.complianceconnect.groups.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The groups the feed named, waiting for their refresh, in the order they were named: a group is
 * queued once however often it is named, and is due no sooner than the coalescing window after
 * its last refresh started, so that a group that changes all day is listed once per window. Each
 * entry remembers the read of the feed that queued it, which the feed position waits on. Times are
 * the worker's clock: scheduling only.
 */
final class RefreshQueue {

    /** @param due when the refresh may start; @param read the number of the feed read that queued it */
    private record Queued(Instant due, long read) {
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
     * Queues the group unless it is queued already.
     *
     * @param coalesced whether its refresh waits for the window: a group whose members fit one page
     *                  is re-read at once, coalescing it would save a request or two at the price of
     *                  the window's latency; the window is for the groups whose listing is costly
     */
    void add(String groupId, long read, boolean coalesced) {
        if (!queue.containsKey(groupId)) {
            Instant now = clock.instant();
            Instant last = coalesced ? lastStarts.get(groupId) : null;
            Instant windowEnd = last == null ? now : last.plus(window);
            queue.put(groupId, new Queued(windowEnd.isAfter(now) ? windowEnd : now, read));
        }
    }

    /** The first queued group whose refresh is due now, or null. */
    String due() {
        Instant now = clock.instant();
        for (Map.Entry<String, Queued> e : queue.entrySet()) {
            if (!e.getValue().due().isAfter(now)) {
                return e.getKey();
            }
        }
        return null;
    }

    /** When the next refresh is due; {@link Instant#MAX} when none is queued. */
    Instant nextDue() {
        Instant next = Instant.MAX;
        for (Queued q : queue.values()) {
            next = q.due().isBefore(next) ? q.due() : next;
        }
        return next;
    }

    /** The group's refresh starts now: it leaves the queue; returns the read that queued it. */
    long started(String groupId) {
        long read = queue.remove(groupId).read();
        Instant now = clock.instant();
        lastStarts.values().removeIf(started -> !started.plus(window).isAfter(now));
        lastStarts.put(groupId, now);
        return read;
    }
}
