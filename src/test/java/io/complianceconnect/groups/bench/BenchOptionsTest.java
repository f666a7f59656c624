package io.complianceconnect.groups.bench;

import io.complianceconnect.groups.bench.Bench.Phase;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

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
        return new RequestLog.Entry(Instant.ofEpochMilli(epochMillis), "GET", "/v1/groups", null, Map.of(), 200, "r");
    }
}
