package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.GroupChangeTransactions;
import io.complianceconnect.groups.GroupChangeTransactions.Entry;
import io.complianceconnect.groups.GroupChangeTransactions.Kind;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.state.StatePartitions;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Where the engine ends transactions when the connector defines them: one per group change, however
 * many pages and polls it takes; sweep events and checkpoints in their own; the bound on records.
 * The driver commits as the exactly-once worker does: offsets and acknowledgements only when a
 * transaction ends, so a step that waited inside a change would stall the test.
 */
class ConnectorTransactionsTest extends SimulatedEngineTest {

    private static final int PAGE_SIZE = 3;

    ConnectorTransactionsTest() {
        super("transactions-key", 43);
    }

    /** Polls of many steps, as the task's: a transaction's end must end its poll. */
    private EngineDriver driver(int maxRecords) {
        return driver(maxRecords, 2_000);
    }

    /** @param pollRecordLimit 0: one step a poll, for a test that stops the task between two steps of one change */
    private EngineDriver driver(int maxRecords, int pollRecordLimit) {
        return EngineDriver.builder(simulator.baseUrl(), key(), EngineDriver.settings(PAGE_SIZE)
                        .withTransactionMaxRecords(maxRecords))
                .recording().connectorTransactions().pollsUpTo(pollRecordLimit).maxBlock(Duration.ofMillis(200))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5))
                        .backoffMax(Duration.ofMillis(20)))
                .build();
    }

    @Test
    void eachGroupsSnapshotAndEachLaterChangeIsOneTransactionWhateverItsPages() throws Exception {
        directory.populate(5, i -> i == 2 ? 11 : i);   // group 2 takes four member pages; group 0 has none
        driver = driver(10_000);

        driver.runSweeps(1);
        GroupChangeTransactions snapshot = check();
        for (SimGroup g : directory.groups()) {
            GroupChangeTransactions.Change change = snapshot.change(g.id(), 1);
            assertThat(change.count(Kind.GROUP, "SNAPSHOT")).isEqualTo(1);
            assertThat(change.count(Kind.MEMBER, "SNAPSHOT")).as(g.id()).isEqualTo(directory.members(g.id()).size());
        }

        List<SimGroup> groups = directory.groups();
        String deleted = groups.get(3).id();
        int deletedMembers = directory.members(deleted).size();
        String large = groups.get(2).id();
        SimMember leaving = directory.members(large).get(4);
        directory.deleteGroup(deleted);
        String created = directory.createGroup("Created between sweeps");
        for (int i = 0; i < 7; i++) {
            directory.addMember(created, "new" + i + "@example.com");
        }
        directory.removeMember(large, leaving.userId());
        directory.addMember(large, "joiner@example.com");
        directory.renameGroup(large, "Renamed while its members changed");

        driver.runSweeps(1);
        GroupChangeTransactions second = check();
        second.assertScriptedChanges(2, deleted, deletedMembers, created, 7, large);
        assertThat(driver.openTransaction()).as("nothing left uncommitted after a completed sweep").isEmpty();
    }

    @Test
    void sweepEventsAndTheCursorAreInTransactionsWithoutChanges() throws Exception {
        directory.populate(4, i -> 4);
        driver = driver(10_000);

        driver.runSweeps(2);

        assertThat(check().violations()).isEmpty();
        for (List<SourceRecord> transaction : driver.transactions) {
            boolean changes = transaction.stream().anyMatch(r -> !"sweeps".equals(r.topic()));
            boolean cursor = transaction.stream().anyMatch(r -> r.sourcePartition().equals(StatePartitions.cursor()));
            assertThat(changes && cursor).as("a transaction with changes stores no cursor: " + transaction).isFalse();
        }
    }

    @Test
    void aChangeLargerThanTheBoundIsSplitAfterThePageThatReachedIt() throws Exception {
        directory.populate(1, i -> 14);   // the group record and 14 memberships: five pages of three
        driver = driver(4);

        driver.runSweeps(1);

        List<List<SourceRecord>> withChanges = driver.transactions.stream()
                .filter(t -> t.stream().anyMatch(r -> !"sweeps".equals(r.topic()))).toList();
        assertThat(withChanges).hasSizeGreaterThan(1);
        for (List<SourceRecord> t : withChanges.subList(0, withChanges.size() - 1)) {
            long changes = t.stream().filter(r -> !"sweeps".equals(r.topic())).count();
            assertThat(t.size()).as("at least the bound, at most one page beyond it").isBetween(4, 4 + PAGE_SIZE);
            assertThat(changes).isPositive();
        }
        assertThat(withChanges.stream().mapToLong(t -> t.stream().filter(r -> "members".equals(r.topic())).count())
                .sum()).isEqualTo(14);
        assertThat(driver.openTransaction()).isEmpty();
    }

    @Test
    void aTaskStoppedInsideAChangeLosesItWholeAndItsRestartEmitsItWholeAgain() throws Exception {
        directory.populate(2, i -> 10);
        driver = driver(10_000, 0);
        driver.runUntil(() -> driver.completedSweeps() > 0
                || driver.openTransaction().stream().filter(r -> "members".equals(r.topic())).count() >= 4);
        assertThat(driver.completedSweeps()).as("stopped inside a group's change, four memberships in").isZero();

        driver.restart();   // the worker aborts the open transaction
        driver.runSweeps(1);

        GroupChangeTransactions committed = check();
        for (SimGroup g : directory.groups()) {
            assertThat(committed.change(g.id(), 1).count(Kind.MEMBER, "SNAPSHOT")).isEqualTo(10);
        }
    }

    /**
     * A group's change followed by a long listing of unchanged members (a rename of a large group)
     * stays within the producer's transaction timeout: Kafka would abort it, fail the task, and the
     * restart would repeat the same listing. 1 s a poll against a 10 s timeout, then the realistic
     * ratio: Kafka's default 60 s timeout, 200 ms a poll (five requests a second) and 400 member pages.
     */
    @ParameterizedTest(name = "timeout {0} s, {1} ms a poll, {2} members")
    @CsvSource({"10, 1000, 30", "60, 200, 1200"})
    void noTransactionStaysOpenLongerThanHalfTheProducersTransactionTimeout(int timeoutSeconds, int pollMs,
                                                                             int members) throws Exception {
        directory.populate(1, i -> members);
        String group = directory.groups().get(0).id();
        Duration timeout = Duration.ofSeconds(timeoutSeconds);
        MutableClock clock = MutableClock.running();
        driver = timedDriver(clock, timeout, pollMs);

        driver.runSweeps(1);
        directory.renameGroup(group, "Renamed, its members unchanged");
        driver.runSweeps(1);

        assertThat(driver.transactionSpans).as("each transaction's time open, the engine's clock")
                .allSatisfy(span -> assertThat(span).isLessThanOrEqualTo(timeout.dividedBy(2).plusMillis(pollMs + 500L)));
        assertThat(driver.compacted("groups").get(group).getString("name")).isEqualTo("Renamed, its members unchanged");
        assertThat(driver.compacted("members")).hasSize(members);
        assertThat(driver.openTransaction()).isEmpty();
    }

    /**
     * A pause in the middle of a group's change (the upgrade procedure pauses the connector): the
     * worker commits at a pause only what the task asked to commit, so the change's transaction stays
     * open. Shorter than the timeout, the transaction ends at the first poll after it (it has been open
     * for more than half the timeout) and the change goes on; longer, the coordinator aborts it, the
     * task fails and its restart makes the whole change again: each membership committed once.
     */
    @ParameterizedTest(name = "paused {0} s")
    @CsvSource({"40, false", "300, true"})
    void aPauseInsideAGroupsChangeLosesNothingAndCommitsNothingTwice(int pauseSeconds, boolean aborted)
            throws Exception {
        directory.populate(2, i -> 10);
        Duration timeout = SweepSettings.TRANSACTION_TIMEOUT_DEFAULT;
        MutableClock clock = MutableClock.running();
        driver = timedDriver(clock, timeout, 200);
        driver.runUntil(() -> driver.openTransaction().stream().filter(r -> "members".equals(r.topic())).count() >= 4);

        assertThat(driver.pauseAndResume(clock, Duration.ofSeconds(pauseSeconds), timeout)).isEqualTo(aborted);
        int committedBefore = driver.transactions.size();
        driver.runSweeps(1);

        if (!aborted) {
            assertThat(driver.transactions.size()).as("the first poll after the pause ended it").isGreaterThan(
                    committedBefore);
            assertThat(driver.transactionSpans.get(committedBefore)).isLessThan(timeout);
        }
        GroupChangeTransactions committed = new GroupChangeTransactions(driver.transactions.stream()
                .map(t -> t.stream().map(ConnectorTransactionsTest::entry).toList()).toList());
        for (SimGroup g : directory.groups()) {
            assertThat(committed.change(g.id(), 1).count(Kind.MEMBER, "SNAPSHOT")).as(g.id()).isEqualTo(10);
        }
        assertThat(driver.compacted("members")).hasSize(20);
    }

    /** Connector-defined transactions, the producer's timeout {@code timeout}, the clock moved on each poll. */
    private EngineDriver timedDriver(MutableClock clock, Duration timeout, int pollMs) {
        return EngineDriver.builder(simulator.baseUrl(), key(), EngineDriver.settings(PAGE_SIZE)
                        .withTransactionTimeout(timeout))
                .recording().connectorTransactions().clock(clock).maxBlock(Duration.ofMillis(200))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5))
                        .backoffMax(Duration.ofMillis(20)))
                .observer(new EngineDriver.Observer() {
                    @Override
                    public void beforePoll(SweepEngine engine) {
                        clock.advance(Duration.ofMillis(pollMs));
                    }

                    @Override
                    public void polled(SweepEngine engine, List<SourceRecord> records) {
                    }
                })
                .build();
    }

    @Test
    void withoutConnectorDefinedTransactionsTheEngineNeverEndsOne() throws Exception {
        directory.populate(3, i -> 5);
        driver = new EngineDriver(simulator, key(), EngineDriver.settings(PAGE_SIZE));
        boolean completed = false;
        for (int i = 0; i < 500 && !completed; i++) {
            SweepEngine.Step step = driver.engine.nextStep(Duration.ofMillis(200));
            assertThat(step.endsTransaction()).isFalse();
            step.records().forEach(driver.engine::acknowledged);
            completed = step.records().stream().anyMatch(r -> "sweeps".equals(r.topic())
                    && "SWEEP_COMPLETED".equals(((Struct) r.value()).getString("event")));
        }
        assertThat(completed).as("a whole sweep was stepped through").isTrue();
    }

    private GroupChangeTransactions check() {
        GroupChangeTransactions check = new GroupChangeTransactions(driver.transactions.stream()
                .map(t -> t.stream().map(ConnectorTransactionsTest::entry).toList()).toList());
        assertThat(check.violations()).isEmpty();
        return check;
    }

    static Entry entry(SourceRecord r) {
        Struct key = (Struct) r.key();
        Struct value = (Struct) r.value();
        return switch (r.topic()) {
            case "sweeps" -> new Entry(Kind.SWEEP_EVENT, null, key.getString("connector"), null,
                    value.getInt64("sweep"), value.getString("event"));
            case "groups" -> new Entry(Kind.GROUP, key.getString("id"), key.getString("id"),
                    value == null ? null : value.getString("change_type"), value == null ? null : value.getInt64("sweep"),
                    null);
            default -> new Entry(Kind.MEMBER, key.getString("group_id"), EngineDriver.keyText(r),
                    value == null ? null : value.getString("change_type"), value == null ? null : value.getInt64("sweep"),
                    null);
        };
    }
}
