package io.complianceconnect.groups.client;

/**
 * Bounds the restarts of one listing from a rejected page token. The documented answer to a 400 on a
 * request with a page token is to list again from the first page, and an expired token does that
 * legitimately, more than once in a long listing: each attempt then gets further (what the earlier
 * ones covered goes quickly). A server that keeps refusing its own tokens would instead send the
 * listing round in a circle, silently; so after {@link #MAX_RESTARTS_WITHOUT_PROGRESS} restarts in a
 * row that got no further than the best attempt before, the listing fails with a message that says
 * what happened and what to do. One instance per listing, kept across its restarts.
 */
public final class ListingRestarts {

    /** Restarts in a row that may get no further before the listing is given up. */
    public static final int MAX_RESTARTS_WITHOUT_PROGRESS = 3;

    private final String listing;
    private int furthestPages = -1;
    private int restartsWithoutProgress;

    /** @param listing what is listed, for the message: "the groups listing", "the members of group X" */
    public ListingRestarts(String listing) {
        this.listing = listing;
    }

    /**
     * Called when a page token was rejected and the listing is about to restart from its first page.
     *
     * @param pagesReached pages the attempt now ending had accepted
     * @param rejection    the 400 that rejected the token
     * @throws ComplianceApiException when this is one restart too many without progress
     */
    public void restarting(int pagesReached, InvalidRequestException rejection) {
        if (pagesReached > furthestPages) {
            furthestPages = pagesReached;
            restartsWithoutProgress = 0;
            return;
        }
        if (++restartsWithoutProgress >= MAX_RESTARTS_WITHOUT_PROGRESS) {
            throw new ComplianceApiException(rejection.status(), rejection.errorType(), rejection.requestId(),
                    "The Compliance API rejected a page token of " + listing + " (HTTP 400) again after "
                            + (restartsWithoutProgress + 1) + " restarts from the first page in a row that each got no "
                            + "further than " + furthestPages + " page(s), so restarting it again would loop "
                            + "forever. The API is refusing the tokens it hands out: report it to Anthropic support "
                            + "with this request id, then restart the connector; it resumes where it stopped.",
                    rejection);
        }
    }
}
