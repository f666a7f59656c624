package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StatePartitions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Predicate;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The sweep logic against the simulator, with Connect's offset commits emulated in memory: fast
 * checks of change detection, deletion confirmation and restarts (the same scenarios run on a
 * real cluster in the integration tests).
 */
@Timeout(120)
class SweepEngineTest extends SimulatedEngineTest {

    private static final String KEY = "engine-test-key";

    SweepEngineTest() {
        super(KEY, 3);
    }

    private EngineDriver driver(int pageSize) {
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(pageSize));
        return driver;
    }

    @Test
    void theFirstSweepIsASnapshotAndAnUnchangedDirectoryEmitsNothing() throws Exception {
        directory.populate(9, i -> i * 3);
        driver(4).runSweeps(1);
        assertReplicaEqualsDirectory();
        assertThat(driver.changesSince(0)).allMatch(c -> c.startsWith("SNAPSHOT "))
                .hasSize(9 + (int) directory.membershipCount());

        int mark = driver.delivered.size();
        driver.runSweeps(2);
        assertThat(driver.changesSince(mark)).isEmpty();
    }

    @Test
    void everyKindOfChangeIsEmittedOnce() throws Exception {
        directory.populate(6, 5);
        driver(2).runSweeps(1);
        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        SimMember leaving = directory.members(ids.get(0)).get(2);
        int doomedMembers = directory.members(ids.get(1)).size();
        directory.removeMember(ids.get(0), leaving.userId());
        directory.deleteGroup(ids.get(1));
        directory.renameGroup(ids.get(2), "renamed");
        String created = directory.createGroup("new");
        String joiner = directory.addMember(created, "joiner@example.com");

        int mark = driver.delivered.size();
        driver.runSweeps(1);
        List<String> changes = driver.changesSince(mark);
        assertThat(changes).contains("DELETED " + ids.get(0) + "/" + leaving.userId(),
                "TOMBSTONE " + ids.get(0) + "/" + leaving.userId(), "UPDATED " + ids.get(2), "CREATED " + created,
                "CREATED " + created + "/" + joiner, "DELETED " + ids.get(1), "TOMBSTONE " + ids.get(1));
        assertThat(changes.stream().filter(c -> c.startsWith("DELETED " + ids.get(1) + "/"))).hasSize(doomedMembers);
        assertThat(changes.indexOf("DELETED " + ids.get(1)))
                .as("a deleted group's memberships go first")
                .isGreaterThan(changes.lastIndexOf(changes.stream()
                        .filter(c -> c.startsWith("DELETED " + ids.get(1) + "/")).reduce((a, b) -> b).orElseThrow()));
        assertThat(changes).hasSize(2 + 1 + 2 + 2 * doomedMembers + 2);
        assertReplicaEqualsDirectory();
    }

    @Test
    void aRestartMidSweepResumesWithoutLosingOrRepeatingAnything() throws Exception {
        directory.populate(20, 3);
        driver(3);
        for (int i = 0; i < 25; i++) {
            driver.step();
        }
        long requestsBefore = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        driver.restart();
        driver.runSweeps(1);
        assertThat(simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == Endpoint.LIST_GROUPS).skip(requestsBefore).findFirst().orElseThrow()
                .query()).as("resumed from a stored page token").containsKey("page");
        driver.runSweeps(1);   // the full sweep after a resumed one
        assertReplicaEqualsDirectory();
        // Every offset was committed, so nothing was emitted twice.
        List<String> changes = driver.changesSince(0);
        assertThat(changes).doesNotHaveDuplicates().hasSize(20 + 60);
    }

    @Test
    void aSweepResumedAfterEveryFewStepsStillEmitsItsDeletionsAndForcesNoExtraSweep() throws Exception {
        directory.populate(20, 3);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        sweepingEveryTenMinutes(clock);
        driver.runSweeps(1);
        String deleted = directory.groups().get(17).id();
        directory.deleteGroup(deleted);
        clock.advance(Duration.ofMinutes(11));
        int mark = driver.delivered.size();
        // Restarted every few polls: no life of the task sees the whole sweep.
        int restarts = 0;
        while (driver.completedSweeps() < 2) {
            for (int i = 0; i < 4 && driver.completedSweeps() < 2; i++) {
                driver.step();
            }
            driver.restart();
            assertThat(++restarts).as("the sweep makes progress across restarts").isLessThan(200);
        }
        assertThat(restarts).as("the sweep outlived several lives of the task").isGreaterThan(3);
        List<String> changes = driver.changesSince(mark);
        assertThat(changes).as("the deletion is confirmed by the resumed sweep itself, and nothing else changed")
                .contains("DELETED " + deleted, "TOMBSTONE " + deleted).hasSize(2 + 2 * 3)
                .allMatch(c -> c.endsWith(" " + deleted) || c.contains(" " + deleted + "/"));
        assertThat(driver.engine.cursor().nextSweepAtMs()).as("no extra sweep forced at once")
                .isGreaterThan(clock.millis() + Duration.ofMinutes(5).toMillis());
        assertReplicaEqualsDirectory();
    }

    @Test
    void aResumedSweepWhosePageTokenExpiredListsAgainButSyncsNoGroupTwice() throws Exception {
        directory.populate(20, 3);
        MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
        sweepingEveryTenMinutes(clock);
        driver.runSweeps(1);
        clock.advance(Duration.ofMinutes(11));
        long mark = simulator.requestLog().entries().size();
        while (memberListingsSince(mark) < 10) {
            driver.step();
        }
        driver.step();   // the checkpoint that marks the last group synced
        driver.restart();
        // The stored page token has expired by the time the restarted task uses it.
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.expiredToken(), 1);
        driver.runSweeps(1);
        assertThat(simulator.requestLog().entries().stream().skip(mark)
                .filter(e -> e.endpoint() == Endpoint.LIST_GROUPS && !e.query().containsKey("page")).count())
                .as("the listing started again from its first page").isEqualTo(2);
        assertThat(memberListingsSince(mark)).as("one member listing per group in the sweep, restart or not")
                .isEqualTo(20);
        assertReplicaEqualsDirectory();
    }

    /** Page size 3, a sweep every ten minutes on the engine's clock, a checkpoint after every group. */
    private void sweepingEveryTenMinutes(MutableClock clock) {
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, new SweepSettings("test", "groups", "members",
                        "sweeps", "", 3, true, Duration.ofMinutes(10), Duration.ZERO))
                .recording().maxBlock(Duration.ofMillis(200)).clock(clock)
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)))
                .build();
    }

    private long memberListingsSince(long mark) {
        return simulator.requestLog().entries().stream().skip(mark)
                .filter(e -> e.endpoint() == Endpoint.LIST_MEMBERS).count();
    }

    @Test
    void recordsWhoseOffsetsWereNeverCommittedAreEmittedAgainNotLost() throws Exception {
        directory.populate(5, 4);
        driver(10).runSweeps(1);
        String group = directory.groups().get(0).id();
        String added = directory.addMember(group, "late@example.com");
        directory.removeMember(group, directory.members(group).get(0).userId());
        // The step that emits those changes "crashes" before its offsets are committed.
        List<String> lost;
        do {
            int mark = driver.delivered.size();
            driver.stepWithoutCommittingOffsets();
            lost = driver.changesSince(mark);
        } while (lost.isEmpty());
        driver.restart();
        int mark = driver.delivered.size();
        driver.runSweeps(2);
        assertThat(driver.changesSince(mark)).contains("CREATED " + group + "/" + added);
        assertReplicaEqualsDirectory();
    }

    @Test
    void recordsAfterTheCommittedOnesOfAPollAreEmittedAgainAfterACrash() throws Exception {
        directory.populate(4, 3);
        driver(10).runSweeps(1);
        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        String growing = ids.get(0);
        String doomed = ids.get(1);
        for (int i = 0; i < 3; i++) {
            directory.addMember(growing, "new" + i + "@example.com");
        }
        directory.deleteGroup(doomed);
        // The worker commits the offset of the first record of a poll, then dies: once in the poll with
        // the new memberships (one member bucket), once in the poll with the group's DELETED and tombstone.
        Map<Integer, List<String>> lostAfter = new TreeMap<>();
        AtomicBoolean membersCrashed = new AtomicBoolean();
        AtomicBoolean deletionCrashed = new AtomicBoolean();
        long giveUpAt = driver.completedSweeps() + 4;
        while (!(membersCrashed.get() && deletionCrashed.get())) {
            assertThat(driver.completedSweeps()).as("both crashes happened").isLessThan(giveUpAt);
            int mark = driver.delivered.size();
            AtomicBoolean crash = new AtomicBoolean();
            driver.stepCommittingFirst(records -> {
                List<String> changes = driver.changes(records);
                boolean members = changes.stream().filter(c -> c.startsWith("CREATED " + growing + "/")).count() >= 2;
                boolean deletion = changes.contains("DELETED " + doomed);
                if (members && membersCrashed.compareAndSet(false, true)
                        || deletion && deletionCrashed.compareAndSet(false, true)) {
                    crash.set(true);
                    return 1;
                }
                return records.size();
            });
            if (crash.get()) {
                lostAfter.put(driver.delivered.size(), driver.changesSince(mark + 1));
                driver.restart();
            }
        }
        driver.runSweeps(2);   // the resumed sweep, then a full one, which confirms deletions again
        lostAfter.forEach((crashedAt, lost) -> assertThat(driver.changesSince(crashedAt))
                .as("records whose offsets were not committed are emitted again").containsAll(lost));
        assertThat(lostAfter.values()).allSatisfy(lost -> assertThat(lost).isNotEmpty());
        assertReplicaEqualsDirectory();
    }

    /**
     * A new group's announcement (its index entry) and its memberships (its member bucket) are
     * stored apart, and nothing waits between them: a crash that kept the bucket's offset and lost
     * the announcement must not leave those memberships unknown, or a member removed meanwhile would
     * stay a phantom.
     */
    @Test
    void membershipsStoredWithoutTheirGroupsAnnouncementAreFoundWhenTheGroupIsListedAgain() throws Exception {
        directory.populate(3, 2);
        driver(10).runSweeps(1);
        Map<Map<String, Object>, Map<String, Object>> before = new HashMap<>(driver.offsets);
        String fresh = directory.createGroup("fresh");
        String leaver = directory.addMember(fresh, "leaver@example.com");
        String stayer = directory.addMember(fresh, "stayer@example.com");
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).containsExactlyInAnyOrder(
                "CREATED " + fresh, "CREATED " + fresh + "/" + leaver, "CREATED " + fresh + "/" + stayer);
        // The worker kept the new member bucket's offset and lost every other offset written since.
        driver.offsets.entrySet().removeIf(e -> !StatePartitions.KIND_MEMBERS.equals(e.getKey().get(StatePartitions.KIND)));
        before.forEach((partition, offset) -> {
            if (!StatePartitions.KIND_MEMBERS.equals(partition.get(StatePartitions.KIND))) {
                driver.offsets.put(partition, offset);
            }
        });
        driver.restart();
        assertThat(driver.engine.state().get(fresh)).as("not in the restored index").isNull();

        directory.removeMember(fresh, leaver);
        driver.runSweeps(1);
        assertThat(driver.compacted("members")).as("the member removed while the index did not know the group")
                .doesNotContainKey(fresh + "/" + leaver).containsKey(fresh + "/" + stayer);
        assertReplicaEqualsDirectory();
    }

    @Test
    void noGroupDeletionIsEmittedBeforeItsMembershipDeletionsAreAcknowledged() throws Exception {
        directory.populate(3, 2);
        driver(10).runSweeps(1);
        String doomed = directory.groups().get(1).id();
        List<String> members = directory.members(doomed).stream().map(SimMember::userId).toList();
        directory.deleteGroup(doomed);
        EngineDriver.Withheld memberships = withholdTheFirstStepWhere(
                w -> driver.changes(w.records).stream().anyMatch(c -> c.startsWith("DELETED " + doomed + "/")));
        assertThat(driver.changes(memberships.records)).containsExactlyInAnyOrderElementsOf(members.stream()
                .flatMap(u -> Stream.of("DELETED " + doomed + "/" + u, "TOMBSTONE " + doomed + "/" + u))
                .toList());
        int mark = driver.delivered.size();
        for (int i = 0; i < 10; i++) {
            driver.step();
        }
        assertThat(driver.changesSince(mark)).as("the group's deletion waits for its memberships' deletions")
                .doesNotContain("DELETED " + doomed, "TOMBSTONE " + doomed);
        memberships.release();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).containsExactly("DELETED " + doomed, "TOMBSTONE " + doomed);
    }

    /** Steps on, acknowledging each step at once, until one matches: its acknowledgements are held. */
    private EngineDriver.Withheld withholdTheFirstStepWhere(Predicate<EngineDriver.Withheld> matches)
            throws InterruptedException {
        long giveUpAt = driver.completedSweeps() + 2;
        while (driver.completedSweeps() < giveUpAt) {
            EngineDriver.Withheld step = driver.stepWithholdingAcknowledgements();
            if (matches.test(step)) {
                return step;
            }
            step.release();
        }
        throw new AssertionError("no step matched in two sweeps");
    }

    @Test
    void aMemberSkippedBecauseTheListShiftedIsNotDeleted() throws Exception {
        String group = directory.createGroup("shifting");
        for (int i = 0; i < 10; i++) {
            directory.addMember(group, "m" + i + "@example.com");
        }
        driver(4).runSweeps(1);
        List<SimMember> before = directory.members(group);
        AtomicBoolean done = new AtomicBoolean();
        // After the first members page of the next sweep, remove member 0: everyone shifts left by one,
        // so the member at position 4 is skipped by the second page.
        simulator.requestLog().addListener(e -> {
            if (e.endpoint() == Endpoint.LIST_MEMBERS && !e.query().containsKey("page") && driver.completedSweeps() >= 1
                    && done.compareAndSet(false, true)) {
                directory.removeMember(group, before.get(0).userId());
            }
        });
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(done).as("the list shifted during the sweep").isTrue();
        // Member 4 was missing from that listing, but a second listing found it: no false deletion. Member 0
        // was listed before it left, so the next sweep deletes it.
        assertThat(driver.changesSince(mark)).isEmpty();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).containsExactly(
                "DELETED " + group + "/" + before.get(0).userId(), "TOMBSTONE " + group + "/" + before.get(0).userId());
        assertReplicaEqualsDirectory();
    }

    @Test
    void aGroupDeletedBetweenTheListingAndItsMembersIsADeletion() throws Exception {
        directory.populate(4, 3);
        driver(10).runSweeps(1);
        String doomed = directory.groups().get(2).id();
        AtomicBoolean done = new AtomicBoolean();
        simulator.requestLog().addListener(e -> {
            if (e.endpoint() == Endpoint.LIST_GROUPS && driver.completedSweeps() >= 1 && done.compareAndSet(false, true)) {
                directory.deleteGroup(doomed);
            }
        });
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).contains("DELETED " + doomed, "TOMBSTONE " + doomed).hasSize(2 + 6);
        assertReplicaEqualsDirectory();
    }

    @Test
    void aLargeGroupIsSplitIntoBucketsAndSurvivesARestart() throws Exception {
        String big = directory.createGroup("everyone");
        for (int i = 0; i < GroupState.BUCKET_CAPACITY * 2 + 500; i++) {
            directory.addMember(big, "user" + i + "@example.com");
        }
        driver(1000).runSweeps(1);
        assertThat(driver.engine.state().get(big).bucketCount()).isEqualTo(3);
        driver.restart();
        assertThat(driver.engine.state().get(big).memberCount()).isEqualTo(GroupState.BUCKET_CAPACITY * 2 + 500);
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).isEmpty();
    }

    private void assertReplicaEqualsDirectory() {
        Map<String, String> expectedGroups = new TreeMap<>();
        Map<String, String> expectedMembers = new TreeMap<>();
        directory.groups().forEach(g -> {
            expectedGroups.put(g.id(), g.name());
            directory.members(g.id()).forEach(m -> expectedMembers.put(g.id() + "/" + m.userId(), m.email()));
        });
        Map<String, String> actualGroups = new TreeMap<>();
        driver.compacted("groups").forEach((k, v) -> actualGroups.put(k, v.getString("name")));
        Map<String, String> actualMembers = new TreeMap<>();
        driver.compacted("members").forEach((k, v) -> actualMembers.put(k, v.getString("email")));
        assertThat(actualGroups).isEqualTo(expectedGroups);
        assertThat(actualMembers).isEqualTo(expectedMembers);
    }
}
