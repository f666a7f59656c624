package io.complianceconnect.groups.integration;

/**
 * Losing the task's worker on a cluster with exactly-once source support: read with
 * read_committed, every change record appears exactly once.
 */
class ExactlyOnceWorkerLossIT extends WorkerLossScenarios {

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
