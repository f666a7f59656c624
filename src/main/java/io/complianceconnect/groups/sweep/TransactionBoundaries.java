package io.complianceconnect.groups.sweep;

/**
 * Where the transactions end when the connector defines them ({@code transaction.boundary=connector}
 * on an exactly-once worker): after every batch, except inside a group's change, which is one
 * transaction from its group record to its last membership record, however many polls and pages it
 * takes, unless it reaches the bound on records; then it ends after the batch that reached it.
 * Sweep events and checkpoints come in batches of their own, which end any transaction.
 *
 * <p>Under the other boundaries ({@link #none}) the worker ends the transactions (or there are
 * none) and nothing is ever open here.
 */
final class TransactionBoundaries {

    private final boolean connectorDefined;
    private final int maxRecords;
    /** Records emitted since the last end of a transaction. */
    private int openRecords;
    /** The number of the last record of the last transaction ended; later records are in the open one. */
    private long endedThrough;
    private boolean endAfterStep;

    private TransactionBoundaries(boolean connectorDefined, int maxRecords) {
        this.connectorDefined = connectorDefined;
        this.maxRecords = maxRecords;
    }

    /** The worker defines the boundaries (or does not write transactions at all). */
    static TransactionBoundaries none() {
        return new TransactionBoundaries(false, Integer.MAX_VALUE);
    }

    /** @param maxRecords records after which a group's change is committed in more than one transaction */
    static TransactionBoundaries connectorDefined(int maxRecords) {
        if (maxRecords < 1) {
            throw new IllegalArgumentException("maxRecords must be at least 1: " + maxRecords);
        }
        return new TransactionBoundaries(true, maxRecords);
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
