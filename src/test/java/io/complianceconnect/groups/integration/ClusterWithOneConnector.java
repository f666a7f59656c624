package io.complianceconnect.groups.integration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * The shape of an integration test class that shares one Connect cluster between its tests (started
 * once: a cluster takes seconds) and runs one connector per test on it, deleted after the test so
 * that the next one starts from nothing.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ClusterWithOneConnector {

    ConnectHarness harness;
    /** The test's connector, or null before it made one. */
    IsolatedConnector run;

    /** The cluster (workers, broker, simulator) the class's tests share. */
    abstract ConnectHarness startCluster();

    @BeforeAll
    final void startHarness() {
        harness = startCluster();
    }

    @AfterEach
    final void deleteConnector() throws InterruptedException {
        if (run != null) {
            try {
                run.delete();
            } finally {
                run = null;
            }
        }
    }

    @AfterAll
    final void stopHarness() {
        if (harness != null) {
            harness.close();
        }
    }
}
