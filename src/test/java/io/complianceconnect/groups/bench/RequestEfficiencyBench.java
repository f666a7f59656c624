package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.MembersDistribution;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.function.IntUnaryOperator;

/**
 * {@code requests_per_sweep_vs_minimum}: the requests a full sweep sends, divided by the fewest that
 * can list the directory at 1,000 a page: {@code ceil(G/1000) + sum over groups of max(1, ceil(m/1000))}.
 * Counted by the simulator (every request it answered, whatever the status), for a snapshot sweep and
 * for a sweep of the unchanged directory, which must also emit no change record. A third sweep after a
 * few changes shows what deletions cost on top of the minimum.
 */
final class RequestEfficiencyBench {

    /** Sizes that sit on the page boundaries, then a long-tailed mix; the first groups only. */
    private static final int[] EDGE_SIZES = {0, 0, 1, 999, 1000, 1001, 2000, 2001, 4500};

    private final int groups;
    private final int zipfMax;

    RequestEfficiencyBench(int groups, int zipfMax) {
        this.groups = groups;
        this.zipfMax = zipfMax;
    }

    void run(BenchResults results) throws InterruptedException {
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(Bench.API_KEY).seed(23).start();
             MeteredDriver driver = new MeteredDriver("bench-requests", simulator.baseUrl(), Bench.API_KEY, 0,
                     Duration.ZERO, Clock.systemUTC())) {
            Directory directory = simulator.directory();
            IntUnaryOperator tail = MembersDistribution.parse("zipf:" + zipfMax, 23);
            directory.populate(groups, i -> i < EDGE_SIZES.length ? EDGE_SIZES[i] : tail.applyAsInt(i));
            int groupCount = directory.groupCount();
            long membershipCount = directory.membershipCount();
            Bench.log("  directory: %,d groups, %,d memberships (group sizes 0..%,d, long-tailed)",
                    groupCount, membershipCount, Math.max(zipfMax, 4500));

            Measured snapshot = sweep(driver, simulator, "snapshot sweep");
            Measured unchanged = sweep(driver, simulator, "sweep of the unchanged directory");

            changeSome(directory);
            Measured changed = sweep(driver, simulator, "sweep after 4 changes");

            double worst = Math.max(snapshot.ratio(), unchanged.ratio());
            results.put("requests_per_sweep_vs_minimum", Stats.round(worst, 3), "ratio",
                    "requests of a full sweep / minimum at page size 1000 (worse of the snapshot sweep, "
                            + snapshot.requests + " / " + snapshot.minimum + ", and the unchanged sweep, "
                            + unchanged.requests + " / " + unchanged.minimum + "); " + groupCount + " groups, "
                            + membershipCount + " memberships", "1.00",
                    snapshot.requests == snapshot.minimum && unchanged.requests == unchanged.minimum);
            results.put("unchanged_sweep_change_records", unchanged.changeRecords, "records",
                    "change records emitted by a sweep of an unchanged directory", "0", unchanged.changeRecords == 0);
            results.put("requests_per_sweep_vs_minimum_after_changes", Stats.round(changed.ratio(), 3), "ratio",
                    changed.requests + " / " + changed.minimum + " after a group deletion (+1 GET confirms it) and a "
                            + "member leaving a group of 2,001 (+2: its listing, now 2 pages, is repeated once before "
                            + "the member is deleted)", null, null);
        }
    }

    /** One sweep's request count, the minimum for the directory it listed, and its change records. */
    private record Measured(long requests, long minimum, long changeRecords) {
        double ratio() {
            return (double) requests / minimum;
        }
    }

    private static Measured sweep(MeteredDriver driver, ComplianceApiSimulator simulator, String what)
            throws InterruptedException {
        long minimum = minimumRequests(simulator.directory());
        long before = simulator.requestLog().count();
        MeteredDriver.SweepRun run = driver.runOneSweep(Duration.ofMinutes(10));
        long requests = simulator.requestLog().count() - before;
        long changeRecords = run.groupRecords() + run.memberRecords();
        Bench.log("  %s: %,d requests (connector counted %,d), minimum %,d, ratio %.3f; %,d change records in %.1f s",
                what, requests, run.requests(), minimum, (double) requests / minimum, changeRecords, run.seconds());
        return new Measured(requests, minimum, changeRecords);
    }

    /** ceil(G/1000) + sum of max(1, ceil(m/1000)): every groups page plus every group's member pages. */
    static long minimumRequests(Directory directory) {
        List<SimGroup> all = directory.groups();
        long requests = Math.max(1, ceilDiv(all.size(), MeteredDriver.PAGE_SIZE));
        for (SimGroup group : all) {
            requests += Math.max(1, ceilDiv(directory.members(group.id()).size(), MeteredDriver.PAGE_SIZE));
        }
        return requests;
    }

    /** A deleted group, a member gone from a multi-page group and one from a small group, a renamed group. */
    private static void changeSome(Directory directory) {
        List<SimGroup> all = directory.groups();
        directory.deleteGroup(all.get(all.size() - 1).id());
        String threePages = all.get(7).id();   // 2001 members
        List<SimMember> members = directory.members(threePages);
        directory.removeMember(threePages, members.get(members.size() / 2).userId());
        String small = all.get(2).id();        // 1 member
        directory.removeMember(small, directory.members(small).get(0).userId());
        directory.renameGroup(all.get(10).id(), "Renamed by the benchmark");
    }

    private static long ceilDiv(long a, long b) {
        return (a + b - 1) / b;
    }
}
