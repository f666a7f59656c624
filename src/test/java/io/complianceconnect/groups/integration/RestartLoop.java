package io.complianceconnect.groups.integration;

import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A busy cluster's rebalances: a connector's task restarted through Connect's REST API every
 * period, on a thread of its own, until closed. Remembers when each restart was accepted.
 */
final class RestartLoop implements AutoCloseable {

    private final List<Instant> restarts = new CopyOnWriteArrayList<>();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final Thread thread;

    private RestartLoop(EmbeddedConnectCluster connect, String connector, Duration period) {
        thread = new Thread(() -> {
            while (running.get()) {
                try {
                    Thread.sleep(period.toMillis());
                    connect.restartTask(connector, 0);
                    restarts.add(Instant.now());
                } catch (InterruptedException e) {
                    return;
                } catch (RuntimeException rebalancing) {
                    // The REST API refuses a restart during a rebalance (409); the next one comes soon.
                }
            }
        }, "task-restarter");
    }

    static RestartLoop every(Duration period, EmbeddedConnectCluster connect, String connector) {
        RestartLoop loop = new RestartLoop(connect, connector, period);
        loop.thread.start();
        return loop;
    }

    /** When each restart so far was accepted. */
    List<Instant> restarts() {
        return List.copyOf(restarts);
    }

    @Override
    public void close() throws InterruptedException {
        running.set(false);
        thread.join();
    }
}
