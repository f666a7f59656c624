package io.complianceconnect.groups.state;

import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SweepCursorTest {

    @Test
    void roundTripsThroughItsOffsetAsConnectStoresIt() {
        SweepCursor cursor = SweepCursor.initial().startSweep().atPage("tok/en==");
        // Connect's JSON offset store gives numbers back as Long.
        Map<String, Object> stored = new HashMap<>(cursor.toOffset());
        stored.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v);
        assertThat(SweepCursor.fromOffset(stored)).isEqualTo(cursor);
        assertThat(SweepCursor.fromOffset(null)).isEqualTo(SweepCursor.initial());
    }

    /**
     * Versions before this one wrote the last group finished on the page as "after_group", and require
     * the field: a cursor they wrote still reads, and one this version writes still reads in theirs.
     */
    @Test
    void theRetiredAfterGroupFieldIsReadFromOldCursorsAndStillWrittenEmpty() {
        Map<String, Object> old = new HashMap<>(Map.of("v", 1L, "sweep", 7L, "phase", "GROUPS",
                "groups_page", "tok", "after_group", "rbac_group_9", "snapshot_done", true, "next_sweep_at_ms", 0L));

        assertThat(SweepCursor.fromOffset(old))
                .isEqualTo(new SweepCursor(7, SweepCursor.Phase.GROUPS, "tok", true, 0, 0));
        OffsetValidation.validate(StatePartitions.cursor(), old);
        assertThat(SweepCursor.initial().startSweep().atPage("tok").toOffset()).containsEntry("after_group", "");
    }

    /** A re-snapshot request is carried by the sweep that started with it, then handled; both survive a restart. */
    @Test
    void theSnapshotRequestIsCarriedThenHandledAndRoundTrips() {
        SweepCursor carrying = SweepCursor.initial().startSweep()
                .withSnapshotRequest(SnapshotRequestMark.NONE.carrying("r1")).atPage("tok").deleting();
        assertThat(carrying.snapshotRequest()).isEqualTo(new SnapshotRequestMark("r1", null));
        assertThat(roundTrip(carrying)).isEqualTo(carrying);

        SweepCursor done = carrying.completed(99L);
        assertThat(done.snapshotRequest()).as("handled once its sweep completed").isEqualTo(new SnapshotRequestMark(null, "r1"));
        assertThat(roundTrip(done)).isEqualTo(done);
        assertThat(done.startSweep().snapshotRequest().handled()).as("kept by later sweeps").isEqualTo("r1");
        assertThat(done.snapshotRequest().knows("r1")).isTrue();
        assertThat(done.snapshotRequest().knows("r2")).isFalse();

        Map<String, Object> plain = SweepCursor.initial().toOffset();
        assertThat(plain).as("nothing written when nothing was requested")
                .doesNotContainKeys("snapshot_request", "snapshot_request_handled");
        assertThat(SweepCursor.fromOffset(plain).snapshotRequest()).isEqualTo(SnapshotRequestMark.NONE);

        Map<String, Object> bad = new HashMap<>(done.toOffset());
        bad.put("snapshot_request_handled", 5L);
        assertThatThrownBy(() -> OffsetValidation.validate(StatePartitions.cursor(), bad))
                .hasMessageContaining("'snapshot_request_handled' must be a string");
    }

    private static SweepCursor roundTrip(SweepCursor cursor) {
        Map<String, Object> stored = new HashMap<>(cursor.toOffset());
        stored.replaceAll((k, v) -> v instanceof Integer i ? Long.valueOf(i) : v);
        return SweepCursor.fromOffset(stored);
    }

    @Test
    void aCompletedSweepRemembersTheSnapshotAndTheNextStart() {
        SweepCursor done = SweepCursor.initial().startSweep().completed(12345L);
        assertThat(done.snapshotDone()).isTrue();
        assertThat(done.phase()).isEqualTo(SweepCursor.Phase.IDLE);
        assertThat(done.startSweep().sweep()).isEqualTo(2);
        assertThat(done.startSweep().snapshotDone()).isTrue();
    }

    @Test
    void aBadOffsetIsRejectedNamingTheField() {
        Map<String, Object> offset = new HashMap<>(SweepCursor.initial().toOffset());
        offset.put("phase", "SOMETHING");
        assertThatThrownBy(() -> SweepCursor.fromOffset(offset)).hasMessageContaining("'phase'");
        offset.put("phase", "IDLE");
        offset.put("sweep", "seven");
        assertThatThrownBy(() -> SweepCursor.fromOffset(offset)).hasMessageContaining("'sweep' must be a number");
    }

    @Test
    void operatorWrittenOffsetsAreValidated() {
        OffsetValidation.validate(StatePartitions.cursor(), SweepCursor.initial().toOffset());
        OffsetValidation.validate(StatePartitions.groupIndex(1), null);
        OffsetValidation.validate(StatePartitions.members("g", 0), Map.of("v", 1, "members", "user_1\tff\n"));
        assertThatThrownBy(() -> OffsetValidation.validate(Map.of("foo", "bar"), Map.of()))
                .hasMessageContaining("'kind'");
        assertThatThrownBy(() -> OffsetValidation.validate(StatePartitions.members("g", 0),
                Map.of("v", 1, "members", "user_1\n"))).hasMessageContaining("2 fields");
    }
}
