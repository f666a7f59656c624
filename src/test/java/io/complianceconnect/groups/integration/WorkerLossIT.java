package io.complianceconnect.groups.integration;

/**
 * Losing the task's worker without exactly-once: at-least-once delivery, so every change arrives
 * and nothing else does, though a change emitted just before the loss may arrive twice.
 */
class WorkerLossIT extends WorkerLossScenarios {

    @Override
    boolean exactlyOnce() {
        return false;
    }
}
