package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.RequestLog;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Supplier;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-based test of the whole connector on an in-process Kafka and Connect cluster: seeded random rounds
 * of directory changes (groups created, renamed, renamed out of the replicated name prefix, updated and
 * deleted; members added, removed and given new emails), API faults (5xx, 429, cut-off bodies, dropped
 * connections, slow answers) and connector restarts (stop/resume, and now and then the loss of the worker
 * running the task). After each round, once a full sweep that started after the round's last change has
 * completed:
 * <ul>
 *   <li>the compacted topics equal the directory (the groups under the prefix and their members), and</li>
 *   <li>every DELETED record so far is for a group or membership that had left the directory before the
 *       record's {@code observed_at}: nothing still present is ever reported deleted. The test keeps the
 *       time each entity left, and never brings an entity back under the same key, so the check is exact.</li>
 * </ul>
 * {@code -Dmodel.seed=S} replays a seed (printed on failure; timing still varies), {@code -Dmodel.iterations=N}
 * runs N rounds instead of the default 8 (about a minute).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomizedDirectoryIT {

    private static final Logger log = LoggerFactory.getLogger(RandomizedDirectoryIT.class);

    private static final int DEFAULT_ITERATIONS = 8;
    private static final String PREFIX = "Team ";
    /** Small pages, so that many groups' members take several pages. */
    private static final int PAGE_SIZE = 3;
    private static final Duration QUIESCENCE_TIMEOUT = Duration.ofSeconds(90);
    /** Counted faults queued per endpoint in one round, below the connector's retries per request (10). */
    private static final int MAX_FAULTS_PER_ENDPOINT = 6;

    private final long seed = Long.getLong("model.seed", new Random().nextLong());
    private final int iterations = Integer.getInteger("model.iterations", DEFAULT_ITERATIONS);

    private ConnectHarness harness;
    private Directory directory;
    private Random random;
    private TopicReplica replica;

    /** When each group id or "groupId/userId" left the replicated view (deleted, removed, renamed out). */
    private final Map<String, Instant> leftAt = new HashMap<>();
    /** Memberships that ever existed: a removed member never rejoins the same group, so keys never come back. */
    private final Set<String> everMember = new HashSet<>();
    /** Current email of every user the test created. */
    private final Map<String, String> emails = new LinkedHashMap<>();
    private int nameCounter;
    private boolean workerReplaced;

    @BeforeAll
    void startCluster() {
        harness = new ConnectHarness(2, false);
        directory = harness.simulator.directory();
        random = new Random(seed);
        log.info("RandomizedDirectoryIT: seed {} ({} rounds)", seed, iterations);
    }

    @AfterAll
    void stopCluster() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void replicaConvergesOnTheDirectoryAndNothingPresentIsEverDeleted() throws Exception {
        try {
            populate();
            Map<String, String> config = harness.connectorConfig();
            config.put(ComplianceGroupsSourceConnectorConfig.GROUP_NAME_PREFIX, PREFIX);
            config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, String.valueOf(PAGE_SIZE));
            // Sweeps back to back, so that changes land in the middle of sweeps (listings shift under them).
            config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "0");
            // A cut-off body stalls until this timeout before it is retried; keep the rounds short.
            config.put(ComplianceGroupsSourceConnectorConfig.REQUEST_TIMEOUT_MS, "2000");
            harness.startConnector(config);
            replica = harness.replica();
            awaitQuiescenceAndCheck("snapshot", Instant.EPOCH);

            for (int round = 1; round <= iterations; round++) {
                List<String> steps = runRound();
                harness.simulator.faults().clear();
                Instant lastChange = Instant.now();
                awaitQuiescenceAndCheck("round " + round + " " + steps, lastChange);
            }
        } catch (Throwable failure) {
            throw new AssertionError("RandomizedDirectoryIT failed with -Dmodel.seed=" + seed
                    + " (-Dmodel.iterations=" + iterations + "): " + failure.getMessage(), failure);
        }
    }

    // ---- the model's steps -------------------------------------------------------------------

    private void populate() {
        for (int i = 0; i < 8; i++) {
            createGroup(PREFIX);
        }
        // Groups outside the prefix: never replicated, whatever happens to them.
        for (int i = 0; i < 2; i++) {
            String id = directory.createGroup("Other " + i);
            directory.addMember(id, newEmail());
        }
    }

    /** One round of random steps; returns their names for the failure message. */
    private List<String> runRound() throws Exception {
        List<String> steps = new ArrayList<>();
        Map<Endpoint, Integer> faultsQueued = new EnumMap<>(Endpoint.class);
        int count = 4 + random.nextInt(8);
        for (int i = 0; i < count; i++) {
            int draw = random.nextInt(100);
            if (draw < 50) {
                steps.add(mutate());
            } else if (draw < 52) {
                steps.add(burstDuringSlowListings());
            } else if (draw < 60) {
                steps.add(removeAMemberBetweenPagesOfItsGroup());
            } else if (draw < 80) {
                steps.add(injectFault(faultsQueued));
            } else if (draw < 90) {
                steps.add(restart());
            } else {
                long pause = random.nextInt(1500);
                Thread.sleep(pause);   // lets the connector get into (or through) a sweep
                steps.add("pause " + pause + "ms");
            }
        }
        return steps;
    }

    private String mutate() {
        List<SimGroup> inView = groupsInView();
        int draw = random.nextInt(100);
        if (inView.isEmpty() || draw < 12) {
            return "create " + createGroup(PREFIX);
        }
        SimGroup group = inView.get(random.nextInt(inView.size()));
        List<SimMember> members = directory.members(group.id());
        if (draw < 20) {
            directory.renameGroup(group.id(), PREFIX + "renamed " + (++nameCounter));
            return "rename " + group.id();
        }
        if (draw < 26) {
            leaves(group.id(), members);
            directory.renameGroup(group.id(), "Archived " + group.name());
            return "rename-out " + group.id();
        }
        if (draw < 34) {
            leaves(group.id(), members);
            directory.deleteGroup(group.id());
            return "delete " + group.id();
        }
        if (draw < 40) {
            directory.updateGroup(group.id(), "description " + random.nextInt(1000),
                    random.nextBoolean() ? null : List.of("role_" + random.nextInt(5)));
            return "update " + group.id();
        }
        if (draw < 62) {
            return "add-member " + addMember(group.id());
        }
        if (draw < 82 && !members.isEmpty()) {
            SimMember leaving = members.get(random.nextInt(members.size()));
            leftAt.putIfAbsent(leaving.groupId() + "/" + leaving.userId(), Instant.now());
            directory.removeMember(group.id(), leaving.userId());
            return "remove-member " + leaving.groupId() + "/" + leaving.userId();
        }
        if (!members.isEmpty()) {
            String userId = members.get(random.nextInt(members.size())).userId();
            String email = newEmail();
            directory.updateMemberEmail(userId, email);
            emails.put(userId, email);
            return "email " + userId;
        }
        return "add-member " + addMember(group.id());
    }

    /**
     * Slows the next member pages down and changes the directory meanwhile, so that pages shift under a
     * listing in progress: the case where a member or group missing from one listing is still there.
     */
    private String burstDuringSlowListings() throws InterruptedException {
        harness.simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.latency(Duration.ofMillis(200)), 3);
        List<String> changes = new ArrayList<>();
        for (int i = 0, n = 2 + random.nextInt(3); i < n; i++) {
            Thread.sleep(random.nextInt(250));
            changes.add(mutate());
        }
        return "burst " + changes;
    }

    /**
     * The adversary's move against offset paging: right after the connector read the first member page of a
     * group with more than one page, one of those first members leaves, while the next page request is held
     * back by a latency fault. The next page then starts one member later than it should, so a member who
     * stays in the group is missing from this listing.
     */
    private String removeAMemberBetweenPagesOfItsGroup() throws InterruptedException {
        // Every member page waits, so the page after the one just seen is computed after the removal.
        // (Clearing afterwards also drops faults queued earlier in the round.)
        harness.simulator.faults().injectAlways(Endpoint.LIST_MEMBERS, Fault.latency(Duration.ofMillis(300)));
        try {
            return raceTheNextMemberPage();
        } finally {
            harness.simulator.faults().clear();
        }
    }

    private String raceTheNextMemberPage() throws InterruptedException {
        int seen = harness.simulator.requestLog().entries().size();
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (System.nanoTime() < deadline) {
            List<RequestLog.Entry> entries = harness.simulator.requestLog().entries();
            for (RequestLog.Entry e : entries.subList(Math.min(seen, entries.size()), entries.size())) {
                if (e.endpoint() != Endpoint.LIST_MEMBERS || e.status() != 200 || e.query().containsKey("page")) {
                    continue;
                }
                String groupId = e.path().split("/")[4];
                boolean inView = groupsInView().stream().anyMatch(g -> g.id().equals(groupId));
                List<SimMember> members = inView ? directory.members(groupId) : List.of();
                if (members.size() > PAGE_SIZE) {
                    SimMember leaving = members.get(random.nextInt(PAGE_SIZE));
                    leftAt.putIfAbsent(groupId + "/" + leaving.userId(), Instant.now());
                    directory.removeMember(groupId, leaving.userId());
                    return "remove-member between pages " + groupId + "/" + leaving.userId();
                }
            }
            seen = entries.size();
            Thread.sleep(5);
        }
        return "no multi-page member listing to race";
    }

    private String createGroup(String prefix) {
        String id = directory.createGroup(prefix + "group " + (++nameCounter), "", random.nextBoolean() ? "scim" : "direct",
                List.of());
        for (int i = 0, n = random.nextInt(8); i < n; i++) {
            addMember(id);
        }
        return id;
    }

    /** A new user, or (half the time) a known user who was never in this group. */
    private String addMember(String groupId) {
        List<String> candidates = emails.keySet().stream().filter(u -> !everMember.contains(groupId + "/" + u)).toList();
        String userId;
        if (!candidates.isEmpty() && random.nextBoolean()) {
            userId = candidates.get(random.nextInt(candidates.size()));
            directory.addMember(groupId, userId, emails.get(userId));
        } else {
            String email = newEmail();
            userId = directory.addMember(groupId, email);
            emails.put(userId, email);
        }
        everMember.add(groupId + "/" + userId);
        return groupId + "/" + userId;
    }

    /** Records that a group and its memberships leave the view now (before the change is made). */
    private void leaves(String groupId, List<SimMember> members) {
        Instant now = Instant.now();
        leftAt.putIfAbsent(groupId, now);
        members.forEach(m -> leftAt.putIfAbsent(groupId + "/" + m.userId(), now));
    }

    private String injectFault(Map<Endpoint, Integer> queued) {
        Endpoint endpoint = Endpoint.values()[random.nextInt(Endpoint.values().length)];
        List<Supplier<Fault>> kinds = List.of(
                () -> Fault.status(500, "api_error"),
                () -> Fault.status(503, "overloaded_error"),
                () -> Fault.status(529, "overloaded_error"),
                () -> Fault.rateLimited(random.nextBoolean() ? 0 : null),
                Fault::connectionReset,
                Fault::truncatedBody,
                () -> Fault.latency(Duration.ofMillis(100 + random.nextInt(400))));
        Fault fault = kinds.get(random.nextInt(kinds.size())).get();
        int times = 1 + random.nextInt(3);
        int already = queued.getOrDefault(endpoint, 0);
        times = Math.min(times, MAX_FAULTS_PER_ENDPOINT - already);
        if (times <= 0) {
            return "no more faults on " + endpoint;
        }
        queued.put(endpoint, already + times);
        harness.simulator.faults().inject(endpoint, fault, times);
        return fault + "x" + times + " on " + endpoint;
    }

    private String restart() throws InterruptedException {
        if (!workerReplaced && random.nextInt(4) == 0) {
            // The task's worker goes away; the task moves to the other one after the rebalance delay.
            workerReplaced = true;
            WorkerHandle running = harness.workerRunningTask();
            harness.connect.removeWorker(running);
            harness.connect.addWorker();
            harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                    "the task did not move to another worker");
            return "worker replaced";
        }
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "connector did not stop");
        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1,
                "connector did not resume");
        return "stop+resume";
    }

    // ---- the checks ----------------------------------------------------------------------------

    private void awaitQuiescenceAndCheck(String what, Instant lastChange) throws InterruptedException {
        long sweep;
        try {
            sweep = replica.awaitFullSweepStartedAfter(lastChange, QUIESCENCE_TIMEOUT);
        } catch (AssertionError notQuiet) {
            throw new AssertionError(notQuiet.getMessage() + " after " + what + "; " + status(), notQuiet);
        }
        log.info("RandomizedDirectoryIT: {} checked after sweep {}", what, sweep);

        List<SimGroup> groups = groupsInView();
        assertThat(TopicReplica.actualGroups(replica.groups())).as("groups after %s", what)
                .isEqualTo(TopicReplica.expectedGroups(groups));
        Map<String, List<SimMember>> members = new LinkedHashMap<>();
        groups.forEach(g -> members.put(g.id(), directory.members(g.id())));
        assertThat(TopicReplica.actualMembers(replica.members())).as("members after %s", what)
                .isEqualTo(TopicReplica.expectedMembers(members));

        List<Change> deletions = new ArrayList<>();
        deletions.addAll(replica.changes(TopicReplica.GROUPS));
        deletions.addAll(replica.changes(TopicReplica.MEMBERS));
        deletions.removeIf(c -> !"DELETED".equals(c.changeType()));
        for (Change deleted : deletions) {
            Instant observed = ((Date) deleted.value().get("observed_at")).toInstant();
            Instant left = leftAt.get(deleted.key());
            assertThat(left).as("DELETED %s (sweep %d, observed %s) for an entity that never left the directory",
                    deleted.key(), deleted.sweep(), observed).isNotNull();
            assertThat(left.truncatedTo(ChronoUnit.MILLIS)).as("DELETED %s observed at %s, before it left at %s",
                    deleted.key(), observed, left).isBeforeOrEqualTo(observed);
        }
    }

    private String status() {
        ConnectorStateInfo status = harness.connect.connectorStatus(ConnectHarness.CONNECTOR);
        StringBuilder text = new StringBuilder("connector ").append(status.connector().state());
        status.tasks().forEach(t -> text.append(", task ").append(t.id()).append(' ').append(t.state())
                .append(t.trace() == null ? "" : ": " + t.trace()));
        return text.toString();
    }

    private List<SimGroup> groupsInView() {
        return directory.groups().stream().filter(g -> g.name().startsWith(PREFIX)).toList();
    }

    private String newEmail() {
        return "user" + (++nameCounter) + "." + Long.toHexString(random.nextLong() & 0xffffffL) + "@example.com";
    }
}
