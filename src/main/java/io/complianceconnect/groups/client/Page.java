package io.complianceconnect.groups.client;

import java.util.List;

/**
 * One page of a listing.
 *
 * @param nextPage    the opaque token for the following page, or null when this is the last page;
 *                    the client has already reconciled {@code has_more} and {@code next_page}, so
 *                    callers only test this field
 * @param skippedRows how many rows the API sent that are not in {@code items} because they had no usable
 *                    id ({@link MalformedRow.Kind#SKIPPED_WITHOUT_ID}): a listing with skipped rows is not
 *                    a complete view, so nothing may be taken for deleted because it was missing from it
 */
public record Page<T>(List<T> items, String nextPage, int skippedRows) {

    public Page {
        items = List.copyOf(items);
        if (skippedRows < 0) {
            throw new IllegalArgumentException("skippedRows must not be negative, was " + skippedRows);
        }
    }

    /** A page of which every row was usable. */
    public Page(List<T> items, String nextPage) {
        this(items, nextPage, 0);
    }

    public boolean isLast() {
        return nextPage == null;
    }
}
