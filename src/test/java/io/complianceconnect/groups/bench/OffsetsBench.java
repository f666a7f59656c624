package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.state.GroupValues;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the connector's state costs Connect, after a snapshot of the 1,000,000-membership directory
 * through one embedded worker ({@link OffsetsChild}): {@code offsets_bytes_per_membership} and
 * {@code offsets_bytes_per_group} (the live bytes of the offsets topic, member buckets per membership
 * and the group index with the cursor per group), {@code worker_heap_mb_offsets_1m} (the worker's
 * heap holding those offsets, its task stopped, minus the same worker's before the connector) and
 * {@code task_restore_seconds_1m} (from resuming the connector to its first API request).
 */
record OffsetsBench(ComplianceApiSimulator simulator, Duration timeout, Path logDir) {

    /**
     * Issue 11: no worse than before by more than 20 %. Before is main at d6504d1 (1 December 2026),
     * measured with this bench: the offsets' format, not the machine, sets these.
     */
    static final double BASELINE_BYTES_PER_MEMBERSHIP = 48.1;
    static final double BASELINE_BYTES_PER_GROUP = 59.4;
    /**
     * Issue 23: the group index may grow by what the previous values of UPDATED records need (the
     * values each entry keeps, {@link GroupValues}), and by no more. Before is main at 978c3bd.
     */
    static final double BEFORE_PREVIOUS_VALUES_BYTES_PER_GROUP = 69.8;

    void run(BenchResults results) throws Exception {
        long groups = simulator.directory().groupCount();
        long members = simulator.directory().membershipCount();
        simulator.requestLog().clear();
        ChildJvm.Outcome outcome = ChildJvm.run(List.of("-Xmx2g"), OffsetsChild.class,
                List.of(simulator.baseUrl().toString(), Long.toString(timeout.toSeconds())),
                logDir.resolve("offsets.log"), timeout.plusMinutes(1));
        if (!outcome.succeeded()) {
            throw new IllegalStateException("the offsets run failed (" + (outcome.timedOut() ? "timed out"
                    : "exit code " + outcome.exitCode()) + "); see " + logDir.resolve("offsets.log"));
        }
        Map<String, Object> r = outcome.result();
        Bench.log("  %s", r);
        Map<String, Number> liveBytes = numbers(r.get("offsets_live_bytes_by_kind"));
        long memberBytes = value(liveBytes, "members");
        long groupBytes = value(liveBytes, "group_index") + value(liveBytes, "cursor") + value(liveBytes, "feed");
        String what = "the live offsets (newest record per key, key + value bytes, JSON converter) after a snapshot of "
                + members + " memberships in " + groups + " groups; the topic held " + r.get("offsets_total_records")
                + " records, " + r.get("offsets_total_bytes") + " bytes, before compaction (offset.flush.interval.ms=1000)";
        results.put("offsets_bytes_per_membership", Stats.round((double) memberBytes / members, 1), "bytes",
                "member buckets' bytes / memberships (" + BASELINE_BYTES_PER_MEMBERSHIP
                        + " at d6504d1): " + what, goal(BASELINE_BYTES_PER_MEMBERSHIP),
                met(memberBytes / (double) members, BASELINE_BYTES_PER_MEMBERSHIP));
        double valuesBytes = storedValuesBytesPerGroup();
        double groupGoal = BEFORE_PREVIOUS_VALUES_BYTES_PER_GROUP + valuesBytes;
        results.put("offsets_bytes_per_group", Stats.round((double) groupBytes / groups, 1), "bytes",
                "group index shards', cursor's and feed position's bytes / groups (" + BASELINE_BYTES_PER_GROUP
                        + " at d6504d1, " + BEFORE_PREVIOUS_VALUES_BYTES_PER_GROUP + " at 978c3bd before the previous "
                        + "values; these groups' values take " + Stats.round(valuesBytes, 1) + " bytes each): " + what,
                "<= " + Stats.round(groupGoal, 1), groupBytes / (double) groups <= groupGoal);
        double withOffsets = ((Number) r.get("worker_heap_with_offsets_mb")).doubleValue();
        double idle = ((Number) r.get("idle_worker_heap_mb")).doubleValue();
        results.put("worker_heap_mb_offsets_1m", Stats.round(withOffsets - idle, 1), "MB",
                "heap in use after a full GC of one embedded worker (and its broker, same JVM) holding those offsets, "
                        + "the connector stopped, minus the same before the connector was created (" + Stats.round(idle, 1)
                        + " MB)", null, null);
        long resumedAt = ((Number) r.get("resumed_at_epoch_ms")).longValue();
        Long firstRequest = firstRequestAtOrAfter(simulator.requestLog().entries(), resumedAt);
        double restore = firstRequest == null ? -1 : (firstRequest - resumedAt) / 1000.0;
        results.put("task_restore_seconds_1m", Stats.round(restore, 2), "s",
                "from resuming the stopped connector (REST) to the restored task's first API request, with the offsets "
                        + "of those " + members + " memberships", "<= 10", firstRequest != null && restore <= 10);
    }

    /**
     * What the previous values of the directory's groups take in their index entries: the stored form
     * plus the space before it (the JSON converter writes its characters as one byte each, less a
     * rare escape), at most 1 % more for those escapes.
     */
    private double storedValuesBytesPerGroup() {
        List<SimGroup> all = simulator.directory().groups();
        long bytes = 0;
        for (SimGroup g : all) {
            Group group = new Group(g.id(), g.name(), g.description(), g.sourceType(), g.createdAt(), g.updatedAt(),
                    g.roles(), g.extra());
            bytes += 1 + GroupValues.stored(group).getBytes(StandardCharsets.UTF_8).length;
        }
        return all.isEmpty() ? 0 : bytes * 1.01 / all.size();
    }

    /** The epoch millis of the first request at or after {@code since}, or null when there is none. */
    static Long firstRequestAtOrAfter(List<RequestLog.Entry> entries, long since) {
        return entries.stream().mapToLong(e -> e.at().toEpochMilli()).filter(t -> t >= since).min().stream()
                .boxed().findFirst().orElse(null);
    }

    private static String goal(double baseline) {
        return "<= " + Stats.round(baseline * 1.2, 1);
    }

    private static boolean met(double value, double baseline) {
        return value <= baseline * 1.2;
    }

    private static long value(Map<String, Number> map, String key) {
        Number n = map.get(key);
        return n == null ? 0 : n.longValue();
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Number> numbers(Object map) {
        return (Map<String, Number>) map;
    }
}
