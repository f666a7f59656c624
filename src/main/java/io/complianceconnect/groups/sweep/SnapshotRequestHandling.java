package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.SnapshotRequestMark;
import io.complianceconnect.groups.state.SweepCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Which sweep carries the re-snapshot the settings request ({@link SnapshotRequest}), kept in the
 * cursor ({@link SnapshotRequestMark}) so that each request is handled once. The sweep that carries
 * it is one that started with it: a restart mid-way resumes it with its sync marks, which then vouch
 * for the re-emission too. A request that finds a sweep running waits for that sweep to complete
 * (its marks vouch for nothing of the request) and the next sweep starts at once.
 */
final class SnapshotRequestHandling {

    private static final Logger log = LoggerFactory.getLogger(SnapshotRequestHandling.class);

    private final SnapshotRequest request;

    SnapshotRequestHandling(SnapshotRequest request) {
        this.request = request;
    }

    /** The cursor a task starts from, with the request configured now: a new one is due at once. */
    SweepCursor atStart(SweepCursor cursor, long nowMs) {
        SnapshotRequestMark mark = cursor.snapshotRequest();
        boolean running = cursor.phase() != SweepCursor.Phase.IDLE;
        if (running && mark.carried() != null && !mark.carried().equals(request.value())) {
            log.info("Sweep {} carried the re-snapshot request '{}', which the configuration no longer holds "
                    + "(snapshot.request is now '{}'): the sweep goes on as any other", cursor.sweep(), mark.carried(),
                    request.value());
            cursor = cursor.withSnapshotRequest(mark.dropped());
        } else if (running && mark.carried() != null) {
            log.info("Resuming sweep {}, which carries the re-snapshot request '{}'", cursor.sweep(), mark.carried());
        }
        if (!pending(cursor)) {
            return cursor;
        }
        if (running) {
            log.info("Re-snapshot request '{}' (snapshot.request) is new: it starts as soon as sweep {} completes",
                    request.value(), cursor.sweep());
            return cursor;
        }
        log.info("Re-snapshot request '{}' (snapshot.request) is new: starting it now{}", request.value(),
                request.groups().isEmpty() ? "" : " for " + request.groups().size() + " groups");
        return cursor.nextSweepDueAt(Math.min(cursor.nextSweepAtMs(), nowMs));
    }

    /** Whether the request still waits for a sweep to carry it. */
    boolean pending(SweepCursor cursor) {
        return request.requested() && !cursor.snapshotRequest().knows(request.value());
    }

    /** A sweep starts: it carries the request when one waits. */
    SweepCursor sweepStarted(SweepCursor cursor) {
        if (!pending(cursor)) {
            return cursor;
        }
        log.info("Sweep {} carries the re-snapshot request '{}': it emits {} it lists, and their memberships, as "
                + "SNAPSHOT also when unchanged", cursor.sweep(), request.value(),
                request.groups().isEmpty() ? "every group" : "the " + request.groups().size() + " groups named");
        return cursor.withSnapshotRequest(cursor.snapshotRequest().carrying(request.value()));
    }

    /** Whether the running sweep re-emits the group (and its memberships) whether or not it changed. */
    boolean reEmits(SweepCursor cursor, String groupId) {
        return cursor.phase() != SweepCursor.Phase.IDLE && cursor.snapshotRequest().carried() != null
                && request.covers(groupId);
    }
}
