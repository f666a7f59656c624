package io.complianceconnect.groups.bench;

import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The child JVM of {@link HeapBench}: one task's sweep engine runs a snapshot sweep of the
 * simulator in the parent process, under this JVM's -Xmx, and reports whether it completed.
 * Records are acknowledged and dropped at once (no producer buffer): what must fit is the
 * connector's state of every membership plus one page in flight.
 *
 * <p>Arguments: base URL, expected groups, expected memberships.
 */
public final class HeapSweepChild {

    private HeapSweepChild() {
    }

    public static void main(String[] args) throws Exception {
        URI baseUrl = URI.create(args[0]);
        long expectedGroups = Long.parseLong(args[1]);
        long expectedMembers = Long.parseLong(args[2]);
        Map<String, Object> result = new LinkedHashMap<>();
        try (MeteredDriver driver = new MeteredDriver("bench-heap", baseUrl, Bench.API_KEY, 0, Duration.ofHours(1),
                Clock.systemUTC())) {
            result.put("heap_baseline_mb", heapAfterFullGcMb());
            MeteredDriver.SweepRun run = driver.runOneSweep(Duration.ofMinutes(30));
            if (run.memberRecords() != expectedMembers || run.groupRecords() != expectedGroups) {
                throw new IllegalStateException("the sweep emitted " + run.groupRecords() + " groups and "
                        + run.memberRecords() + " memberships, expected " + expectedGroups + " and " + expectedMembers);
            }
            result.put("seconds", run.seconds());
            result.put("requests", run.requests());
            result.put("member_records", run.memberRecords());
            result.put("memberships_in_state", driver.engine().state().membershipCount());
            result.put("heap_peak_mb", peakHeapMb());
            // The state is still referenced by the driver here: this is what the connector keeps.
            result.put("heap_retained_mb", heapAfterFullGcMb());
            result.put("max_heap_mb", Runtime.getRuntime().maxMemory() / 1024.0 / 1024.0);
            result.put("state_groups", driver.engine().state().groupCount());
        }
        ChildJvm.reportAndExit(result);
    }

    /** Heap in use after a full GC, in MB. */
    private static double heapAfterFullGcMb() {
        System.gc();
        Runtime runtime = Runtime.getRuntime();
        return (runtime.totalMemory() - runtime.freeMemory()) / 1024.0 / 1024.0;
    }

    /** Sum of each heap pool's peak: an upper bound of the heap in use at any one time. */
    private static double peakHeapMb() {
        long peak = 0;
        for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
            if (pool.getType() == MemoryType.HEAP) {
                peak += pool.getPeakUsage().getUsed();
            }
        }
        return peak / 1024.0 / 1024.0;
    }
}
