package io.complianceconnect.groups.client;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.function.Consumer;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * Whole listings walked page by page with a {@link ListingGuard}, blocking with retries: what the tests
 * need to compare the client's view with the simulator's directory. The connector never walks a whole
 * listing at once (it fetches one page per step), so these live with the tests.
 */
final class Listings {

    private Listings() {
    }

    /**
     * Every group, fetched page by page as the stream is consumed. A page token that repeats within the
     * walk ends it with a {@link ProtocolException}. An interrupt while waiting ends it with a
     * {@link RequestAbortedException} and the interrupt flag set.
     */
    static Stream<Group> allGroups(ComplianceApiClient client, String namePrefix, int pageSize) {
        Spliterator<Group> pages = new Spliterators.AbstractSpliterator<>(Long.MAX_VALUE,
                Spliterator.ORDERED | Spliterator.NONNULL) {
            private final ListingGuard guard = new ListingGuard();
            private Iterator<Group> current = Collections.emptyIterator();
            private String nextToken;
            private boolean lastFetched;

            @Override
            public boolean tryAdvance(Consumer<? super Group> action) {
                while (!current.hasNext()) {
                    if (lastFetched) {
                        return false;
                    }
                    String token = nextToken;
                    Page<Group> page = blocking(client.listGroups(namePrefix, token, pageSize));
                    guard.check(token, page);
                    current = page.items().iterator();
                    nextToken = page.nextPage();
                    lastFetched = page.isLast();
                }
                action.accept(current.next());
                return true;
            }
        };
        return StreamSupport.stream(pages, false);
    }

    /**
     * Every member of a group, all pages.
     *
     * @throws GroupNotFoundException  when the group does not exist
     * @throws ProtocolException       when a page token repeats within the walk
     * @throws RequestAbortedException when interrupted (the interrupt flag is set again) or closed
     */
    static List<GroupMember> allMembers(ComplianceApiClient client, String groupId, int pageSize) {
        ListingGuard guard = new ListingGuard();
        List<GroupMember> members = new ArrayList<>();
        String token = null;
        do {
            Page<GroupMember> page = blocking(client.listMembers(groupId, token, pageSize));
            guard.check(token, page);
            members.addAll(page.items());
            token = page.nextPage();
        } while (token != null);
        return members;
    }

    private static <T> T blocking(ApiCall<T> call) {
        try {
            return call.execute();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RequestAbortedException("Interrupted while waiting for the Compliance API (" + call.endpoint()
                    + "); the walk was abandoned.", e);
        }
    }
}
