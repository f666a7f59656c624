package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.bench.Bench.Phase;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** {@code bin/bench}'s command line and the small computations behind its figures. */
class BenchOptionsTest {

    @Test
    void theSlowPhasesRunOnlyWhenNamed() throws Exception {
        assertThat(Bench.parse().phases()).doesNotContain(Phase.HEAP5M, Phase.OFFSETS).contains(Phase.HEAP, Phase.E2E);
        assertThat(Bench.parse("--quick").phases()).isEqualTo(Bench.parse().phases());
        assertThat(Bench.parse("--with", "heap5m,offsets").phases())
                .containsAll(Bench.parse().phases()).contains(Phase.HEAP5M, Phase.OFFSETS);
        assertThat(Bench.parse("--only", "offsets").phases()).containsExactly(Phase.OFFSETS);
        assertThat(Bench.parse("--only", "heap", "--with", "heap5m").phases()).containsExactly(Phase.HEAP, Phase.HEAP5M);
        assertThatThrownBy(() -> Bench.parse("--with")).hasMessageContaining("--with needs a list of phases");
        assertThatThrownBy(() -> Bench.parse("--with", "heap6m")).hasMessageContaining("unknown phase heap6m");
        assertThat(Bench.USAGE).contains("--with PHASES", "heap5m", "offsets", "audit");
        assertThat(Bench.parse().phases()).as("cheap: in every run, --quick included").contains(Phase.AUDIT);
        assertThat(Bench.parse("--only", "audit").phases()).containsExactly(Phase.AUDIT);
    }

    @Test
    void theSnapshotPhaseIsOptInAndRunsBesideTheEndToEndOne() throws Exception {
        assertThat(Bench.parse().phases()).doesNotContain(Phase.SNAPSHOT);
        assertThat(Bench.parse("--quick").phases()).doesNotContain(Phase.SNAPSHOT);
        assertThat(Bench.parse("--only", "e2e,snapshot").phases()).containsExactly(Phase.E2E, Phase.SNAPSHOT);
        assertThat(Bench.parse("--only", "snapshot").phases()).containsExactly(Phase.SNAPSHOT);
        assertThat(Bench.parse("--quick", "--with", "snapshot").phases())
                .containsAll(Bench.parse().phases()).contains(Phase.SNAPSHOT);
        assertThat(Bench.USAGE).contains("snapshot", "snapshot_seconds_vs_budget_minimum_alo", "bench.snapshot.groups");
    }

    @Test
    void theSnapshotDirectoryIsManySmallGroupsWithTheLargeOnesSpreadAmongThem() {
        int[] sizes = SnapshotBench.groupSizes(3_000, 43);
        assertThat(sizes).hasSize(3_004);
        List<Integer> largeAt = new ArrayList<>();
        for (int i = 0; i < sizes.length; i++) {
            if (sizes[i] > SnapshotBench.SMALL_GROUP_MAX_MEMBERS) {
                largeAt.add(i);
            } else {
                assertThat(sizes[i]).isBetween(0, SnapshotBench.SMALL_GROUP_MAX_MEMBERS);
            }
        }
        assertThat(largeAt).containsExactly(375, 1_126, 1_877, 2_628);
        assertThat(largeAt.stream().map(i -> sizes[i])).containsExactly(2_000, 4_000, 6_500, 9_000);
        assertThat(Arrays.stream(sizes).filter(s -> s == 0).count()).as("empty groups").isPositive();
        assertThat(Arrays.stream(sizes).filter(s -> s == 40).count()).as("groups of 40").isPositive();
        assertThat(SnapshotBench.groupSizes(3_000, 43)).as("reproducible").isEqualTo(sizes);
        assertThat(SnapshotBench.groupSizes(300, 43)).hasSize(304);
    }

    @Test
    void theSnapshotRatioIsItsTimeOverItsRequestsAtTenASecond() {
        assertThat(SnapshotBench.budgetRatio(330, 3_000)).isCloseTo(1.1, within(1e-9));
        List<RequestLog.Entry> log = List.of(entry(1_000), entry(2_000, 429), entry(3_000), entry(4_001));
        assertThat(SnapshotBench.requestsBetween(log, 1_000, 4_000, null)).isEqualTo(3);
        assertThat(SnapshotBench.requestsBetween(log, 1_001, 4_001, null)).isEqualTo(3);
        assertThat(SnapshotBench.requestsBetween(log, 0, 10_000, 429)).isEqualTo(1);
    }

    @Test
    void stateBytesAreTheHeapInMebibytesOverTheMemberships() {
        assertThat(HeapBench.stateBytesPerMembership(100, 1_048_576)).isEqualTo(100.0);
    }

    @Test
    void theRestoreEndsAtTheFirstRequestAfterTheResume() {
        List<RequestLog.Entry> log = List.of(entry(1_000), entry(5_000), entry(4_000), entry(9_000));
        assertThat(OffsetsBench.firstRequestAtOrAfter(log, 3_000)).isEqualTo(4_000);
        assertThat(OffsetsBench.firstRequestAtOrAfter(log, 4_000)).isEqualTo(4_000);
        assertThat(OffsetsBench.firstRequestAtOrAfter(log, 9_001)).isNull();
    }

    private static RequestLog.Entry entry(long epochMillis) {
        return entry(epochMillis, 200);
    }

    private static RequestLog.Entry entry(long epochMillis, int status) {
        return new RequestLog.Entry(Instant.ofEpochMilli(epochMillis), "GET", "/v1/groups", null, Map.of(), status, "r");
    }
}
