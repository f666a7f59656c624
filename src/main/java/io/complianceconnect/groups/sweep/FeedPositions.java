package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.source.SourceRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where a restarted task is to read the activity feed again from, stored in the {@code {kind: feed}}
 * offset without holding up any step: the watermark of the newest complete read (or completed
 * sweep), held back to the oldest activity whose refresh Kafka does not have yet, and to the API's
 * time at which the oldest batch whose offsets are not committed yet read its data ({@link
 * DurabilityGate#replayBound}). A crash that loses those offsets so loses no activity about what
 * they described: the restarted task reads them again and decides what they name whatever its state
 * says ({@link NamedByFeed}).
 *
 * <p>Held back per activity, not per read: a task restarted before a read's refreshes are all done
 * (restarts faster than the flush interval, a long refresh queue) still moves the position on by
 * every refresh it completed, so the window it replays does not grow life after life.
 */
final class FeedPositions {

    private static final Logger log = LoggerFactory.getLogger(FeedPositions.class);

    /** A completed refresh's oldest activity, with the last record Kafka must have first. */
    private record Refreshed(Instant activityAt, long dependsOn) {
    }

    /** At most one position a second is stored: a refresh may move it on each time. */
    private static final Duration STORE_INTERVAL = Duration.ofSeconds(1);

    private final DurabilityGate gate;
    private final SweepProgress progress;
    private final Clock clock;
    private Instant storedAt;
    /** The newest complete read's (or completed sweep's) watermark; null before the first. */
    private Instant watermark;
    /** Per group, the oldest activity queued for a refresh that has not started. */
    private final Map<String, Instant> queued = new HashMap<>();
    /** Per group, the oldest activity of a refresh under way. */
    private final Map<String, Instant> refreshing = new HashMap<>();
    /** Completed refreshes whose records Kafka may not have yet, oldest first. */
    private final Deque<Refreshed> unacknowledged = new ArrayDeque<>();
    /** The position stored last in this life; null before the first. */
    private Instant stored;

    FeedPositions(DurabilityGate gate, SweepProgress progress, Clock clock) {
        this.gate = gate;
        this.progress = progress;
        this.clock = clock;
    }

    /** A read of the feed (or a sweep, which covers what the feed reported) completed at this watermark. */
    void readCompleted(Instant readWatermark) {
        if (watermark == null || readWatermark.isAfter(watermark)) {
            watermark = readWatermark;
        }
    }

    /** An activity of {@code at} (the API's clock) has the group refreshed; a refresh already queued covers it too. */
    void queued(String groupId, Instant at) {
        queued.merge(groupId, at, (a, b) -> a.isBefore(b) ? a : b);
    }

    /** The group's refresh starts: what was queued for it until now is what it covers. */
    void refreshStarted(String groupId) {
        Instant at = queued.remove(groupId);
        if (at != null) {
            refreshing.merge(groupId, at, (a, b) -> a.isBefore(b) ? a : b);
        }
    }

    /** Between group syncs: every refresh that started is complete, its records emitted. */
    void betweenSyncs() {
        if (!refreshing.isEmpty()) {
            Instant oldest = oldest(refreshing, null);
            unacknowledged.add(new Refreshed(oldest, gate.lastEmitted()));
            refreshing.clear();
        }
        while (!unacknowledged.isEmpty() && gate.acknowledgedThrough(unacknowledged.peek().dependsOn())) {
            unacknowledged.poll();
        }
    }

    /** Whether a position later than the one stored may be stored now. */
    boolean storable() {
        if (storedAt != null && clock.instant().isBefore(storedAt.plus(STORE_INTERVAL))) {
            return false;
        }
        Instant position = position();
        return position != null && (stored == null || position.isAfter(stored));
    }

    /** Stores the position. */
    List<SourceRecord> store() {
        Instant position = position();
        if (log.isDebugEnabled()) {
            log.debug("Feed position {} stored: newest read {}, replay bound {}, held back by {} queued, {} "
                    + "refreshing and {} unacknowledged refreshes", position, watermark, gate.replayBound(),
                    queued.size(), refreshing.size(), unacknowledged.size());
        }
        stored = position;
        storedAt = clock.instant();
        RecordBatch batch = progress.newBatch();
        batch.addWithOffset(progress.event(SweepEventType.CHECKPOINT), StatePartitions.feed(),
                new FeedPosition(position).toOffset());
        return gate.emit(batch);
    }

    /** The position to store now; null when none may be (no read yet, or data of unknown read time not committed). */
    private Instant position() {
        Instant bound = gate.replayBound();
        if (watermark == null || Instant.MIN.equals(bound)) {
            return null;
        }
        Instant position = earlier(watermark, bound);
        position = oldest(queued, position);
        position = oldest(refreshing, position);
        for (Refreshed r : unacknowledged) {
            position = earlier(position, r.activityAt());
        }
        return position;
    }

    private static Instant oldest(Map<String, Instant> times, Instant start) {
        Instant oldest = start;
        for (Instant t : times.values()) {
            oldest = earlier(oldest, t);
        }
        return oldest;
    }

    private static Instant earlier(Instant a, Instant b) {
        return a == null ? b : b == null || a.isBefore(b) ? a : b;
    }
}
