package io.complianceconnect.groups.sweep;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * Where the transactions end when the connector defines them ({@code transaction.boundary=connector}
 * on an exactly-once worker): after every batch, except inside a group's change, which is one
 * transaction from its group record to its last membership record, however many polls and pages it
 * takes, unless it reaches the bound on records, or has been open for the bound on time; then it
 * ends after the step that reached it. Sweep events and checkpoints come in batches of their own,
 * which end any transaction.
 *
 * <p>The bound on time keeps a change under the producer's {@code transaction.timeout.ms}: a group
 * update followed by a long unchanged listing (or waits for the request budget) would otherwise
 * keep its transaction open until the coordinator aborts it and the task fails, and the restart
 * would repeat the same listing. It is checked at every step, records or not.
 *
 * <p>Under the other boundaries ({@link #none}) the worker ends the transactions (or there are
 * none) and nothing is ever open here.
 */
final class TransactionBoundaries {

    private final boolean connectorDefined;
    private final int maxRecords;
    private final Duration maxDuration;
    private final Clock clock;
    /** When the open transaction got its first record; meaningful while {@link #openRecords} is above 0. */
    private Instant openedAt;
    /** The number of the last record emitted so far. */
    private long lastSequence;
    /** Records emitted since the last end of a transaction. */
    private int openRecords;
    /** The number of the last record of the last transaction ended; later records are in the open one. */
    private long endedThrough;
    private boolean endAfterStep;

    private TransactionBoundaries(boolean connectorDefined, int maxRecords, Duration maxDuration, Clock clock) {
        this.connectorDefined = connectorDefined;
        this.maxRecords = maxRecords;
        this.maxDuration = maxDuration;
        this.clock = clock;
    }

    /** The worker defines the boundaries (or does not write transactions at all). */
    static TransactionBoundaries none() {
        return new TransactionBoundaries(false, Integer.MAX_VALUE, Duration.ZERO, Clock.systemUTC());
    }

    /**
     * @param maxRecords  records after which a group's change is committed in more than one transaction
     * @param maxDuration how long a transaction stays open at most (half the producer's transaction timeout)
     */
    static TransactionBoundaries connectorDefined(int maxRecords, Duration maxDuration, Clock clock) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
        }
        return new TransactionBoundaries(true, maxRecords, maxDuration, clock);
    }

    /**
     * A batch was emitted; its records are numbered through {@code lastSequence}.
     *
     * @param changeContinues whether a group's change goes on after it
     */
    void emitted(int records, long lastSequence, boolean changeContinues) {
        if (!connectorDefined) {
            return;
        }
        this.lastSequence = lastSequence;
        if (openRecords == 0 && records > 0) {
            openedAt = clock.instant();
        }
        openRecords += records;
        if (openRecords > 0 && (!changeContinues || openRecords >= maxRecords)) {
            end(lastSequence);
        }
    }

    /**
     * Whether the record numbered {@code sequence} is in a transaction not ended yet: its commit can
     * only follow the end, so a step must not wait for it (and need not: one transaction's records
     * and offsets are committed together, and after every earlier transaction's).
     */
    boolean inOpenTransaction(long sequence) {
        return connectorDefined && openRecords > 0 && sequence > endedThrough;
    }

    /**
     * Ends the open transaction after this step, even inside a group's change: a step found it must
     * wait for a record of it, and that wait would never end otherwise.
     */
    void endNow(long lastSequence) {
        if (openRecords > 0) {
            end(lastSequence);
        }
    }

    /** Whether the transaction ends after the records of the step now finishing; asked once per step. */
    boolean takeEndAfterStep() {
        if (connectorDefined && openRecords > 0 && !clock.instant().isBefore(openedAt.plus(maxDuration))) {
            end(lastSequence);
        }
        boolean end = endAfterStep;
        endAfterStep = false;
        return end;
    }

    private void end(long lastSequence) {
        openRecords = 0;
        endedThrough = lastSequence;
        endAfterStep = true;
    }
}
