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
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.util.clusters.WorkerHandle;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Model-based test of the whole connector on an in-process Kafka and Connect cluster: seeded random rounds
 * of directory changes (groups created, renamed, renamed out of the replicated name prefix, updated and
 * deleted; members added, removed and given new emails), made while sweeps run so that pages shift under
 * listings in progress, API faults (5xx, 429, cut-off bodies, dropped connections, slow answers) and
 * restarts at random moments (task restarts through the REST API, stop/resume, and the loss of the
 * worker running the task). It runs twice: at-least-once, where the worker is an in-process one removed
 * (a real crash can leave what the Guarantees describe), and exactly-once, where the task runs on a
 * worker JVM of its own that is SIGKILLed ({@link ChildWorkerProcess}). After each round, once a full
 * sweep that started after the round's last change has completed:
 * <ul>
 *   <li>the compacted topics equal the directory (the groups under the prefix and their members), and</li>
 *   <li>every DELETED record so far is for a group or membership that had left the directory before the
 *       record's {@code observed_at}: nothing still present is ever reported deleted. The test keeps the
 *       time each entity left, and never brings an entity back under the same key, so the check is exact.</li>
 * </ul>
 * The races must land: a run fails when no directory change fell inside a multi-page groups listing, or
 * none inside a multi-page listing of the changed group's members ({@link ListingRaces}, from the
 * simulator's served pages), since then it proved nothing about shifting pages.
 * {@code -Dmodel.seed=S} replays a seed (printed on failure; timing still varies), {@code -Dmodel.iterations=N}
 * runs N rounds per delivery mode instead of the default 3.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RandomizedDirectoryIT {

    private static final Logger log = LoggerFactory.getLogger(RandomizedDirectoryIT.class);

    private static final int DEFAULT_ITERATIONS = 3;
    private static final String PREFIX = "Team ";
    /** What the connector sends as name_prefix: the prefix as configured, its space included (acafb27). */
    private static final String LISTED_PREFIX = PREFIX;
    /** Small pages, so that many groups' members take several pages. */
    private static final int PAGE_SIZE = 3;
    private static final Duration QUIESCENCE_TIMEOUT = Duration.ofSeconds(90);
    /** Counted faults queued per endpoint in one round, below the connector's retries per request (10). */
    private static final int MAX_FAULTS_PER_ENDPOINT = 6;

    private final long seed = Long.getLong("model.seed", new Random().nextLong());
    private final int iterations = Integer.getInteger("model.iterations", DEFAULT_ITERATIONS);
    /** Worker JVMs killed at most per run: each costs a session timeout, the rebalance delay and a new spare JVM. */
    private final int maxWorkerKills = Math.max(1, iterations / 4);

    private ConnectHarness harness;
    private Directory directory;
    private Random random;
    private TopicReplica replica;
    private ListingRaces races;
    private RequestHooks hooks;
    /** Under exactly-once: worker JVMs, the one running the task and a spare it moves to when that one is killed. */
    private final List<ChildWorkerProcess> childWorkers = new ArrayList<>();
    private int workerKills;

    /** When each group id or "groupId/userId" left the replicated view (deleted, removed, renamed out). */
    private final Map<String, Instant> leftAt = new ConcurrentHashMap<>();
    /** Memberships that ever existed: a removed member never rejoins the same group, so keys never come back. */
    private final Set<String> everMember = new HashSet<>();
    /** Current email of every user the test created. */
    private final Map<String, String> emails = new LinkedHashMap<>();
    private int nameCounter;
    private boolean workerReplaced;

    private void startCluster(boolean exactlyOnce) throws Exception {
        leftAt.clear();
        everMember.clear();
        emails.clear();
        nameCounter = 0;
        workerReplaced = false;
        workerKills = 0;
        if (exactlyOnce) {
            // The task runs on one of two worker JVMs; when it is killed, the task moves to the other.
            harness = ChildWorkerProcess.exactlyOnceCluster();
            childWorkers.add(ChildWorkerProcess.start(harness));
            childWorkers.add(ChildWorkerProcess.start(harness));
        } else {
            harness = new ConnectHarness(2, false);
        }
        directory = harness.simulator.directory();
        races = new ListingRaces(harness.simulator, LISTED_PREFIX);
        hooks = new RequestHooks(harness.simulator);
        random = new Random(seed);
        log.info("RandomizedDirectoryIT: seed {} ({} rounds, exactly-once {})", seed, iterations, exactlyOnce);
    }

    @AfterEach
    void stopCluster() throws InterruptedException {
        try {
            for (ChildWorkerProcess child : childWorkers) {
                child.close();
            }
            childWorkers.clear();
        } finally {
            if (harness != null) {
                harness.close();
                harness = null;
            }
        }
    }

    @ParameterizedTest(name = "exactly-once {0}")
    @ValueSource(booleans = {false, true})
    void replicaConvergesOnTheDirectoryAndNothingPresentIsEverDeleted(boolean exactlyOnce) throws Exception {
        try {
            startCluster(exactlyOnce);
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
                // Under exactly-once every run kills the task's worker at least once, mid-run at the latest.
                boolean killNow = exactlyOnce && workerKills == 0 && round == (iterations + 1) / 2;
                List<String> steps = runRound(killNow);
                harness.simulator.faults().clear();
                Instant lastChange = Instant.now();
                awaitQuiescenceAndCheck("round " + round + " " + steps, lastChange);
            }
            long groupsRaces = races.groupsListingRaces();
            long memberRaces = races.memberListingRaces();
            log.info("RandomizedDirectoryIT: races landed: {} in groups listings, {} in member listings; {} worker kills",
                    groupsRaces, memberRaces, workerKills);
            assertThat(groupsRaces).as("group changes made inside a multi-page groups listing").isPositive();
            assertThat(memberRaces).as("member changes made inside a multi-page listing of the group's members")
                    .isPositive();
            if (exactlyOnce) {
                assertThat(workerKills).as("worker JVMs killed while the task ran on them").isPositive();
            }
        } catch (Throwable failure) {
            throw new AssertionError("RandomizedDirectoryIT failed with -Dmodel.seed=" + seed
                    + " (-Dmodel.iterations=" + iterations + ", exactly-once " + exactlyOnce + "): "
                    + failure.getMessage(), failure);
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
    private List<String> runRound(boolean killTheTasksWorker) throws Exception {
        List<String> steps = new ArrayList<>();
        if (killTheTasksWorker) {
            steps.add(killTheTasksWorker());
        }
        Map<Endpoint, Integer> faultsQueued = new EnumMap<>(Endpoint.class);
        // Every round races a groups listing and a multi-page member listing at least once, wherever the
        // random steps fall (a round's steps follow a completed sweep, so they tend to precede the next listing).
        CompletableFuture<String> groupsShift = shiftTheGroupsListing();
        steps.add(removeAMemberBetweenPagesOfItsGroup());
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
        steps.add(awaitGroupsShift(groupsShift));
        return steps;
    }

    private String mutate() {
        List<SimGroup> inView = groupsInView();
        int draw = random.nextInt(100);
        if (inView.isEmpty() || draw < 12) {
            String id = createGroup(PREFIX);
            races.groupChanged(id);
            return "create " + id;
        }
        SimGroup group = inView.get(random.nextInt(inView.size()));
        List<SimMember> members = directory.members(group.id());
        if (draw < 20) {
            directory.renameGroup(group.id(), PREFIX + "renamed " + (++nameCounter));
            races.groupChanged(group.id());
            return "rename " + group.id();
        }
        if (draw < 26) {
            leaves(group.id(), members);
            directory.renameGroup(group.id(), "Archived " + group.name());
            races.groupChanged(group.id());
            return "rename-out " + group.id();
        }
        if (draw < 34) {
            leaves(group.id(), members);
            directory.deleteGroup(group.id());
            races.groupChanged(group.id());
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
            races.membershipChanged(group.id());
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

    /**
     * At the connector's next first groups page, once that page is computed and before it is sent, a
     * group of it leaves (deleted, or renamed out of the prefix): every later page of that listing starts
     * one group later than it would have, so the listing skips a group that is still there, and the
     * deletion pass must confirm it rather than delete it. Returns at once; {@link #awaitGroupsShift}
     * waits for it at the end of the round.
     */
    private CompletableFuture<String> shiftTheGroupsListing() {
        CompletableFuture<String> shifted = new CompletableFuture<>();
        hooks.onFirst(RequestHooks.taskRequest(Endpoint.LIST_GROUPS).and(RequestHooks.firstPage())
                .and(e -> LISTED_PREFIX.equals(e.query().get("name_prefix"))), e -> {
            List<SimGroup> inView = groupsInView();
            if (inView.size() <= PAGE_SIZE) {
                shifted.complete("a single groups page: nothing to shift");
                return;
            }
            SimGroup leaving = inView.get(random.nextInt(PAGE_SIZE));
            leaves(leaving.id(), directory.members(leaving.id()));
            String how = random.nextBoolean() ? "delete" : "rename-out";
            if (how.equals("delete")) {
                directory.deleteGroup(leaving.id());
            } else {
                directory.renameGroup(leaving.id(), "Archived " + leaving.name());
            }
            races.groupChanged(leaving.id());
            shifted.complete(how + " while the groups are listed " + leaving.id());
        });
        return shifted;
    }

    private String awaitGroupsShift(CompletableFuture<String> shifted) throws Exception {
        try {
            return shifted.get(QUIESCENCE_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        } finally {
            hooks.clear();
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
                    races.membershipChanged(groupId);
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
        races.membershipChanged(groupId);
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

    /** A restart of one kind at this random moment: the task's worker lost, the connector stopped, or the task restarted. */
    private String restart() throws Exception {
        int draw = random.nextInt(3);
        if (!childWorkers.isEmpty() && draw == 0 && workerKills < maxWorkerKills) {
            return killTheTasksWorker();
        }
        if (childWorkers.isEmpty() && !workerReplaced && draw == 0) {
            // The task's in-process worker goes away; the task moves to the other one after the rebalance delay.
            workerReplaced = true;
            WorkerHandle running = harness.workerRunningTask();
            harness.connect.removeWorker(running);
            harness.connect.addWorker();
            awaitTaskRunning("the task did not move to another worker");
            return "worker replaced";
        }
        if (draw == 1) {
            harness.connect.restartTask(ConnectHarness.CONNECTOR, 0);
            awaitTaskRunning("the restarted task did not run");
            return "task restart";
        }
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "connector did not stop");
        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        awaitTaskRunning("connector did not resume");
        return "stop+resume";
    }

    /** SIGKILLs the worker JVM running the task; the task moves to the spare, and a new spare starts if another kill may come. */
    private String killTheTasksWorker() throws Exception {
        String workerId = harness.connect.connectorStatus(ConnectHarness.CONNECTOR).tasks().get(0).workerId();
        ChildWorkerProcess running = childWorkers.stream().filter(c -> c.workerId().equals(workerId)).findFirst()
                .orElse(null);
        if (running == null) {
            return "no worker JVM runs the task (" + workerId + ")";
        }
        assertThat(running.kill()).as("SIGKILL").isEqualTo(ChildWorkerProcess.KILLED_EXIT_CODE);
        childWorkers.remove(running);
        workerKills++;
        Eventually.until(() -> {
            ConnectorStateInfo status = harness.connect.connectorStatus(ConnectHarness.CONNECTOR);
            return !status.tasks().isEmpty() && "RUNNING".equals(status.tasks().get(0).state())
                    && !workerId.equals(status.tasks().get(0).workerId());
        }, QUIESCENCE_TIMEOUT.toMillis(), "the task did not move from the killed worker " + workerId);
        if (workerKills < maxWorkerKills) {
            childWorkers.add(ChildWorkerProcess.start(harness));   // the next spare
        }
        return "worker killed";
    }

    private void awaitTaskRunning(String failure) throws InterruptedException {
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning(ConnectHarness.CONNECTOR, 1, failure);
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
