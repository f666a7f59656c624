package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.ChangeMetadata;
import io.complianceconnect.groups.mapping.ChangeRecord;
import io.complianceconnect.groups.mapping.ChangeRecords;
import io.complianceconnect.groups.mapping.ChangeType;
import io.complianceconnect.groups.mapping.DirectoryChecksum;
import io.complianceconnect.groups.mapping.SweepEventData;
import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.StateBatch;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the sweep stands and what it has counted: the cursor, the statistics of the running sweep
 * and of the last completed one, and the sweep events that store the cursor and report the counts.
 * Every batch of records starts here, so each record is stamped with the running sweep and counted
 * in it. The sweep pass moves the cursor; the other units read it.
 */
final class SweepProgress {

    private static final Logger log = LoggerFactory.getLogger(SweepProgress.class);

    private final SweepSettings settings;
    /** Until the feed is found unavailable, whether the settings mean it to be followed. */
    private boolean feedFollowed;
    private final ChangeRecords records;
    private final DirectoryState state;
    private final Clock clock;
    private final SnapshotRequestHandling snapshotRequests;

    private SweepCursor cursor;
    /** Whether the running sweep carried on after a restart, rather than starting afresh. */
    private boolean resumed;
    private SweepStats stats = new SweepStats();
    private Instant sweepStartedAt;
    private Instant lastCheckpointAt;
    private SweepStats lastCompleted;
    /** A reason to start the next sweep as soon as the running one completes, or null. */
    private String sweepAgain;
    /** The re-snapshot request the last completed sweep carried, which its SWEEP_COMPLETED names; or null. */
    private String completedRequest;
    /** The timestamp of the last batch made, which its records carry. */
    private long lastBatchMs = Long.MIN_VALUE + 1;

    SweepProgress(SweepSettings settings, ChangeRecords records, DirectoryState state, SweepCursor cursor,
                  Clock clock) {
        this.settings = settings;
        this.feedFollowed = settings.feedMode() != SweepSettings.FeedMode.DISABLED;
        this.records = records;
        this.state = state;
        this.clock = clock;
        this.snapshotRequests = new SnapshotRequestHandling(settings.snapshotRequest());
        this.cursor = snapshotRequests.atStart(cursor, clock.millis());
        this.lastCheckpointAt = clock.instant();
        if (cursor.phase() != SweepCursor.Phase.IDLE) {
            // A restart inside a sweep: it carries on from the stored page, skipping the groups the
            // index marks as synced in this sweep (see SweepPass).
            resumed = true;
            sweepStartedAt = clock.instant();
            stats.started(sweepStartedAt.toEpochMilli());
            lastCheckpointAt = sweepStartedAt;
        }
    }

    SweepCursor cursor() {
        return cursor;
    }

    /** Moves the cursor; the next sweep event stores it. */
    void advance(SweepCursor next) {
        cursor = next;
    }

    SweepStats stats() {
        return stats;
    }

    /** The counts of the last completed sweep, or null before the first completes. */
    SweepStats lastCompleted() {
        return lastCompleted;
    }

    /** When the next sweep may start; meaningful between sweeps. */
    Instant nextSweepAt() {
        return Instant.ofEpochMilli(cursor.nextSweepAtMs());
    }

    /** Whether a sweep completed and the next one is not due yet. */
    boolean betweenSweeps() {
        return cursor.phase() == SweepCursor.Phase.IDLE && clock.instant().isBefore(nextSweepAt());
    }

    /** Whether a sweep is running, or due to start. */
    boolean sweepWanted() {
        return !betweenSweeps();
    }

    /**
     * The engine's request rate over the running sweep so far, in requests a second; 0 when no
     * sweep runs or too little of it has passed to tell.
     */
    double requestRate() {
        if (cursor.phase() == SweepCursor.Phase.IDLE || sweepStartedAt == null) {
            return 0;
        }
        long ms = Duration.between(sweepStartedAt, clock.instant()).toMillis();
        return ms < 1_000 ? 0 : stats.requests() * 1_000.0 / ms;
    }

    void requestCompleted() {
        stats.request();
    }

    void startSweep() {
        cursor = snapshotRequests.sweepStarted(cursor.startSweep());
        resumed = false;
        stats = new SweepStats();
        sweepStartedAt = clock.instant();
        stats.started(sweepStartedAt.toEpochMilli());
        lastCheckpointAt = sweepStartedAt;
        log.info("Sweep {} started ({} groups and {} memberships known)", cursor.sweep(), state.groupCount(),
                state.membershipCount());
    }

    void completeSweep() {
        Instant now = clock.instant();
        // A resumed sweep is as complete as any (its coverage is durable): the interval counts from
        // when this life of it started; at once when something the feed could not vouch for was seen.
        Instant next = sweepAgain != null ? now
                : sweepStartedAt.plus(feedFollowed ? settings.sweepInterval() : settings.sweepIntervalWithoutFeed());
        boolean wasSnapshot = !cursor.snapshotDone();
        completedRequest = cursor.snapshotRequest().carried();
        cursor = cursor.completed(next.toEpochMilli());
        if (snapshotRequests.pending(cursor)) {
            cursor = cursor.nextSweepDueAt(now.toEpochMilli());   // a re-snapshot request waited for this sweep
        }
        stats.completed(now.toEpochMilli());
        lastCompleted = stats;
        log.info("Sweep {} completed in {} ms{}: {}", cursor.sweep(), Duration.between(sweepStartedAt, now).toMillis(),
                wasSnapshot ? " (snapshot)" : "", stats);
        if (sweepAgain != null) {
            log.info("{} while sweep {} ran: starting the next full sweep now", sweepAgain, cursor.sweep());
            sweepAgain = null;
        }
    }

