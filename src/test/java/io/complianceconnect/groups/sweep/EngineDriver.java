package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Runs a {@link SweepEngine} the way the Connect worker runs the task, without Kafka: records are
 * "delivered" to a list, acknowledged, and their offsets kept per partition, newest wins — so a
 * new engine built from {@link #offsets} behaves like a restarted task.
 */
final class EngineDriver implements AutoCloseable {

    final Map<Map<String, Object>, Map<String, Object>> offsets = new HashMap<>();
    final List<SourceRecord> delivered = new ArrayList<>();
    private final ComplianceApiSimulator simulator;
    private final String apiKey;
    private final SweepSettings settings;
    private ComplianceApiClient client;
    SweepEngine engine;

    EngineDriver(ComplianceApiSimulator simulator, String apiKey, SweepSettings settings) {
        this.simulator = simulator;
        this.apiKey = apiKey;
        this.settings = settings;
        restart();
    }

    static SweepSettings settings(int pageSize) {
        return new SweepSettings("test", "groups", "members", "sweeps", "", pageSize, true, Duration.ZERO,
                Duration.ofMinutes(1));
    }

    /** A new engine from the stored offsets, as a task restarted on another worker. */
    void restart() {
        if (client != null) {
            client.close();
        }
        client = new ComplianceApiClient(ClientSettings.builder().baseUrl(simulator.baseUrl()).apiKey(apiKey)
                .requestsPerMinute(0).backoffInitial(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)).build());
        SweepCursor cursor = SweepCursor.fromOffset(offsets.get(StatePartitions.cursor()));
        DirectoryState state = DirectoryState.load(partitions -> {
            Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
            partitions.forEach(p -> result.put(p, offsets.get(p)));
            return result;
        });
        engine = new SweepEngine(settings, client, state, cursor, Clock.systemUTC());
    }

    /** Runs steps until the engine has completed {@code sweeps} more sweeps. */
    void runSweeps(int sweeps) throws InterruptedException {
        long target = completedSweeps() + sweeps;
        int guard = 0;
        while (completedSweeps() < target) {
            step();
            if (++guard > 1_000_000) {
                throw new AssertionError("sweep did not complete");
            }
        }
    }

    /** One poll: deliver and acknowledge whatever it returns. */
    List<SourceRecord> step() throws InterruptedException {
        List<SourceRecord> records = engine.next(Duration.ofMillis(200));
        for (SourceRecord r : records) {
            deliver(r);
        }
        return records;
    }

    /** One poll whose records reach Kafka but whose offsets never get committed (a crash). */
    List<SourceRecord> stepWithoutCommittingOffsets() throws InterruptedException {
        List<SourceRecord> records = engine.next(Duration.ofMillis(200));
        delivered.addAll(records);
        records.forEach(engine::acknowledged);
        return records;
    }

    private void deliver(SourceRecord r) {
        delivered.add(r);
        @SuppressWarnings("unchecked")
        Map<String, Object> partition = (Map<String, Object>) r.sourcePartition();
        @SuppressWarnings("unchecked")
        Map<String, Object> offset = (Map<String, Object>) r.sourceOffset();
        offsets.put(partition, offset);
        engine.acknowledged(r);
    }

    long completedSweeps() {
        return delivered.stream().filter(r -> "sweeps".equals(r.topic()))
                .map(r -> (Struct) r.value())
                .filter(v -> "SWEEP_COMPLETED".equals(v.getString("event")))
                .mapToLong(v -> v.getInt64("sweep")).max().orElse(0);
    }

    /** Change records (not sweep events) delivered since index {@code from}, as "TYPE key" strings. */
    List<String> changesSince(int from) {
        List<String> result = new ArrayList<>();
        for (SourceRecord r : delivered.subList(from, delivered.size())) {
            if ("sweeps".equals(r.topic())) {
                continue;
            }
            Struct key = (Struct) r.key();
            String k = key.schema().field("id") != null ? key.getString("id")
                    : key.getString("group_id") + "/" + key.getString("user_id");
            result.add((r.value() == null ? "TOMBSTONE" : ((Struct) r.value()).getString("change_type")) + " " + k);
        }
        return result;
    }

    /** The compacted view of a topic: key text → last non-deleted value. */
    Map<String, Struct> compacted(String topic) {
        Map<String, Struct> view = new TreeMap<>();
        for (SourceRecord r : delivered) {
            if (!topic.equals(r.topic())) {
                continue;
            }
            Struct key = (Struct) r.key();
            String k = key.schema().field("id") != null ? key.getString("id")
                    : key.getString("group_id") + "/" + key.getString("user_id");
            Struct value = (Struct) r.value();
            if (value == null || "DELETED".equals(value.getString("change_type"))) {
                view.remove(k);
            } else {
                view.put(k, value);
            }
        }
        return view;
    }

    @Override
    public void close() {
        client.close();
    }
}
