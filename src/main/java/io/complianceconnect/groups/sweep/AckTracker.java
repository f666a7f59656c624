package io.complianceconnect.groups.sweep;

import java.util.HashSet;
import java.util.Set;

/**
 * Which emitted records Kafka has acknowledged. Records are numbered in the order poll() returns
 * them; acknowledgements arrive on the producer's thread, in any order across topic partitions.
 *
 * <p>Some steps must not start before Kafka has earlier records: a group's deletion after its
 * memberships' deletions, a sync mark after the sync's records (see {@link DurabilityGate}).
 */
final class AckTracker {

    private long lastIssued;
    private long ackedThrough;
    private final Set<Long> ackedAhead = new HashSet<>();

    /** Numbers the next record; called on the task thread only. */
    synchronized long issue() {
        return ++lastIssued;
    }

    synchronized void acknowledge(long sequence) {
        if (sequence == ackedThrough + 1) {
            ackedThrough++;
            while (ackedAhead.remove(ackedThrough + 1)) {
                ackedThrough++;
            }
            notifyAll();
        } else if (sequence > ackedThrough) {
            ackedAhead.add(sequence);
        }
    }

    /** The number of the last record issued so far. */
    synchronized long lastIssued() {
        return lastIssued;
    }

    /** Every record up to this number is acknowledged. */
    synchronized long ackedThrough() {
        return ackedThrough;
    }

    synchronized boolean isAcknowledgedThrough(long sequence) {
        return ackedThrough >= sequence;
    }

    /** Waits at most {@code maxWaitMs} for every record up to {@code sequence} to be acknowledged. */
    synchronized boolean awaitThrough(long sequence, long maxWaitMs) throws InterruptedException {
        long deadline = System.nanoTime() + maxWaitMs * 1_000_000L;
        while (ackedThrough < sequence) {
            long leftMs = (deadline - System.nanoTime()) / 1_000_000L;
            if (leftMs <= 0) {
                return false;
            }
            wait(leftMs);
        }
        return true;
    }
}
