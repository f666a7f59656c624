package io.complianceconnect.groups.integration;

/**
 * Killing the task's worker (a separate JVM, SIGKILL) on a cluster with exactly-once source support:
 * read with read_committed, every change record appears exactly once.
 */
class ExactlyOnceWorkerLossIT extends WorkerLossScenarios {

    @Override
    boolean exactlyOnce() {
        return true;
    }
}
