package io.complianceconnect.groups.client;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextPage the opaque token for the following page, or null when this is the last page;
 *                 the client has already reconciled {@code has_more} and {@code next_page}, so
 *                 callers only test this field
 */
public record Page<T>(List<T> items, String nextPage) {

    public Page {
        items = List.copyOf(items);
    }

    public boolean isLast() {
        return nextPage == null;
    }
}
