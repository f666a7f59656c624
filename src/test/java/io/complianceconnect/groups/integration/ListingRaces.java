package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;

/**
 * Counts the races a randomized run actually produced, from the simulator's served pages and the
 * times the test changed the directory: a change is a race when it fell inside a multi-page listing
 * that it can shift, after that listing's first page was served and before its last one was. A
 * group added, deleted or renamed out races a groups listing; a member added or removed races a
 * listing of that group's members. A run whose races did not land proved nothing about them.
 */
final class ListingRaces {

    private record Served(Instant at, RequestLog.Entry entry) {
    }

    private record Change(Instant at, String groupId, boolean membership) {
    }

    /** A run of one listing's pages, from its first page (no token) to its last page served. */
    private record Window(Instant first, Instant last, int pages) {
    }

    private final String namePrefix;
    private final List<Served> served = new CopyOnWriteArrayList<>();
    private final List<Change> changes = new CopyOnWriteArrayList<>();

    /** Listens to {@code simulator}'s requests from now on; only groups listings asking for {@code namePrefix} count. */
    ListingRaces(ComplianceApiSimulator simulator, String namePrefix) {
        this.namePrefix = namePrefix;
        // The listener runs once the response is computed: the page's content is fixed by then.
        simulator.requestLog().addListener(entry -> {
            if (entry.status() == 200) {
                served.add(new Served(Instant.now(), entry));
            }
        });
    }

    /** A group under the prefix was created, deleted or renamed (in or out). Call right after the change. */
    void groupChanged(String groupId) {
        changes.add(new Change(Instant.now(), groupId, false));
    }

    /** A member of the group was added or removed. Call right after the change. */
    void membershipChanged(String groupId) {
        changes.add(new Change(Instant.now(), groupId, true));
    }

    /** Group changes made while a multi-page groups listing was under way. */
    long groupsListingRaces() {
        List<Window> windows = windows(taskRequest(Endpoint.LIST_GROUPS).and(e -> namePrefix.equals(e.query().get("name_prefix"))));
        return changes.stream().filter(c -> !c.membership()).filter(c -> inside(c.at(), windows)).count();
    }

    /** Member changes made while a multi-page listing of that group's members was under way. */
    long memberListingRaces() {
        Map<String, List<Window>> byGroup = new HashMap<>();
        return changes.stream().filter(Change::membership)
                .filter(c -> inside(c.at(), byGroup.computeIfAbsent(c.groupId(), g -> windows(
                        taskRequest(Endpoint.LIST_MEMBERS).and(e -> g.equals(RequestHooks.groupIdOf(e)))))))
                .count();
    }

    private List<Window> windows(Predicate<RequestLog.Entry> listing) {
        List<Window> windows = new ArrayList<>();
        Instant first = null;
        Instant last = null;
        int pages = 0;
        for (Served s : served) {
            if (!listing.test(s.entry())) {
                continue;
            }
            if (!s.entry().query().containsKey("page")) {
                if (pages > 1) {
                    windows.add(new Window(first, last, pages));
                }
                first = s.at();
                pages = 0;
            }
            if (first != null) {
                last = s.at();
                pages++;
            }
        }
        if (pages > 1) {
            windows.add(new Window(first, last, pages));
        }
        return windows;
    }

    private static boolean inside(Instant at, List<Window> windows) {
        return windows.stream().anyMatch(w -> at.isAfter(w.first()) && at.isBefore(w.last()));
    }
}
