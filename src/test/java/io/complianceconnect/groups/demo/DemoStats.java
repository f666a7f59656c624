package io.complianceconnect.groups.demo;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the demo has seen, by topic and change type. The consumer loop records; the scripted
 * directory changes wait on it from another thread, so every method is thread-safe.
 */
final class DemoStats {

    /** Printed in this order; any other change type follows alphabetically. */
    private static final List<String> CHANGE_TYPE_ORDER = List.of("SNAPSHOT", "CREATED", "UPDATED", "DELETED");

    private final Map<String, Map<String, LongAdder>> byTopic = new ConcurrentHashMap<>();
    private final AtomicLong sweepsCompleted = new AtomicLong();

    void record(String topic, String changeType) {
        byTopic.computeIfAbsent(topic, t -> new ConcurrentHashMap<>())
                .computeIfAbsent(changeType, c -> new LongAdder())
                .increment();
    }

    void sweepCompleted() {
        sweepsCompleted.incrementAndGet();
    }

    long sweepsCompleted() {
        return sweepsCompleted.get();
    }

    long count(String topic, String changeType) {
        LongAdder adder = byTopic.getOrDefault(topic, Map.of()).get(changeType);
        return adder == null ? 0 : adder.sum();
    }

    /** Every record of the topic, tombstones included. */
    long count(String topic) {
        return byTopic.getOrDefault(topic, Map.of()).values().stream().mapToLong(LongAdder::sum).sum();
    }

    /** Change records per change type over all topics; tombstones are not change records. */
    Map<String, Long> changeRecordsByType() {
        Map<String, Long> totals = new TreeMap<>(DemoStats::compareChangeTypes);
        byTopic.values().forEach(types -> types.forEach((type, adder) -> {
            if (!RecordRenderer.TOMBSTONE.equals(type)) {
                totals.merge(type, adder.sum(), Long::sum);
            }
        }));
        return totals;
    }

    long tombstones() {
        return byTopic.values().stream()
                .map(types -> types.get(RecordRenderer.TOMBSTONE))
                .filter(adder -> adder != null)
                .mapToLong(LongAdder::sum)
                .sum();
    }

    /** E.g. "31 change records (SNAPSHOT 20, CREATED 4, UPDATED 1, DELETED 6), 6 tombstones, 5 sweeps completed". */
    String summary() {
        Map<String, Long> byType = changeRecordsByType();
        long total = byType.values().stream().mapToLong(Long::longValue).sum();
        List<String> parts = new ArrayList<>();
        byType.forEach((type, count) -> parts.add(type + " " + count));
        return total + " change records" + (parts.isEmpty() ? "" : " (" + String.join(", ", parts) + ")")
                + ", " + tombstones() + " tombstones, " + sweepsCompleted() + " sweeps completed";
    }

    private static int compareChangeTypes(String a, String b) {
        int ia = CHANGE_TYPE_ORDER.indexOf(a);
        int ib = CHANGE_TYPE_ORDER.indexOf(b);
        if (ia >= 0 && ib >= 0) {
            return Integer.compare(ia, ib);
        }
        if (ia >= 0 || ib >= 0) {
            return ia >= 0 ? -1 : 1;
        }
        return a.compareTo(b);
    }
}
