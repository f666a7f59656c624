package io.complianceconnect.groups.demo;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class DemoStatsTest {

    @Test
    void countsPerTopicAndChangeTypeAndSummarisesInLifecycleOrder() {
        DemoStats stats = new DemoStats();
        stats.record("groups", "DELETED");
        stats.record("groups", RecordRenderer.TOMBSTONE);
        stats.record("members", "SNAPSHOT");
        stats.record("members", "SNAPSHOT");
        stats.record("groups", "SNAPSHOT");
        stats.record("members", "CREATED");
        stats.record("members", "?");
        stats.sweepCompleted();

        assertThat(stats.count("members", "SNAPSHOT")).isEqualTo(2);
        assertThat(stats.count("members", "DELETED")).isZero();
        assertThat(stats.count("groups")).isEqualTo(3);
        assertThat(stats.count("unknown")).isZero();
        assertThat(stats.tombstones()).isEqualTo(1);
        // Tombstones are not change records; unknown types follow the known ones.
        assertThat(stats.summary()).isEqualTo(
                "6 change records (SNAPSHOT 3, CREATED 1, DELETED 1, ? 1), 1 tombstones, 1 sweeps completed");
    }

    @Test
    void anEmptyRunSaysSo() {
        assertThat(new DemoStats().summary()).isEqualTo("0 change records, 0 tombstones, 0 sweeps completed");
    }
}
