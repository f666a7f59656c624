package io.complianceconnect.groups.sweep;

/**
 * Splits the request budget between the sweep and the activity feed (its reads and refreshes) while
 * a sweep is due or running: the feed may then take at most its configured share of the requests
 * made since the sweep became due, so a group that changes all day cannot starve the sweeps that
 * find everything the feed does not report. Between sweeps the feed has the whole budget.
 *
 * <p>The share is kept in requests, not time: the engine makes one request per step, so whichever
 * side is behind its share takes the next step. A group sync that has started runs to its end (its
 * pages must follow each other), so the split holds over a run of syncs, not within each one: a
 * refresh of a large group that overdraws the feed's share is paid back by the sweep's next steps.
 * Counted since the task started for the metrics ({@code refresh-requests-total}); read on the
 * metrics' thread.
 */
final class RequestShare {

    /** Who made a request. */
    enum Side { SWEEP, FEED }

    private final double feedShare;
    private volatile long feedTotal;
    private long sweepContended;
    private long feedContended;
    private boolean contended;

    /** @param feedShare the feed's share while a sweep is due or running, in (0, 1] */
    RequestShare(double feedShare) {
        this.feedShare = feedShare;
    }

    /** The step about to run sees a sweep due or running ({@code true}), or none. */
    void sweepWanted(boolean wanted) {
        if (wanted && !contended) {
            sweepContended = 0;
            feedContended = 0;
        }
        contended = wanted;
    }

    /** Whether the feed may take the next step: no sweep wants requests, or the feed is within its share. */
    boolean feedMayGo() {
        return !contended || feedShare >= 1
                || feedContended * (1 - feedShare) <= sweepContended * feedShare;
    }

    /** A request answered, on the engine's thread. */
    void requested(Side side) {
        if (side == Side.FEED) {
            feedTotal++;
            if (contended) {
                feedContended++;
            }
        } else if (contended) {
            sweepContended++;
        }
    }

    Runnable counter(Side side) {
        return () -> requested(side);
    }

    /** Requests of the feed's reads and refreshes since the task started. */
    long feedRequests() {
        return feedTotal;
    }
}
