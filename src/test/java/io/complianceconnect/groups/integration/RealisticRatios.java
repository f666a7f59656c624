package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * The proportions users run at (docs: connect-defaults), for the tests of issue 20: a worker that
 * flushes offsets every 20 s against 2-row pages and 3 s restarts behaves like Kafka's 60 s default
 * against a real directory and a busy cluster. The other integration tests flush every 100-500 ms,
 * which hides any step that waits for a flush.
 */
final class RealisticRatios {

    static final Duration OFFSET_FLUSH = Duration.ofSeconds(20);
    static final Duration RESTART_PERIOD = Duration.ofSeconds(3);
    static final int PAGE_SIZE = 2;

    private RealisticRatios() {
    }

    /** Worker properties: the long flush. */
    static Map<String, String> workerProps() {
        return Map.of("offset.flush.interval.ms", String.valueOf(OFFSET_FLUSH.toMillis()));
    }

    /** The least time {@code requests} take at {@code requestsPerMinute}: what the budget allows, nothing else. */
    static Duration minimumAtBudget(long requests, int requestsPerMinute) {
        return Duration.ofMillis(requests * 60_000L / requestsPerMinute);
    }

    /**
     * The activity feed's position as Connect has it committed for the connector (the REST offsets
     * endpoint, partition {@code {kind: feed}}), or null while none is committed.
     */
    static Map<String, Object> committedFeedPosition(EmbeddedConnectCluster connect, String connector) {
        return connect.connectorOffsets(connector).offsets().stream()
                .filter(o -> StatePartitions.KIND_FEED.equals(o.partition().get(StatePartitions.KIND)))
                .<Map<String, Object>>map(o -> new TreeMap<>(o.offset()))
                .findFirst().orElse(null);
    }
}
