package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.data.Struct;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An UPDATED group record says what the group was before: its previous name and roles (so the roles
 * gained and lost) and which fields changed, from the state the connector last stored, also after
 * the task restarted from its offsets and after an upgrade from offsets that kept no values.
 */
@Timeout(120)
class PreviousValuesEngineTest extends SimulatedEngineTest {

    private static final String KEY = "previous-values-key";

    PreviousValuesEngineTest() {
        super(KEY, 29);
    }

    private EngineDriver driver() {
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(2));
        return driver;
    }

    private EngineDriver atLeastOnce() {
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, EngineDriver.settings(2)).recording().atLeastOnce()
                .maxBlock(Duration.ofMillis(5))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)))
                .build();
        return driver;
    }

    @Test
    void aRenamedGroupThatGainedAndLostARoleSaysWhatItWasAlsoAfterARestart() throws Exception {
        directory.populate(5, 2);
        String id = directory.createGroup("Engineering", "all engineers", "scim", List.of("role_admin", "role_viewer"));
        driver().runSweeps(1);

        directory.renameGroup(id, "Platform");
        directory.assignRole(id, "role_auditor");
        directory.unassignRole(id, "role_admin");
        int mark = driver.delivered.size();
        driver.runSweeps(1);

        Struct first = onlyUpdateOf(id, mark);
        assertThat(first.getString("name")).isEqualTo("Platform");
        Struct previous = first.getStruct("previous");
        assertThat(previous.getString("name")).isEqualTo("Engineering");
        assertThat(previous.getString("description")).isEqualTo("all engineers");
        assertThat(previous.getString("source_type")).isEqualTo("scim");
        assertThat(previous.<String>getArray("roles")).containsExactly("role_admin", "role_viewer");
        assertThat(gained(first)).containsExactly("role_auditor");
        assertThat(lost(first)).containsExactly("role_admin");
        assertThat(changedFields(first)).contains("name", "roles").isSubsetOf("name", "roles", "updated_at");

        driver.restart();   // the state comes back from the stored offsets
        directory.renameGroup(id, "Platform Engineering");
        directory.unassignRole(id, "role_auditor");
        mark = driver.delivered.size();
        driver.runSweeps(1);

        Struct second = onlyUpdateOf(id, mark);
        assertThat(second.getStruct("previous").getString("name")).isEqualTo("Platform");
        assertThat(lost(second)).containsExactly("role_auditor");
        assertThat(gained(second)).isEmpty();
        assertThat(changedFields(second)).contains("name", "roles").isSubsetOf("name", "roles", "updated_at");
    }

    @Test
    void aChangedExtraKeyIsNamedAndNothingElseCounts() throws Exception {
        directory.populate(3, 1);
        String id = directory.groups().get(1).id();
        driver().runSweeps(1);

        directory.setGroupVisibility(id, "private");
        int mark = driver.delivered.size();
        driver.runSweeps(1);

        Struct update = onlyUpdateOf(id, mark);
        assertThat(changedFields(update)).contains("extra.visibility")
                .isSubsetOf("extra.visibility", "updated_at");
        assertThat(update.getStruct("previous").getString("name")).isEqualTo(update.getString("name"));
    }

    /**
     * At-least-once, a task restarted before the worker flushed its offsets (a 20 s flush against 2-row
     * pages and restarts every few seconds) comes back to the state last stored: the record's previous
     * values are those, not the ones of the last record on the topic. With a flush first they are the
     * last record's.
     */
    @Test
    void atLeastOnceThePreviousValuesAreTheStateLastStored() throws Exception {
        directory.populate(4, 2);
        String id = directory.createGroup("A", "", "direct", List.of());
        atLeastOnce();
        runSweepsAndFlush(1);

        directory.renameGroup(id, "B");
        runSweeps(1);   // UPDATED A -> B reaches the topic; no flush stores its offsets
        driver.restart();
        directory.renameGroup(id, "C");
        int mark = driver.delivered.size();
        runSweeps(1);
        assertThat(onlyUpdateOf(id, mark).getStruct("previous").getString("name")).as("the state last stored")
                .isEqualTo("A");

        driver.flush();
        driver.restartAfterFinalFlush();
        directory.renameGroup(id, "D");
        mark = driver.delivered.size();
        runSweeps(1);
        assertThat(onlyUpdateOf(id, mark).getStruct("previous").getString("name")).isEqualTo("C");
    }

    @Test
    void afterAnUpgradeTheFirstUpdateHasNoPreviousValuesAndLaterOnesHave() throws Exception {
        directory.populate(6, 1);
        String changedAtOnce = directory.groups().get(0).id();
        String changedLater = directory.groups().get(3).id();
        driver().runSweeps(1);
        withoutStoredValues(driver.offsets);   // as an earlier version stored them (index version 4)
        driver.restart();

        directory.renameGroup(changedAtOnce, "renamed");
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        Struct first = onlyUpdateOf(changedAtOnce, mark);
        assertThat(first.get("previous")).isNull();
        assertThat(first.get("changed_fields")).isNull();

        // The sweep listed the unchanged groups and stored their values with its sync marks.
        driver.restart();
        String before = directory.group(changedLater).orElseThrow().name();
        directory.renameGroup(changedLater, "renamed later");
        mark = driver.delivered.size();
        driver.runSweeps(1);
        Struct later = onlyUpdateOf(changedLater, mark);
        assertThat(later.getStruct("previous").getString("name")).isEqualTo(before);
        assertThat(changedFields(later)).contains("name");
    }

    @Test
    void snapshotAndCreatedRecordsHaveNoPrevious() throws Exception {
        directory.populate(3, 1);
        driver().runSweeps(1);
        String created = directory.createGroup("new");
        driver.runSweeps(1);

        assertThat(driver.delivered).filteredOn(r -> "groups".equals(r.topic()) && r.value() != null)
                .extracting(r -> (Struct) r.value())
                .allSatisfy(v -> {
                    assertThat(v.getString("change_type")).isIn("SNAPSHOT", "CREATED");
                    assertThat(v.get("previous")).isNull();
                    assertThat(v.get("changed_fields")).isNull();
                })
                .anySatisfy(v -> assertThat(v.getString("id")).isEqualTo(created));
    }

    private void runSweeps(int sweeps) throws InterruptedException {
        long target = driver.completedSweeps() + sweeps;
        for (int step = 0; step < 20_000 && driver.completedSweeps() < target; step++) {
            driver.step();
        }
        assertThat(driver.completedSweeps()).isEqualTo(target);
    }

    private void runSweepsAndFlush(int sweeps) throws InterruptedException {
        runSweeps(sweeps);
        driver.flush();
    }

    private Struct onlyUpdateOf(String groupId, int from) {
        List<Struct> updates = driver.delivered.subList(from, driver.delivered.size()).stream()
                .filter(r -> "groups".equals(r.topic()) && r.value() != null && groupId.equals(EngineDriver.keyText(r)))
                .map(r -> (Struct) r.value()).toList();
        assertThat(updates).extracting(v -> v.getString("change_type")).containsExactly("UPDATED");
        return updates.get(0);
    }

    private static List<String> changedFields(Struct update) {
        return update.getArray("changed_fields");
    }

    /** What a consumer computes from one record: roles now that were not before. */
    private static List<String> gained(Struct update) {
        List<String> before = update.getStruct("previous").getArray("roles");
        return update.<String>getArray("roles").stream().filter(r -> !before.contains(r)).toList();
    }

    private static List<String> lost(Struct update) {
        List<String> now = update.getArray("roles");
        return update.getStruct("previous").<String>getArray("roles").stream().filter(r -> !now.contains(r)).toList();
    }

    /** Rewrites every stored index shard as index version 4 wrote it: the same entries without values. */
    private static void withoutStoredValues(Map<Map<String, Object>, Map<String, Object>> offsets) {
        offsets.replaceAll((partition, offset) -> {
            if (!StatePartitions.KIND_GROUP_INDEX.equals(partition.get(StatePartitions.KIND))) {
                return offset;
            }
            String groups = Stream.of(((String) offset.get("groups")).split(";"))
                    .filter(e -> !e.isEmpty())
                    .map(e -> String.join(" ", List.of(e.split(" ")).subList(0, 2)) + ";")
                    .collect(Collectors.joining());
            Map<String, Object> v4 = new HashMap<>(offset);
            v4.put("v", 4);
            v4.put("groups", groups);
            return v4;
        });
    }

}
