package io.complianceconnect.groups.client;

import java.util.HashSet;
import java.util.Set;

/**
 * Keeps one paged listing from looping. Use one guard per listing (from its first page to its last),
 * and call {@link #check} with each page right after it is fetched; the guard may live across polls.
 * A server that hands out a page token this listing has already requested or received would send
 * the walk round in a circle, so that is a {@link ProtocolException}. ({@code has_more} without a
 * {@code next_page} is already refused when the page is parsed, because {@link Page} cannot carry it.)
 * Not thread-safe: a listing is walked by one thread at a time.
 */
public final class ListingGuard {

    private final Set<String> seenTokens = new HashSet<>();
    private String expectedToken;
    private int pages;

    /**
     * @param requestedToken the page token the page was requested with, null for the first page
     * @param page           the page the API returned for it
     * @throws ProtocolException when the page's next token repeats a token of this listing
     * @throws IllegalStateException when the guard is used out of order (a token that is not the previous
     *                               page's next token, or a page after the last one)
     */
    public void check(String requestedToken, Page<?> page) {
        if (pages > 0 && expectedToken == null) {
            throw new IllegalStateException("this listing already ended; use a new ListingGuard for a new listing");
        }
        // The first check may start mid-listing (a task resuming from a stored token).
        if (pages > 0 && !expectedToken.equals(requestedToken)) {
            throw new IllegalStateException("page requested with a token that is not the previous page's next_page;"
                    + " use a new ListingGuard when a listing restarts");
        }
        if (requestedToken != null) {
            seenTokens.add(requestedToken);
        }
        String next = page.nextPage();
        if (next != null && !seenTokens.add(next)) {
            throw new ProtocolException(200, null, "The Compliance API returned a next_page token that was already"
                    + " used in this listing (after " + (pages + 1) + " pages), so following it would loop forever."
                    + " Restart the listing from its first page; if this persists, report it to Anthropic support.");
        }
        pages++;
        expectedToken = next;
    }

    /** How many pages this guard has accepted. */
    public int pages() {
        return pages;
    }
}
