package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.DirectoryState;

import java.time.Instant;

/**
 * Whether a listing other than a refresh of its own sees a change of a group's members that the
 * activity feed reported: a listing of the group that started after the change, or the running
 * sweep reaching the group within the coalescing window. A change of the group's own fields is
 * never covered so: the syncs read the group (a GET, a groups page) before they list it.
 */
final class CoveringListings {

    private final SweepSettings settings;
    private final DirectoryState state;
    private final SweepProgress progress;
    private final SweepCoverage coverage;
    private final GroupSync groupSync;
    private final FeedEvidence evidence;
    private final NamedByFeed named;

    CoveringListings(SweepSettings settings, DirectoryState state, SweepProgress progress, SweepCoverage coverage,
                     GroupSync groupSync, FeedEvidence evidence, NamedByFeed named) {
        this.settings = settings;
        this.state = state;
        this.progress = progress;
        this.coverage = coverage;
        this.groupSync = groupSync;
        this.evidence = evidence;
        this.named = named;
    }

    /** Whether a change of the group's members at {@code changedAt} (null: not known) is seen without a refresh. */
    boolean coverMembersChange(String groupId, Instant changedAt) {
        // Under at-least-once only a listing that starts from now on decides what the activity named
        // (NamedByFeed): one that started earlier took what was named before it.
        return !named.enabled() && (evidence.listingCovers(groupId, changedAt) || sweepReachesWithinWindow(groupId));
    }

    /**
     * Whether the sweep starts the group's sync within the coalescing window, by the requests ahead
     * of it at the engine's pace so far, of which the sweep has at least its share.
     */
    private boolean sweepReachesWithinWindow(String groupId) {
        if (groupId.equals(groupSync.busyWith())) {
            return false;   // a sync under way started before this activity was read
        }
        long ahead = coverage.requestsAhead(groupId, state, settings.pageSize());
        double sweepRate = progress.requestRate() * (1 - settings.refreshShare());
        return ahead >= 0 && sweepRate > 0 && ahead / sweepRate * 1_000 < settings.refreshCoalesce().toMillis();
    }
}
