package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * {@code end_to_end_records_per_second}: change records a second from the API into Kafka through a
 * real Connect worker with the JSON converter, for a snapshot sweep of the 1,000,000-membership
 * directory with no rate limit. Runs in a child JVM ({@link EndToEndChild}) holding the broker and
 * the worker; the simulator stays in this process.
 */
record EndToEndBench(ComplianceApiSimulator simulator, Duration timeout, Path logDir) {

    void run(BenchResults results) throws Exception {
        long groups = simulator.directory().groupCount();
        long members = simulator.directory().membershipCount();
        ChildJvm.Outcome outcome = ChildJvm.run(List.of("-Xmx2g"), EndToEndChild.class,
                List.of(simulator.baseUrl().toString(), Long.toString(groups), Long.toString(members),
                        Long.toString(timeout.toSeconds())),
                logDir.resolve("end-to-end.log"), timeout.plusMinutes(1));
        if (!outcome.succeeded()) {
            Bench.log("  the end-to-end run failed (%s); see %s", outcome.timedOut() ? "timed out"
                    : "exit code " + outcome.exitCode(), logDir.resolve("end-to-end.log"));
            results.put("end_to_end_records_per_second", -1, "records/s", "the end-to-end run failed", null, false);
            return;
        }
        Map<String, Object> r = outcome.result();
        Bench.log("  %s", r);
        double rate = ((Number) r.get("records_per_second")).doubleValue();
        results.put("end_to_end_records_per_second", Math.round(rate), "records/s",
                r.get("records") + " records (" + r.get("group_records") + " groups + " + r.get("member_records")
                        + " memberships) from SWEEP_STARTED until all were in Kafka ("
                        + r.get("seconds_from_sweep_start") + " s): one embedded worker and broker in one JVM, JSON "
                        + "converter with schemas, default producer settings, offsets flushed every 60 s, no rate "
                        + "limit", null, null);
    }
}
