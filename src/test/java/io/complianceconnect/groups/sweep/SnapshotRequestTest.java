package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A re-snapshot on request ({@code snapshot.request}, {@code snapshot.request.groups}): the next sweep
 * emits what it covers as SNAPSHOT even when unchanged, once per request, while deletions and changes
 * are detected as in any sweep; a restart mid-way resumes it, a restart after it does not repeat it.
 */
@Timeout(120)
class SnapshotRequestTest extends SimulatedEngineTest {

    private static final String KEY = "snapshot-request-key";

    SnapshotRequestTest() {
        super(KEY, 23);
    }

    /** Sweeps back to back, 2-row pages (so member listings take several pages), no request yet. */
    private EngineDriver replicated(int groups, int members) throws InterruptedException {
        directory.populate(groups, members);
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(2));
        driver.runSweeps(1);
        return driver;
    }

    private static SweepSettings requesting(String value, String... groups) {
        return EngineDriver.settings(2).withSnapshotRequest(new SnapshotRequest(value, Set.of(groups)));
    }

    @Test
    void everyUnchangedGroupAndMembershipIsEmittedAsSnapshotOncePerRequest() throws Exception {
        replicated(5, 4);
        driver.restartWith(requesting("2026-01-01 after the topic lost data"));
        int mark = driver.delivered.size();
        driver.runSweeps(1);

        List<String> changes = driver.changesSince(mark);
        assertThat(changes).as("every group and membership once, as SNAPSHOT")
                .doesNotHaveDuplicates()
                .containsExactlyInAnyOrderElementsOf(everyEntityAs("SNAPSHOT"));
        assertThat(carriedRequests(mark)).as("the sweep's events say which request it carries")
                .containsEntry("SWEEP_STARTED", Set.of("2026-01-01 after the topic lost data"))
                .containsEntry("SWEEP_COMPLETED", Set.of("2026-01-01 after the topic lost data"));

        int after = driver.delivered.size();
        driver.runSweeps(2);
        assertThat(driver.changesSince(after)).as("handled once: the next sweeps emit nothing").isEmpty();
        assertThat(carriedRequests(after)).as("and carry no request").isEmpty();
    }

    @Test
    void theGroupsSettingLimitsTheReSnapshotToTheNamedGroups() throws Exception {
        replicated(5, 3);
        List<SimGroup> groups = directory.groups();
        String first = groups.get(0).id();
        String third = groups.get(2).id();
        driver.restartWith(requesting("only two", first, third));
        int mark = driver.delivered.size();
        driver.runSweeps(1);

        List<String> expected = new ArrayList<>();
        for (String id : List.of(first, third)) {
            expected.add("SNAPSHOT " + id);
            directory.members(id).forEach(m -> expected.add("SNAPSHOT " + id + "/" + m.userId()));
        }
        assertThat(driver.changesSince(mark)).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void deletionsAndChangesAroundTheRequestAreEmittedAsSuch() throws Exception {
        replicated(5, 4);
        List<SimGroup> groups = directory.groups();
        String shrinking = groups.get(0).id();
        SimMember leaving = directory.members(shrinking).get(1);
        String doomed = groups.get(1).id();
        List<SimMember> doomedMembers = directory.members(doomed);
        String renamed = groups.get(2).id();
        String lastGroup = groups.get(4).id();
        SimMember leavingLater = directory.members(lastGroup).get(3);
        directory.removeMember(shrinking, leaving.userId());
        directory.deleteGroup(doomed);
        directory.renameGroup(renamed, "renamed during the re-snapshot");

        driver.restartWith(requesting("r1"));
        int mark = driver.delivered.size();
        for (int i = 0; i < 6; i++) {
            driver.step();
        }
        directory.removeMember(lastGroup, leavingLater.userId());   // while the re-snapshot runs, before its group
        driver.runSweeps(1);

        List<String> changes = driver.changesSince(mark);
        assertThat(changes).contains("DELETED " + shrinking + "/" + leaving.userId(),
                "DELETED " + doomed, "UPDATED " + renamed, "DELETED " + lastGroup + "/" + leavingLater.userId());
        doomedMembers.forEach(m -> assertThat(changes).contains("DELETED " + doomed + "/" + m.userId()));
        List<String> snapshots = changes.stream().filter(c -> c.startsWith("SNAPSHOT ")).toList();
        List<String> expected = new ArrayList<>(everyEntityAs("SNAPSHOT"));
        expected.remove("SNAPSHOT " + renamed);   // a real change keeps its type
        assertThat(snapshots).as("everything else, unchanged, as SNAPSHOT").containsExactlyInAnyOrderElementsOf(expected);
        assertReplicaEqualsDirectory();
    }

    @Test
    void aRestartAfterTheReSnapshotDoesNotRepeatIt() throws Exception {
        replicated(4, 3);
        driver.restartWith(requesting("once"));
        driver.runSweeps(1);
        driver.restart();   // same configuration, as Connect restarts a task
        int mark = driver.delivered.size();
        driver.runSweeps(2);
        assertThat(driver.changesSince(mark)).isEmpty();
        assertThat(carriedRequests(mark)).isEmpty();
    }

    @Test
    void aRestartMidWayResumesTheSameSweepWithoutReEmittingWhatItDid() throws Exception {
        replicated(12, 3);
        driver.restartWith(requesting("mid-way"));
        int mark = driver.delivered.size();
        stepUntilReEmitted(mark, 6);
        long sweep = driver.engine().cursor().sweep();
        long listingsBefore = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        driver.restart();
        int restartMark = driver.delivered.size();
        driver.runSweeps(1);

        assertThat(simulator.requestLog().entries().stream().filter(e -> e.endpoint() == Endpoint.LIST_GROUPS)
                .skip(listingsBefore).findFirst().orElseThrow().query())
                .as("the sweep that carries the request resumes from its stored page").containsKey("page");
        assertThat(driver.completedSweeps()).isEqualTo(sweep);
        Set<String> again = snapshotGroups(mark, restartMark);
        again.retainAll(snapshotGroups(restartMark, driver.delivered.size()));
        assertThat(again).as("groups re-emitted before the restart are not re-emitted after it, but those of the "
                + "groups page under way, whose sync marks are stored with the next page").hasSizeLessThanOrEqualTo(2);
        assertThat(snapshotGroups(mark, driver.delivered.size())).as("every group re-emitted in all").hasSize(12);
        assertThat(new HashSet<>(driver.changesSince(mark))).containsAll(everyEntityAs("SNAPSHOT"));
        assertThat(carriedRequests(restartMark)).containsEntry("SWEEP_COMPLETED", Set.of("mid-way"));

        int done = driver.delivered.size();
        driver.restart();
        driver.runSweeps(1);
        assertThat(driver.changesSince(done)).isEmpty();
    }

    @Test
    void aNewValueWhileOneIsInProgressStartsANewReSnapshot() throws Exception {
        replicated(8, 3);
        driver.restartWith(requesting("first"));
        int mark = driver.delivered.size();
        stepUntilReEmitted(mark, 3);
        driver.restartWith(requesting("second"));
        int restartMark = driver.delivered.size();
        driver.runSweeps(2);

        assertThat(carriedRequests(restartMark)).as("the first is dropped, the second carried by the next sweep")
                .containsEntry("SWEEP_STARTED", Set.of("second")).containsEntry("SWEEP_COMPLETED", Set.of("second"));
        int secondStarted = indexOfEvent(restartMark, "SWEEP_STARTED", "second");
        assertThat(driver.changesSince(secondStarted)).containsExactlyInAnyOrderElementsOf(everyEntityAs("SNAPSHOT"));
    }

    @Test
    void atLeastOnceARestartBeforeAnyFlushLosesNoRequest() throws Exception {
        directory.populate(6, 3);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, EngineDriver.settings(2)).recording().atLeastOnce()
                .maxBlock(Duration.ofMillis(200))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5))
                        .backoffMax(Duration.ofMillis(20))).build();
        driver.runSweeps(1);
        driver.flush();
        driver.restartWith(requesting("at least once"));
        for (int i = 0; i < 10; i++) {
            driver.step();
        }
        driver.restart();   // a crash: nothing of the re-snapshot was flushed
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(new HashSet<>(driver.changesSince(mark))).as("the request is carried out all the same")
                .containsAll(everyEntityAs("SNAPSHOT"));

        driver.flush();
        driver.restart();   // once its completion is flushed, the request is handled for good
        int done = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(done)).isEmpty();
    }

    @Test
    void atLeastOnceAGracefulRestartAfterItCompletedDoesNotRepeatIt() throws Exception {
        directory.populate(5, 2);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, EngineDriver.settings(2)).recording().atLeastOnce()
                .maxBlock(Duration.ofMillis(200))
                .client(b -> b.requestsPerMinute(0).backoffInitial(Duration.ofMillis(5))
                        .backoffMax(Duration.ofMillis(20))).build();
        driver.runSweeps(1);
        driver.flush();
        driver.restartWith(requesting("graceful"));
        driver.runSweeps(1);   // no periodic flush happened in between (a 20-60 s flush interval)
        driver.restartAfterFinalFlush();
        int mark = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(mark)).isEmpty();
    }

    /**
     * The feed refreshes a group the carrying sweep holds but has not synced: the refresh re-emits its
     * memberships (the sweep then skips the group as synced), so each is emitted once all the same.
     */
    @Test
    void aGroupTheFeedRefreshesDuringTheReSnapshotIsReEmittedByTheRefreshOnce() throws Exception {
        directory.populate(3, i -> i < 2 ? 60 : 2);   // two groups of 20 member pages, then a small one
        String held = directory.groups().get(2).id();
        MutableClock clock = MutableClock.running();
        Duration interval = Duration.ofHours(1);
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", 3, true, interval,
                Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, Duration.ofMillis(20), Duration.ofSeconds(2))
                .withRefreshes(Duration.ofMinutes(10), SweepSettings.DEFAULT_REFRESH_SHARE);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording().clock(clock)
                .maxBlock(Duration.ofMillis(50)).client(b -> b.requestsPerMinute(0)).build();
        driver.runSweeps(1);
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS, Fault.latency(Duration.ofMillis(20)));
        long groupsPages = simulator.requestLog().count(Endpoint.LIST_GROUPS);
        driver.restartWith(settings.withSnapshotRequest(new SnapshotRequest("with the feed", Set.of())));
        int mark = driver.delivered.size();
        driver.runUntil(() -> simulator.requestLog().count(Endpoint.LIST_GROUPS) > groupsPages, Duration.ofSeconds(30));
        clock.advance(Duration.ofSeconds(5));
        directory.renameGroup(held, "Renamed during the re-snapshot");
        driver.runUntil(() -> driver.changesSince(mark).contains("UPDATED " + held), Duration.ofSeconds(30));
        assertThat(snapshotGroups(mark)).as("refreshed before the sweep reached it").hasSizeLessThan(2);
        driver.runSweeps(1);

        List<String> changes = driver.changesSince(mark);
        List<String> expected = new ArrayList<>(everyEntityAs("SNAPSHOT"));
        expected.remove("SNAPSHOT " + held);
        assertThat(changes.stream().filter(c -> c.startsWith("SNAPSHOT ")))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(changes).containsOnlyOnce("UPDATED " + held);
    }

    /** Steps until {@code groups} groups were emitted as SNAPSHOT since {@code from}. */
    private void stepUntilReEmitted(int from, int groups) throws InterruptedException {
        for (int i = 0; snapshotGroups(from).size() < groups; i++) {
            if (i > 2_000 || driver.completedSweeps() > 1 + driver.engine().cursor().sweep()) {
                throw new AssertionError("fewer than " + groups + " groups re-emitted as SNAPSHOT after " + i + " steps");
            }
            driver.step();
        }
    }

    private List<String> everyEntityAs(String type) {
        List<String> all = new ArrayList<>();
        for (SimGroup g : directory.groups()) {
            all.add(type + " " + g.id());
            directory.members(g.id()).forEach(m -> all.add(type + " " + g.id() + "/" + m.userId()));
        }
        return all;
    }

    /** The groups emitted as SNAPSHOT since {@code from}. */
    private Set<String> snapshotGroups(int from) {
        return snapshotGroups(from, driver.delivered.size());
    }

    private Set<String> snapshotGroups(int from, int to) {
        Set<String> ids = new TreeSet<>();
        for (String c : driver.changes(driver.delivered.subList(from, to))) {
            if (c.startsWith("SNAPSHOT ") && !c.contains("/")) {
                ids.add(c.substring("SNAPSHOT ".length()));
            }
        }
        return ids;
    }

    /** Sweep events since {@code from} that carry a request: event type → the requests they carry. */
    private Map<String, Set<String>> carriedRequests(int from) {
        Map<String, Set<String>> byEvent = new TreeMap<>();
        for (SourceRecord r : driver.delivered.subList(from, driver.delivered.size())) {
            String request = snapshotRequestOf(r);
            if (request != null) {
                byEvent.computeIfAbsent(((Struct) r.value()).getString("event"), e -> new TreeSet<>()).add(request);
            }
        }
        return byEvent;
    }

    private int indexOfEvent(int from, String event, String request) {
        for (int i = from; i < driver.delivered.size(); i++) {
            SourceRecord r = driver.delivered.get(i);
            if (request.equals(snapshotRequestOf(r)) && event.equals(((Struct) r.value()).getString("event"))) {
                return i;
            }
        }
        throw new AssertionError("no " + event + " carrying " + request);
    }

    private String snapshotRequestOf(SourceRecord r) {
        if (!"sweeps".equals(r.topic())) {
            return null;
        }
        Struct value = (Struct) r.value();
        return value.schema().field("snapshot_request") == null ? null : value.getString("snapshot_request");
    }

    private void assertReplicaEqualsDirectory() {
        Map<String, String> expectedGroups = new TreeMap<>();
        directory.groups().forEach(g -> expectedGroups.put(g.id(), g.name()));
        Map<String, String> actualGroups = new TreeMap<>();
        driver.compacted("groups").forEach((k, v) -> actualGroups.put(k, v.getString("name")));
        assertThat(actualGroups).isEqualTo(expectedGroups);
        assertThat(compactedMembers()).isEqualTo(expectedMembers());
    }
}
