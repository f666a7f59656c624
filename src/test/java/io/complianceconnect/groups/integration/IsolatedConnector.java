package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.RequestLog;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.runtime.rest.entities.ConnectorStateInfo;
import org.apache.kafka.connect.runtime.rest.errors.ConnectRestException;
import org.apache.kafka.connect.util.clusters.EmbeddedConnectCluster;
import org.apache.kafka.connect.util.clusters.WorkerHandle;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.IntUnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One connector of one test, with its own name, topics and group-name prefix, so that the tests of
 * a class can share one Connect cluster and one simulator: the connector lists only the groups
 * under its prefix (the API's name_prefix filter), and its state lives under its own name.
 */
final class IsolatedConnector {

    static final Duration TIMEOUT = Duration.ofSeconds(120);
    private static final AtomicInteger RUNS = new AtomicInteger();

    final String name;
    /** Every group of this connector is named with it; no other run's prefix starts with it. */
    final String prefix;
    final ConnectHarness harness;
    final EmbeddedConnectCluster connect;
    final Directory directory;
    final String groupsTopic;
    final String membersTopic;
    final String sweepsTopic;
    /** The three topics as a consumer reads them (read_committed on an exactly-once cluster). */
    final ChangeFeed feed;
    private final String tag;
    private final Set<String> groupIds = ConcurrentHashMap.newKeySet();

    IsolatedConnector(ConnectHarness harness, String label) {
        int run = RUNS.incrementAndGet();
        this.harness = harness;
        this.connect = harness.connect;
        this.directory = harness.simulator.directory();
        this.name = label + "-" + run;
        this.tag = "r" + run;
        this.prefix = "it-" + run + "/";
        this.groupsTopic = name + ".groups";
        this.membersTopic = name + ".members";
        this.sweepsTopic = name + ".sweeps";
        this.feed = new ChangeFeed(connect.kafka(), harness.exactlyOnce(), groupsTopic, membersTopic, sweepsTopic);
    }

    /** The harness's fast test configuration with this connector's topics and prefix, and 4-row pages. */
    Map<String, String> config() {
        Map<String, String> config = harness.connectorConfig();
        config.put(ComplianceGroupsSourceConnectorConfig.GROUPS_TOPIC, groupsTopic);
        config.put(ComplianceGroupsSourceConnectorConfig.MEMBERS_TOPIC, membersTopic);
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEPS_TOPIC, sweepsTopic);
        config.put(ComplianceGroupsSourceConnectorConfig.GROUP_NAME_PREFIX, prefix);
        config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, "4");
        return config;
    }

    void start() throws InterruptedException {
        start(config());
    }

    void start(Map<String, String> config) throws InterruptedException {
        harness.startConnector(name, config);
    }

    /** Starts the connector without waiting for its task to run: for a task that is to fail at once. */
    void startExpectingFailure() {
        startExpectingFailure(config());
    }

    void startExpectingFailure(Map<String, String> config) {
        harness.configureConnector(name, config);
    }

    // ---- the directory -----------------------------------------------------------------------

    /**
     * Creates {@code count} groups under the prefix; group {@code i} gets {@code membersOf(i)} new
     * members. Returns the ids in listing order.
     */
    List<String> populate(int count, IntUnaryOperator membersOf) {
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            ids.add(createGroup("group-" + i, membersOf.applyAsInt(i)));
        }
        return ids;
    }

    String createGroup(String suffix, int members) {
        int n = groupIds.size();
        String id = directory.createGroup(prefix + suffix, "Group " + suffix + " of " + name,
                n % 2 == 0 ? "scim" : "direct", n % 3 == 0 ? List.of() : List.of("role_" + (n % 3)));
        groupIds.add(id);
        for (int m = 0; m < members; m++) {
            directory.addMember(id, email(suffix + "." + m));
        }
        return id;
    }

    /** A distinctive address: a log or message containing it can be traced to this run. */
    String email(String local) {
        return "member." + local.replace('/', '.') + "." + tag + "@example.com";
    }

    DirectoryView view() {
        return DirectoryView.of(directory, prefix);
    }

    /** Whether a request of the simulator's log was about this connector's groups. */
    boolean owns(RequestLog.Entry entry) {
        String groupId = RequestHooks.groupIdOf(entry);
        return groupId == null ? prefix.equals(entry.query().get("name_prefix")) : groupIds.contains(groupId);
    }

    List<RequestLog.Entry> ownRequests() {
        return harness.simulator.requestLog().entries().stream().filter(this::owns).toList();
    }

    // ---- the task ------------------------------------------------------------------------------

    /** The connector's status, or null while the REST API cannot say (not created yet, a rebalance). */
    ConnectorStateInfo status() {
        try {
            return connect.connectorStatus(name);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Waits for the task to fail; returns its trace (the error message and stack). */
    String awaitTaskFailed() throws InterruptedException {
        String[] trace = new String[1];
        await("the task to fail", () -> {
            ConnectorStateInfo.TaskState task = onlyTask(status());
            if (task != null && "FAILED".equals(task.state())) {
                trace[0] = task.trace();
                return true;
            }
            return false;
        }, false);
        return trace[0];
    }

    /**
     * Restarts the task and waits until it runs, or has failed again: a task that fails at its first
     * request may never be seen RUNNING. A FAILED state with the old trace is the old failure.
     */
    void restartTask() throws InterruptedException {
        ConnectorStateInfo.TaskState before = onlyTask(status());
        String oldTrace = before == null ? null : before.trace();
        connect.restartTask(name, 0);
        await("the restarted task to run", () -> {
            ConnectorStateInfo.TaskState task = onlyTask(status());
            return task != null && ("RUNNING".equals(task.state())
                    || "FAILED".equals(task.state()) && !Objects.equals(task.trace(), oldTrace));
        }, false);
    }

    /**
     * Stops the connector (its task too), runs {@code whileStopped}, and resumes it: the task then
     * starts afresh, with its configuration resolved again (a key from a config provider included).
     */
    void stopThenResume(Runnable whileStopped) throws InterruptedException {
        connect.stopConnector(name);
        connect.assertions().assertConnectorIsStopped(name, "the connector did not stop");
        whileStopped.run();
        connect.resumeConnector(name);
    }

    WorkerHandle workerRunningTask() throws InterruptedException {
        return harness.workerRunningTask(name);
    }

    /** Deletes the connector and waits until its task has stopped sending requests. */
    void delete() throws InterruptedException {
        feed.close();
        try {
            connect.deleteConnector(name);
        } catch (ConnectRestException e) {
            // Never created (the test failed early).
            return;
        }
        await("the connector to be deleted", () -> !connect.connectors().contains(name), false);
        // Stopping the task closes its client; allow for a request that was already on its way.
        int seen = -1;
        while (true) {
            int now = ownRequests().size();
            if (now == seen) {
                return;
            }
            seen = now;
            Thread.sleep(500);
        }
    }

    // ---- sweeps and changes -------------------------------------------------------------------

    /** Waits for a sweep numbered above {@code after} to complete; returns its number. */
    long awaitSweepCompletedAfter(long after) throws InterruptedException {
        return awaitSweepCompletedAfter(after, TIMEOUT);
    }

    /** As {@link #awaitSweepCompletedAfter(long)}, failing after {@code timeout}. */
    long awaitSweepCompletedAfter(long after, Duration timeout) throws InterruptedException {
        long[] done = new long[1];
        await("a sweep after sweep " + after + " to complete", timeout, () -> {
            feed.refresh();
            done[0] = sweepEvents().stream().filter(e -> "SWEEP_COMPLETED".equals(e.getString("event")))
                    .mapToLong(e -> e.getInt64("sweep")).max().orElse(0);
            return done[0] > after;
        }, true);
        return done[0];
    }

    /** Waits for a sweep that started after {@code instant} (so saw every change before it) to complete. */
    long awaitSweepStartedAfter(Instant instant) throws InterruptedException {
        return awaitSweepStartedAfter(instant, TIMEOUT);
    }

    /** As {@link #awaitSweepStartedAfter(Instant)}, failing after {@code timeout}. */
    long awaitSweepStartedAfter(Instant instant, Duration timeout) throws InterruptedException {
        long[] sweep = {-1};
        await("a sweep that started after " + instant + " to complete", timeout, () -> {
            feed.refresh();
            List<Struct> events = sweepEvents();
            if (sweep[0] < 0) {
                events.stream().filter(e -> "SWEEP_STARTED".equals(e.getString("event"))
                                && ((Date) e.get("at")).toInstant().isAfter(instant))
                        .mapToLong(e -> e.getInt64("sweep")).min().ifPresent(s -> sweep[0] = s);
            }
            return sweep[0] >= 0 && events.stream().anyMatch(e -> "SWEEP_COMPLETED".equals(e.getString("event"))
                    && e.getInt64("sweep") >= sweep[0]);
        }, true);
        return sweep[0];
    }

    /** The change records of sweeps up to {@code sweep}, as "TYPE key", sorted. */
    List<String> changesUpTo(long sweep) {
        return changes(Long.MIN_VALUE, sweep);
    }

    /** The change records of sweeps after {@code sweep}, as "TYPE key", sorted. */
    List<String> changesAfter(long sweep) {
        return changes(sweep, Long.MAX_VALUE);
    }

    /** Every change record of both topics, as "TYPE key" (tombstones as "tombstone key"), in topic order. */
    List<String> allChanges() {
        return changes(Long.MIN_VALUE, Long.MAX_VALUE);
    }

    List<Struct> sweepEvents() {
        return feed.values(sweepsTopic);
    }

    private List<String> changes(long afterSweep, long upToSweep) {
        feed.refresh();
        List<String> result = new ArrayList<>();
        for (String topic : List.of(groupsTopic, membersTopic)) {
            // A tombstone has no sweep number: it belongs with the DELETED record just before it.
            boolean keep = false;
            for (Change c : feed.changes(topic)) {
                if (!c.tombstone()) {
                    keep = c.sweep() > afterSweep && c.sweep() <= upToSweep;
                }
                if (keep) {
                    result.add((c.tombstone() ? "tombstone" : c.changeType()) + " " + c.key());
                }
            }
        }
        return DirectoryView.sorted(result);
    }

    void assertReplicaEqualsDirectory() {
        DirectoryView expected = view();
        feed.refresh();
        assertThat(TopicReplica.actualGroups(feed.compacted(groupsTopic))).as("compacted groups topic")
                .isEqualTo(expected.groups());
        assertThat(TopicReplica.actualMembers(feed.compacted(membersTopic))).as("compacted members topic")
                .isEqualTo(expected.members());
    }

    // ---- waiting ------------------------------------------------------------------------------

    /**
     * Polls {@code condition} until it holds; when {@code failFast}, a FAILED task ends the wait at
     * once with its trace rather than after the timeout.
     */
    void await(String what, BooleanSupplier condition, boolean failFast) throws InterruptedException {
        await(what, TIMEOUT, condition, failFast);
    }

    /** As {@link #await(String, BooleanSupplier, boolean)}, failing after {@code timeout}. */
    void await(String what, Duration timeout, BooleanSupplier condition, boolean failFast)
            throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (failFast) {
                ConnectorStateInfo.TaskState task = onlyTask(status());
                if (task != null && "FAILED".equals(task.state())) {
                    throw new AssertionError("The task failed while waiting for " + what + ":\n" + task.trace());
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Timed out waiting for " + what + "; connector status: " + describe());
            }
            Thread.sleep(250);
        }
    }

    private String describe() {
        try {
            ConnectorStateInfo s = status();
            return s.connector().state() + ", tasks " + s.tasks().stream().map(t -> t.state()).toList();
        } catch (RuntimeException e) {
            return "unavailable (" + e.getMessage() + ")";
        }
    }

    private static ConnectorStateInfo.TaskState onlyTask(ConnectorStateInfo status) {
        return status == null || status.tasks().isEmpty() ? null : status.tasks().get(0);
    }
}