    /**
     * The feed turned out unavailable (a key without its scope): sweeps now run on the interval without
     * it, the next one included.
     */
    void feedUnavailable() {
        if (feedFollowed && cursor.phase() == SweepCursor.Phase.IDLE) {
            cursor = cursor.nextSweepDueAt(Math.min(cursor.nextSweepAtMs(),
                    clock.millis() + settings.sweepIntervalWithoutFeed().toMillis()));
        }
        feedFollowed = false;
    }

    /** The feed is readable again: sweeps run on the interval with it from the next one on. */
    void feedAvailable() {
        feedFollowed = true;
    }

    /**
     * Something the activity feed cannot vouch for ({@code why}: the identity provider re-synced the
     * directory, the feed's history has a gap): between sweeps, the next one is due now; while one
     * runs, the next starts as soon as it completes (the running one may have listed the groups
     * concerned already). Only the due time moves: before the first sweep completes the next one is
     * still the snapshot. Held in memory: a restart before the running sweep completes forgets it.
     */
    void requestSweepNow(String why) {
        if (cursor.phase() == SweepCursor.Phase.IDLE) {
            log.info("{}: starting a full sweep now", why);
            cursor = cursor.nextSweepDueAt(Math.min(cursor.nextSweepAtMs(), clock.millis()));
        } else if (sweepAgain == null) {
            log.info("{} while sweep {} runs: the next full sweep starts as soon as this one completes", why,
                    cursor.sweep());
            sweepAgain = why;
        }
    }

    /**
     * How long the task was stopped before this life resumed the running sweep, by the time its
     * cursor was last stored; null when not known.
     */
    Duration stoppedFor() {
        return cursor.writtenAtMs() <= 0 ? null : Duration.ofMillis(Math.max(0, clock.millis() - cursor.writtenAtMs()));
    }

    /** A new batch of records, counted in the running sweep. */
    RecordBatch newBatch() {
        // Never earlier than the batch before, should the clock step back: see newCompletionBatch.
        lastBatchMs = Math.max(clock.millis(), lastBatchMs);
        return new RecordBatch(new StateBatch(state), stats, lastBatchMs, () -> event(SweepEventType.CHECKPOINT));
    }

    /**
     * The batch of a SWEEP_COMPLETED event: timestamped later than every record before it (by a
     * millisecond if the clock has not moved on), while later batches are never earlier. So a
     * record's timestamp tells verify-replica whether the event's checksum accounts for it.
     */
    RecordBatch newCompletionBatch() {
        lastBatchMs = Math.max(clock.millis(), lastBatchMs + 1);
        return new RecordBatch(new StateBatch(state), stats, lastBatchMs, () -> event(SweepEventType.CHECKPOINT));
    }

    /** Whether a sweep is under way (its cursor is not idle). */
    boolean sweepRunning() {
        return cursor.phase() != SweepCursor.Phase.IDLE;
    }

    /**
     * Whether the running sweep re-emits the group and its memberships even if unchanged: it carries a
     * re-snapshot request that covers the group.
     */
    boolean reEmits(String groupId) {
        return snapshotRequests.reEmits(cursor, groupId);
    }

    /** What a group or membership seen for the first time is: part of the snapshot until one completed. */
    ChangeType creationType() {
        return cursor.snapshotDone() ? ChangeType.CREATED : ChangeType.SNAPSHOT;
    }

    ChangeMetadata metadata(ChangeType type) {
        return new ChangeMetadata(type, cursor.sweep(), clock.instant());
    }

    /** A sweep event with the counts so far; the caller gives it the partition it carries. */
    ChangeRecord event(SweepEventType type) {
        // The checksum is what the replica holds once every record so far is in it: SWEEP_COMPLETED's
        // moment (see SweepPass), and only then is it worth the walk over every group.
        DirectoryChecksum checksum = type == SweepEventType.SWEEP_COMPLETED ? state.checksum() : null;
        return records.sweepEvent(new SweepEventData(settings.connectorName(), type, cursor.sweep(), clock.instant(),
                stats.groupsSeen(), stats.membersSeen(), stats.totalChanges(), stats.requests(), resumed, checksum,
                type == SweepEventType.SWEEP_COMPLETED ? completedRequest : cursor.snapshotRequest().carried()));
    }

    /** A sweep event that stores the cursor. */
    void addSweepEvent(RecordBatch batch, SweepEventType type) {
        lastCheckpointAt = clock.instant();
        batch.addWithOffset(event(type), StatePartitions.cursor(), cursor.stamped(clock.millis()).toOffset());
    }

    /** Whether the last checkpoint is older than the configured interval. */
    boolean checkpointDue() {
        return Duration.between(lastCheckpointAt, clock.instant()).compareTo(settings.checkpointInterval()) >= 0;
    }
}
