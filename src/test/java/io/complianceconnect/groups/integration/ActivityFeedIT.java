package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With a long sweep interval, changes reach the topics through the activity feed within the feed's
 * delay plus a poll interval; without the feed's scope, sweeps alone still converge.
 */
class ActivityFeedIT {

    private static final Duration FEED_DEADLINE = Duration.ofSeconds(20);

    private ConnectHarness harness;

    @AfterEach
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    private Map<String, String> feedConfig() {
        Map<String, String> config = harness.connectorConfig();
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "600000");   // no second sweep in the test
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE, "enabled");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_POLL_INTERVAL_MS, "1000");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_LAG_MS, "5000");
        return config;
    }

    @Test
    void everyKindOfChangeArrivesThroughTheFeedWithoutAFullSweepAndARestartMissesNothing() throws Exception {
        harness = new ConnectHarness(1, false, Map.of(), b -> b.activityVisibilityDelay(Duration.ofSeconds(1)));
        Directory directory = harness.simulator.directory();
        directory.populate(6, 3);
        harness.startConnector(feedConfig());
        TopicReplica replica = harness.replica();
        replica.awaitSweepCompletedAfter(0, Duration.ofSeconds(60));

        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        String added = directory.addMember(ids.get(0), "feed-added@example.com");
        awaitChange(replica, TopicReplica.MEMBERS, c -> c.key().equals(ids.get(0) + "/" + added)
                && "CREATED".equals(c.changeType()));

        SimMember leaving = directory.members(ids.get(1)).get(0);
        directory.removeMember(ids.get(1), leaving.userId());
        awaitChange(replica, TopicReplica.MEMBERS, c -> c.key().equals(ids.get(1) + "/" + leaving.userId())
                && "DELETED".equals(c.changeType()));

        directory.renameGroup(ids.get(2), "Renamed through the feed");
        awaitChange(replica, TopicReplica.GROUPS, c -> c.key().equals(ids.get(2)) && "UPDATED".equals(c.changeType()));

        String created = directory.createGroup("Created through the feed");
        awaitChange(replica, TopicReplica.GROUPS, c -> c.key().equals(created) && "CREATED".equals(c.changeType()));

        directory.deleteGroup(ids.get(3));
        awaitChange(replica, TopicReplica.GROUPS, c -> c.key().equals(ids.get(3)) && "DELETED".equals(c.changeType()));

        SimMember renamedUser = directory.members(ids.get(4)).get(0);
        directory.updateMemberEmail(renamedUser.userId(), "new-address@example.com");
        awaitChange(replica, TopicReplica.MEMBERS, c -> c.key().equals(ids.get(4) + "/" + renamedUser.userId())
                && "UPDATED".equals(c.changeType()));

        assertThat(replica.lastCompletedSweep()).as("all of that came through the feed, not a sweep").isEqualTo(1);
        assertReplicaEquals(replica, directory);

        // Stop, change, restart: the stored feed position is read again; nothing missed, nothing new repeated.
        List<String> before = describeAll(replica);
        harness.connect.stopConnector(ConnectHarness.CONNECTOR);
        harness.connect.assertions().assertConnectorIsStopped(ConnectHarness.CONNECTOR, "did not stop");
        String whileStopped = directory.addMember(ids.get(5), "while-stopped@example.com");
        harness.connect.resumeConnector(ConnectHarness.CONNECTOR);
        awaitChange(replica, TopicReplica.MEMBERS, c -> c.key().equals(ids.get(5) + "/" + whileStopped)
                && "CREATED".equals(c.changeType()));
        // A marker made only now arrives through a later feed read, and every read re-reads the lag
        // window (5 s) behind the last, which still holds the activities before it: once the marker
        // is in, those reads are done, and whatever they would have repeated is in the topics too.
        String marker = directory.addMember(ids.get(4), "marker@example.com");
        awaitChange(replica, TopicReplica.MEMBERS, c -> c.key().equals(ids.get(4) + "/" + marker)
                && "CREATED".equals(c.changeType()));
        List<String> since = new ArrayList<>(describeAll(replica));
        before.forEach(since::remove);
        List<String> changes = List.of("CREATED " + ids.get(5) + "/" + whileStopped, "CREATED " + ids.get(4) + "/" + marker);
        assertThat(since).as("since the stop: the change made while stopped and the marker").containsAll(changes);
        // At-least-once: the restarted task replays the feed from before its stored position and emits
        // what the replayed activities name from the API whatever its state says (docs/guarantees.md,
        // Delivery), so a record the topics already had may come again, with the same content; nothing else.
        Set<String> keysBefore = before.stream().map(d -> d.substring(d.indexOf(' ') + 1)).collect(Collectors.toSet());
        List<String> repeats = new ArrayList<>(since);
        changes.forEach(repeats::remove);
        assertThat(repeats).as("anything else since the stop repeats an entity the topics already had")
                .allSatisfy(d -> assertThat(keysBefore).contains(d.substring(d.indexOf(' ') + 1)));
        assertReplicaEquals(replica, directory);
    }

    /** Every change record of both change topics, as "TYPE key" (tombstones as "tombstone key"). */
    private static List<String> describeAll(TopicReplica replica) {
        List<String> all = new ArrayList<>();
        for (String topic : List.of(TopicReplica.GROUPS, TopicReplica.MEMBERS)) {
            replica.changes(topic).forEach(c -> all.add((c.tombstone() ? "tombstone" : c.changeType()) + " " + c.key()));
        }
        return all;
    }

    @Test
    void withoutTheFeedScopeSweepsAloneConverge() throws Exception {
        harness = new ConnectHarness(1, false, Map.of(), b -> b.apiKey(ConnectHarness.API_KEY,
                Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA, ComplianceApiSimulator.SCOPE_USER_DATA)));
        Directory directory = harness.simulator.directory();
        directory.populate(4, 2);
        Map<String, String> config = feedConfig();
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE, "auto");
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "1000");
        harness.startConnector(config);
        TopicReplica replica = harness.replica();
        replica.awaitSweepCompletedAfter(0, Duration.ofSeconds(60));
        String created = directory.createGroup("Seen by a sweep");
        directory.addMember(created, "swept@example.com");
        replica.awaitSweepStartedAfter(java.time.Instant.now(), Duration.ofSeconds(60));
        assertReplicaEquals(replica, directory);
        assertThat(harness.connect.connectorStatus(ConnectHarness.CONNECTOR).tasks().get(0).state())
                .isEqualTo("RUNNING");
    }

    private static void awaitChange(TopicReplica replica, String topic, Predicate<Change> match) throws Exception {
        Eventually.until(() -> replica.changes(topic).stream().anyMatch(match), FEED_DEADLINE.toMillis(),
                "change did not arrive through the feed in time");
    }

    private static void assertReplicaEquals(TopicReplica replica, Directory directory) {
        assertThat(TopicReplica.actualGroups(replica.groups()))
                .isEqualTo(TopicReplica.expectedGroups(directory.groups()));
        Map<String, List<SimMember>> members = new java.util.LinkedHashMap<>();
        directory.groups().forEach(g -> members.put(g.id(), directory.members(g.id())));
        assertThat(TopicReplica.actualMembers(replica.members())).isEqualTo(TopicReplica.expectedMembers(members));
    }
}
