package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.state.DirectoryState;
import io.complianceconnect.groups.state.MemberEntries;
import io.complianceconnect.groups.state.StatePartitions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * At-least-once delivery, where the worker flushes the offsets of each source partition as a
 * record of its own, so a crash mid-flush keeps some partitions' offsets and loses others. With
 * the worker dying mid-flush again and again while the directory grows, every stored membership is
 * found by a restarted task (a member bucket past the stored count at restore, one whose group the
 * index lost when the group is met again), the sweeps complete, and the replica converges.
 */
@Timeout(180)
class PartialFlushTest extends SimulatedEngineTest {

    private static final String KEY = "partial-flush-key";

    PartialFlushTest() {
        super(KEY, 11);
    }

    @BeforeEach
    void startDriver() {
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, new SweepSettings("test", "groups", "members",
                        "sweeps", "", 3, true, Duration.ZERO, Duration.ZERO))
                .recording().atLeastOnce().maxBlock(Duration.ofMillis(5))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5)).backoffMax(Duration.ofMillis(20)))
                .build();
    }

    @Test
    void crashesMidFlushLeaveNoStoredMembershipUnfound() throws Exception {
        directory.populate(8, 3);
        Random random = new Random(5);
        int crashes = 0;
        int orphanChecks = 0;
        for (int step = 0; driver.completedSweeps() < 3 || crashes < 8; step++) {
            assertThat(step).as("the sweeps complete despite the crashes").isLessThan(20_000);
            driver.step();
            if (step % 40 == 4) {
                grow(random);
            }
            // The worker flushes every few polls; now and then it dies in the middle of a flush.
            int flush = random.nextInt(12);
            if (flush == 0 && !driver.unflushed.isEmpty()) {
                driver.crashMidFlush(partition -> random.nextBoolean());
                crashes++;
                assertNoOrphanedMembership();
                orphanChecks++;
            } else if (flush < 4) {
                driver.flush();
            }
        }
        assertThat(orphanChecks).isGreaterThanOrEqualTo(8);
        // Without crashes the replica converges: every change was emitted, none needed a deletion.
        driver.flush();
        driver.runUntil(flushingEachStep(driver.completedSweeps() + 2));
        assertThat(compactedMembers()).isEqualTo(expectedMembers());
    }

    /**
     * Under at-least-once an offset flush comes every {@code offset.flush.interval.ms} (60 s by
     * default): a sweep that waited for one at every groups page would spend most of its time
     * waiting. A sweep of an unchanged directory lists every page and every group's members, and
     * completes, with no flush at all.
     */
    @Test
    void aSweepOfAnUnchangedDirectoryListsEveryPageWithoutWaitingForAnOffsetFlush() throws Exception {
        directory.populate(9, 2);
        driver.runUntil(flushingEachStep(1));
        simulator.requestLog().clear();

        long completed = driver.completedSweeps();
        for (int step = 0; step < 300 && membersListed() < 9; step++) {
            driver.step();
        }
        assertThat(groupsPagesRequested()).as("groups pages requested with no offset flush").isEqualTo(3);
        assertThat(membersListed()).as("groups whose members were listed with no offset flush").isEqualTo(9);
        for (int step = 0; step < 300 && driver.completedSweeps() == completed; step++) {
            driver.step();
        }
        assertThat(driver.completedSweeps()).as("sweeps completed with no offset flush").isEqualTo(completed + 1);
    }

    private long groupsPagesRequested() {
        return simulator.requestLog().count(Endpoint.LIST_GROUPS);
    }

    private long membersListed() {
        return simulator.requestLog().entries().stream().filter(e -> e.endpoint() == Endpoint.LIST_MEMBERS)
                .map(RequestLog.Entry::path).distinct().count();
    }

    /** Only changes that a crash under at-least-once can never turn into a phantom: no removals. */
    private void grow(Random random) {
        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        switch (random.nextInt(3)) {
            case 0 -> {
                String g = directory.createGroup("new" + random.nextInt(1_000_000));
                for (int i = 0; i < 1 + random.nextInt(4); i++) {
                    directory.addMember(g, "m" + random.nextInt(1_000_000) + "@example.com");
                }
            }
            case 1 -> directory.addMember(ids.get(random.nextInt(ids.size())),
                    "late" + random.nextInt(1_000_000) + "@example.com");
            default -> directory.renameGroup(ids.get(random.nextInt(ids.size())), "renamed" + random.nextInt(1000));
        }
    }

    /**
     * Every membership in a stored member bucket is restored, or found when its group is met again
     * (a crash kept the bucket and lost the index entry naming the group).
     */
    private void assertNoOrphanedMembership() {
        long stored = 0;
        Set<String> groupsWithBuckets = new HashSet<>();
        for (Map.Entry<Map<String, Object>, Map<String, Object>> e : driver.offsets.entrySet()) {
            if (StatePartitions.KIND_MEMBERS.equals(e.getKey().get(StatePartitions.KIND))) {
                long[] entries = {0};
                MemberEntries.forEach("members", e.getValue(), (userId, fp, fd) -> entries[0]++);
                stored += entries[0];
                groupsWithBuckets.add((String) e.getKey().get(StatePartitions.GROUP_ID));
            }
        }
        DirectoryState restored = DirectoryState.load(partitions -> {
            Map<Map<String, Object>, Map<String, Object>> result = new HashMap<>();
            partitions.forEach(p -> result.put(p, driver.offsets.get(p)));
            return result;
        });
        restored.adoptStored(groupsWithBuckets);
        assertThat(restored.membershipCount()).as("memberships a restarted task can find").isEqualTo(stored);
    }

    private java.util.function.BooleanSupplier flushingEachStep(long sweeps) {
        return () -> {
            driver.flush();
            return driver.completedSweeps() >= sweeps;
        };
    }

}
