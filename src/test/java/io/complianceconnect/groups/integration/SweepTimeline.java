package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.integration.TopicReplica.Change;
import org.apache.kafka.connect.data.Struct;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** What the topics say about when things happened: sweep lengths and DELETED records, as a consumer reads them. */
final class SweepTimeline {

    private SweepTimeline() {
    }

    /** When each DELETED record was observed, by key (groups and memberships); a key deleted twice keeps its first. */
    static Map<String, Instant> deletedAt(IsolatedConnector run) {
        run.feed.refresh();
        Map<String, Instant> result = new TreeMap<>();
        for (String topic : List.of(run.groupsTopic, run.membersTopic)) {
            for (Change c : run.feed.changes(topic)) {
                if ("DELETED".equals(c.changeType())) {
                    result.putIfAbsent(c.key(), ((Date) c.value().get("observed_at")).toInstant());
                }
            }
        }
        return result;
    }

    /** How long each sweep that completed after {@code since} took, from its first start to its first completion. */
    static Map<Long, Duration> sweepLengths(List<Struct> events, Instant since) {
        Map<Long, Duration> lengths = new TreeMap<>();
        windows(events).forEach((sweep, window) -> {
            if (window[1].isAfter(since)) {
                lengths.put(sweep, Duration.between(window[0], window[1]));
            }
        });
        return lengths;
    }

    /** How many of {@code restarts} came between a sweep's start and its completion. */
    static long restartsDuringSweeps(List<Struct> events, List<Instant> restarts) {
        List<Instant[]> windows = new ArrayList<>(windows(events).values());
        return restarts.stream().filter(r -> windows.stream().anyMatch(w -> r.isAfter(w[0]) && r.isBefore(w[1])))
                .count();
    }

    /** Each completed sweep's first start and first completion, by sweep number. */
    private static Map<Long, Instant[]> windows(List<Struct> events) {
        Map<Long, Instant> started = new HashMap<>();
        Map<Long, Instant[]> windows = new TreeMap<>();
        for (Struct e : events) {
            long sweep = e.getInt64("sweep");
            Instant at = ((Date) e.get("at")).toInstant();
            if ("SWEEP_STARTED".equals(e.getString("event"))) {
                started.putIfAbsent(sweep, at);
            } else if ("SWEEP_COMPLETED".equals(e.getString("event")) && started.containsKey(sweep)) {
                windows.putIfAbsent(sweep, new Instant[] {started.get(sweep), at});
            }
        }
        return windows;
    }
}
