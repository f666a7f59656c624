package io.complianceconnect.groups.integration;

import org.apache.kafka.connect.cli.ConnectDistributed;

import java.time.Duration;

/**
 * A Connect worker in a JVM of its own (Connect's own {@code ConnectDistributed}, given a worker
 * properties file), joined to a test's in-process Kafka and Connect cluster, so that a test can kill
 * it for real ({@link ChildWorkerProcess#kill()}: SIGKILL, no shutdown hook, no final offset commit
 * or transaction). It halts when the test JVM goes ({@link ParentWatchdog}).
 */
public final class ChildWorker {

    private ChildWorker() {
    }

    public static void main(String[] args) {
        ParentWatchdog.stopWhenTheParentGoes(() -> { }, Duration.ZERO);
        ConnectDistributed.main(args);
    }
}
