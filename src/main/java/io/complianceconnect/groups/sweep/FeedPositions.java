package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.SweepEventType;
import io.complianceconnect.groups.state.FeedPosition;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Where a restarted task is to read the activity feed again from, stored in the {@code {kind: feed}}
 * offset without holding up any step: the watermark of the newest complete read (or completed
 * sweep) whose refreshes Kafka has, held back to the API's time at which the oldest batch whose
 * offsets are not committed yet read its data ({@link DurabilityGate#replayBound}). A crash that
 * loses those offsets so loses no activity about what they described: the restarted task reads
 * them again and decides what they name whatever its state says ({@link NamedByFeed}).
 */
final class FeedPositions {

    /** A completed read's watermark, with the number of the read (the running read is one past the last complete one). */
    private record AwaitingRefreshes(Instant watermark, long read) {
    }

    /** A watermark whose refreshes are emitted, with the last record Kafka must have first. */
    private record AwaitingAcknowledgement(Instant watermark, long dependsOn) {
    }

    private final DurabilityGate gate;
    private final SweepProgress progress;
    /** Oldest first. */
    private final Deque<AwaitingRefreshes> awaitingRefreshes = new ArrayDeque<>();
    /** Oldest first. */
    private final Deque<AwaitingAcknowledgement> awaitingAcknowledgement = new ArrayDeque<>();
    /** The position stored last in this life; null before the first. */
    private Instant stored;

    FeedPositions(DurabilityGate gate, SweepProgress progress) {
        this.gate = gate;
        this.progress = progress;
    }

    /** A read of the feed (or a sweep, which covers what the feed reported) completed at this watermark. */
    void readCompleted(Instant watermark, long read) {
        awaitingRefreshes.add(new AwaitingRefreshes(watermark, read));
    }

    /**
     * Every refresh queued by the reads before {@code oldestOpenRead} is emitted: their watermarks
     * wait, from now on, only for Kafka to have those records. A position waits for the refreshes
     * queued by its own and earlier reads only: a group named again and again does not hold it back.
     */
    void refreshesEmittedBefore(long oldestOpenRead) {
        while (!awaitingRefreshes.isEmpty() && awaitingRefreshes.peek().read() < oldestOpenRead) {
            awaitingAcknowledgement.add(new AwaitingAcknowledgement(awaitingRefreshes.poll().watermark(),
                    gate.lastEmitted()));
        }
    }

    /** Whether a position may be stored now (while some data's read time is unknown, none may). */
    boolean storable() {
        return !awaitingAcknowledgement.isEmpty() && gate.acknowledgedThrough(awaitingAcknowledgement.peek().dependsOn())
                && !Instant.MIN.equals(gate.replayBound());
    }

    /** Stores the newest storable position, held back to the replay bound; nothing when that is not newer than the last. */
    List<SourceRecord> store() {
        Instant watermark = null;
        while (storable()) {
            watermark = awaitingAcknowledgement.poll().watermark();
        }
        Instant bound = gate.replayBound();
        Instant position = bound != null && bound.isBefore(watermark) ? bound : watermark;
        if (stored != null && !position.isAfter(stored)) {
            return List.of();
        }
        stored = position;
        RecordBatch batch = progress.newBatch();
        batch.addWithOffset(progress.event(SweepEventType.CHECKPOINT), StatePartitions.feed(),
                new FeedPosition(position).toOffset());
        return gate.emit(batch);
    }
}
