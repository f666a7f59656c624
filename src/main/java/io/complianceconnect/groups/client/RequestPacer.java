package io.complianceconnect.groups.client;

import java.time.Duration;
import java.time.Instant;

/**
 * Decides when the next request of one client may start. Shared by every call of the client, so it is
 * thread-safe; callers reserve a start time and then wait for it themselves.
 *
 * <p>Two limits combine, and the later start wins:
 * <ul>
 *   <li>The local ceiling spaces request starts evenly, {@code 60 s / requestsPerMinute} apart. Even
 *       spacing (rather than a token bucket with a burst) keeps this connector from spending a large
 *       share of the organisation's budget, which other consumers share, in a single burst.</li>
 *   <li>The server's {@code anthropic-ratelimit-requests-remaining} and {@code -reset} headers: with
 *       nothing remaining the next request waits for the reset rather than spending a request on a 429;
 *       otherwise the remaining requests are spread evenly over the time left until the reset. That
 *       spreading only slows us down when the budget is low relative to the time left, because the
 *       local spacing is used whenever it is the longer one.</li>
 * </ul>
 * A 429 also holds back every call of the client until its {@code retry-after} has passed.
 */
final class RequestPacer {

    /** The API's windows are one minute long; a reset further away than this means clock skew. */
    static final Duration MAX_SERVER_WAIT = Duration.ofSeconds(60);

    private final Duration localSpacing;

    private Instant localNext = Instant.MIN;
    private Instant heldUntil = Instant.MIN;
    private Instant serverNext = Instant.MIN;
    private long serverRemaining = -1;
    private Instant serverReset;

    /** @param requestsPerMinute the local ceiling, 0 for none */
    RequestPacer(int requestsPerMinute) {
        this.localSpacing = requestsPerMinute == 0 ? Duration.ZERO : Duration.ofNanos(60_000_000_000L / requestsPerMinute);
    }

    /**
     * The outcome of {@link #reserve}.
     *
     * @param start      when the request may be sent
     * @param granted    whether the slot was taken; when false nothing changed and {@code start} is the
     *                   earliest start the caller could get by trying again
     * @param pacingWait how much of the wait is due to pacing rather than the caller's own not-before
     */
    record Slot(Instant start, boolean granted, Duration pacingWait) {
    }

    /**
     * Reserves the earliest start at or after both {@code now} and {@code notBefore}, unless that start
     * is more than {@code maxWait} after {@code now}.
     */
    synchronized Slot reserve(Instant now, Instant notBefore, Duration maxWait) {
        Instant own = later(now, notBefore);
        Instant start = later(own, later(localNext, later(heldUntil, serverNext)));
        if (serverReset != null && serverReset.isAfter(start) && serverRemaining == 0) {
            start = serverReset;
        }
        Duration pacingWait = Duration.between(own, start);
        if (Duration.between(now, start).compareTo(maxWait) > 0) {
            return new Slot(start, false, pacingWait);
        }
        localNext = start.plus(localSpacing);
        if (serverReset != null && serverReset.isAfter(start) && serverRemaining > 0) {
            // Count our own request until the next response tells us the true figure, so that
            // concurrent calls do not all spend the same last requests.
            serverRemaining--;
            serverNext = start.plus(Duration.between(start, serverReset).dividedBy(serverRemaining + 1));
        }
        return new Slot(start, true, pacingWait);
    }

    /**
     * Records the rate-limit headers of a response received at {@code now}. Responses to concurrent
     * requests may arrive out of order, so within one window the smallest remaining figure wins.
     */
    synchronized void observe(Instant now, Long limit, Long remaining, Instant reset) {
        if (remaining == null || reset == null || remaining < 0 || (limit != null && limit <= 0)) {
            return;
        }
        Instant cappedReset = reset.isAfter(now.plus(MAX_SERVER_WAIT)) ? now.plus(MAX_SERVER_WAIT) : reset;
        if (!cappedReset.isAfter(now)) {
            return;
        }
        boolean sameWindow = serverReset != null && serverReset.isAfter(now) && cappedReset.equals(serverReset);
        if (sameWindow) {
            serverRemaining = Math.min(serverRemaining, remaining);
        } else {
            serverReset = cappedReset;
            serverRemaining = remaining;
            serverNext = Instant.MIN;
        }
        if (serverRemaining > 0) {
            Instant spread = now.plus(Duration.between(now, serverReset).dividedBy(serverRemaining + 1));
            serverNext = later(serverNext, spread);
        }
    }

    /** After a 429: nothing of this client goes out before {@code until}. */
    synchronized void holdUntil(Instant until) {
        heldUntil = later(heldUntil, until);
    }

    private static Instant later(Instant a, Instant b) {
        return a.isAfter(b) ? a : b;
    }
}
