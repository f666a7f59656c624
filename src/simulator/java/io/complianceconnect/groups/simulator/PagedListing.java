package io.complianceconnect.groups.simulator;

import java.util.Map;
import java.util.Optional;

/**
 * One page of a group listing ({@code limit}, {@code page}), for the groups and the members endpoints:
 * the limit and token are checked first, then the list is read at the token's offset, and the next
 * token is issued for the offset after the page. The page-token faults shape {@code has_more} and
 * {@code next_page} here.
 */
final class PagedListing {

    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 1000;

    /** Reads a page of the list at an offset; empty when the list does not exist (an unknown group). */
    @FunctionalInterface
    interface PageSource<T> {
        Optional<Directory.Slice<T>> slice(int offset, int limit);
    }

    private final PageTokens pageTokens;
    private final JsonBodies json = new JsonBodies();

    PagedListing(PageTokens pageTokens) {
        this.pageTokens = pageTokens;
    }

    /**
     * The answer for one page. {@code listing} names the list (endpoint and group id or name prefix)
     * and binds the tokens to it; {@code shaping} is the fault kind that shapes the answer, or null.
     */
    <T> SimResponse page(String listing, Map<String, String> query, Fault.Kind shaping,
            JsonBodies.Shaping objects, PageSource<T> source, JsonBodies.ItemWriter<T> writer) {
        int limit = parseLimit(query.get("limit"));
        if (limit < 0) {
            return ErrorResponses.invalidRequest(ErrorResponses.LIMIT_MESSAGE);
        }
        String token = query.get("page");
        boolean firstPage = token == null || token.isEmpty();
        int offset = 0;
        if (!firstPage) {
            try {
                offset = pageTokens.redeem(listing, token);
            } catch (PageTokens.RejectedToken rejected) {
                return ErrorResponses.invalidRequest(rejected.rejection() == PageTokens.Rejection.EXPIRED
                        ? ErrorResponses.EXPIRED_TOKEN_MESSAGE : ErrorResponses.INVALID_TOKEN_MESSAGE);
            }
        }
        Optional<Directory.Slice<T>> slice = source.slice(offset, limit);
        if (slice.isEmpty()) {
            return ErrorResponses.groupNotFound();
        }
        boolean hasMore = slice.get().hasMore();
        String nextPage = hasMore ? pageTokens.issue(listing, offset + limit) : null;
        if (shaping == Fault.Kind.HAS_MORE_WITHOUT_TOKEN) {
            hasMore = true;
            nextPage = null;
        } else if (shaping == Fault.Kind.REPEATED_TOKEN) {
            hasMore = true;
            nextPage = firstPage ? pageTokens.issue(listing, 0) : token;
        }
        return SimResponse.json(200, json.page(slice.get().items(), writer, hasMore, nextPage, objects));
    }

    /** The limit, or -1 when it is not an integer in 1..1000. */
    private static int parseLimit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            return limit >= 1 && limit <= MAX_LIMIT ? limit : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
