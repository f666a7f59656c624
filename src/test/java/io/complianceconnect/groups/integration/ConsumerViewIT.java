package io.complianceconnect.groups.integration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.GroupChangeTransactions;
import io.complianceconnect.groups.GroupChangeTransactions.Entry;
import io.complianceconnect.groups.GroupChangeTransactions.Kind;
import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What a consumer of the topics sees, on one exactly-once Connect cluster: with
 * {@code transaction.boundary=connector}, every group's change whole in one committed transaction;
 * with {@code member.email.mode}, pseudonyms (or nothing) where the emails were.
 *
 * <p>How the transactions are read back: the transactions connector routes every record
 * ({@code RegexRouter}) into one single-partition topic that nothing else writes, so all its
 * transactions are in that partition, in commit order, and each ends with a commit marker, a control
 * record that takes an offset but that no consumer is given. A read_committed consumer is given the
 * committed records only, so wherever the offsets it reads jump, one transaction ended (an aborted
 * one would be skipped whole, its records and its marker); and records of one transaction are
 * contiguous, because one producer writes one transaction at a time. Splitting the partition at those
 * jumps yields exactly the committed transactions.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ConsumerViewIT {

    private static final String TRANSACTIONS_CONNECTOR = "group-transactions";
    private static final String ALL_RECORDS = "transactions.all-records";
    private static final String HMAC_KEY = "consumer-view-it-hmac-key-0001";
    private static final Duration TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectHarness harness;
    private Directory directory;

    @BeforeAll
    void start() {
        harness = new ConnectHarness(1, true);
        directory = harness.simulator.directory();
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    @Order(1)
    void aReadCommittedConsumerSeesEachGroupsChangeWholeInOneTransactionAcrossPagesDeletionsAndCreations()
            throws Exception {
        directory.populate(6, i -> i == 2 ? 11 : 1 + i);   // page size 3: group 2 takes four member pages
        harness.connect.kafka().createTopic(ALL_RECORDS, 1);
        Map<String, String> config = harness.connectorConfig();
        config.put("transaction.boundary", "connector");
        config.put(ComplianceGroupsSourceConnectorConfig.PAGE_SIZE, "3");
        // Long enough for the changes below to fall between two sweeps, also on a loaded machine (at 6 s, a
        // load average of 60 once let sweep 2 start before the changes were made).
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "20000");
        config.put("transforms", "all");
        config.put("transforms.all.type", "org.apache.kafka.connect.transforms.RegexRouter");
        config.put("transforms.all.regex", ".*");
        config.put("transforms.all.replacement", ALL_RECORDS);
        List<SimGroup> groups = directory.groups();
        assertThat(groups).hasSize(6);

        try (CommittedPartition topic = new CommittedPartition(ALL_RECORDS)) {
            harness.startConnector(TRANSACTIONS_CONNECTOR, config);
            topic.readUntil(sweepEvent("SWEEP_COMPLETED", 1));

            String deleted = groups.get(3).id();
            int deletedMembers = directory.members(deleted).size();
            String large = groups.get(2).id();
            Instant changedAt = Instant.now();
            directory.deleteGroup(deleted);
            String created = directory.createGroup("Created between the sweeps");
            for (int i = 0; i < 7; i++) {
                directory.addMember(created, "created" + i + "@example.com");
            }
            directory.removeMember(large, directory.members(large).get(5).userId());
            directory.addMember(large, "joined.large@example.com");
            directory.renameGroup(large, "Renamed while its members changed");
            topic.readUntil(sweepEvent("SWEEP_COMPLETED", 2));
            harness.connect.deleteConnector(TRANSACTIONS_CONNECTOR);

            JsonNode secondStart = topic.values().stream().filter(sweepEvent("SWEEP_STARTED", 2)).findFirst()
                    .orElseThrow();
            assertThat(secondStart.path("at").asLong()).as("sweep 2 started after the changes")
                    .isGreaterThanOrEqualTo(changedAt.toEpochMilli());

            List<List<Entry>> transactions = topic.transactions();
            GroupChangeTransactions check = new GroupChangeTransactions(transactions);
            assertThat(check.violations()).as(transactions.size() + " transactions").isEmpty();
            for (int i = 0; i < groups.size(); i++) {
                GroupChangeTransactions.Change snapshot = check.change(groups.get(i).id(), 1);
                assertThat(snapshot.count(Kind.GROUP, "SNAPSHOT")).isEqualTo(1);
                assertThat(snapshot.count(Kind.MEMBER, "SNAPSHOT")).as("group " + i).isEqualTo(i == 2 ? 11 : 1 + i);
            }
            check.assertScriptedChanges(2, deleted, deletedMembers, created, 7, large);
            assertThat(check.changes().keySet().stream().filter(k -> k.endsWith("@2")))
                    .as("nothing else changed in sweep 2")
                    .containsExactlyInAnyOrder(deleted + "@2", created + "@2", large + "@2");
        }
    }

    @Test
    @Order(2)
    void theMembersTopicCarriesPseudonymsOrNothingNeverAnEmailAndAPseudonymOutlivesARestart() throws Exception {
        MemberEmails hmac = MemberEmails.hmacSha256(HMAC_KEY);
        harness.startConnector("pseudonyms", emailConnector("pii-hmac", "hmac-sha256"));
        harness.startConnector("omitted", emailConnector("pii-omit", "omit"));
        Instant started = Instant.now();
        awaitSweepStartedAfter("pii-hmac", started);
        awaitSweepStartedAfter("pii-omit", started);

        assertThat(emailsByMembership("pii-hmac")).isEqualTo(expectedEmails(hmac::published));
        assertThat(emailsByMembership("pii-omit")).isEqualTo(expectedEmails(email -> null));
        harness.connect.deleteConnector("omitted");
        assertNoEmailInAnyRecord("pii-omit.members");

        Instant restartedAt = Instant.now();
        long beforeRestart = awaitSweepStartedAfter("pii-hmac", restartedAt);
        harness.connect.restartTask("pseudonyms", 0);
        harness.connect.assertions().assertConnectorAndExactlyNumTasksAreRunning("pseudonyms", 1, "not restarted");
        SimGroup first = directory.groups().get(0);
        SimMember known = directory.members(first.id()).get(0);
        SimGroup joined = directory.groups().stream()
                .filter(g -> !directory.groupsOfUser(known.userId()).contains(g.id())).findFirst().orElseThrow();
        Instant joinedAt = Instant.now();
        directory.addMember(joined.id(), known.userId(), known.email());
        awaitSweepStartedAfter("pii-hmac", joinedAt);

        List<String> changes = TopicReplica.readAll(harness.connect.kafka(), "pii-hmac.members", true).stream()
                .filter(r -> r.value() != null && payload(r.value()).path("sweep").asLong() > beforeRestart)
                .map(r -> payload(r.value()).path("change_type").asText() + " " + entry(r).key()).toList();
        assertThat(changes).as("same key after the restart: no membership changed but the one added")
                .containsExactly("CREATED " + joined.id() + "/" + known.userId());
        Map<String, String> emails = emailsByMembership("pii-hmac");
        assertThat(emails.get(joined.id() + "/" + known.userId())).isEqualTo(hmac.published(known.email()))
                .isEqualTo(emails.get(first.id() + "/" + known.userId()));
        harness.connect.deleteConnector("pseudonyms");
        assertNoEmailInAnyRecord("pii-hmac.members");
    }

    private Map<String, String> emailConnector(String topicPrefix, String mode) {
        Map<String, String> config = harness.connectorConfig();
        config.put(ComplianceGroupsSourceConnectorConfig.GROUPS_TOPIC, topicPrefix + ".groups");
        config.put(ComplianceGroupsSourceConnectorConfig.MEMBERS_TOPIC, topicPrefix + ".members");
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEPS_TOPIC, topicPrefix + ".sweeps");
        config.put(ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_MODE, mode);
        config.put(ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_HMAC_KEY, HMAC_KEY);
        return config;
    }

    /** Waits for a sweep that started at or after {@code instant} to complete; returns its number. */
    private long awaitSweepStartedAfter(String topicPrefix, Instant instant) throws InterruptedException {
        long[] sweep = new long[1];
        Eventually.until(() -> {
            List<JsonNode> events = TopicReplica.readAll(harness.connect.kafka(), topicPrefix + ".sweeps", true)
                    .stream().map(r -> payload(r.value())).toList();
            OptionalLong started = events.stream().filter(v -> "SWEEP_STARTED".equals(v.path("event").asText())
                    && v.path("at").asLong() >= instant.toEpochMilli()).mapToLong(v -> v.path("sweep").asLong())
                    .min();
            if (started.isEmpty()) {
                return false;
            }
            sweep[0] = started.getAsLong();
            return events.stream().anyMatch(sweepEvent("SWEEP_COMPLETED", sweep[0]));
        }, TIMEOUT.toMillis(), "no sweep started and completed in " + topicPrefix + ".sweeps");
        return sweep[0];
    }

    /** Membership key → the email field of its newest record in the connector's members topic. */
    private Map<String, String> emailsByMembership(String topicPrefix) {
        Map<String, String> emails = new HashMap<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReplica.readAll(harness.connect.kafka(),
                topicPrefix + ".members", true)) {
            String key = entry(r).key();
            JsonNode v = r.value() == null ? null : payload(r.value());
            if (v == null || "DELETED".equals(v.path("change_type").asText())) {
                emails.remove(key);
            } else {
                emails.put(key, v.path("email").isNull() ? null : v.path("email").asText());
            }
        }
        return emails;
    }

    /**
     * The mode comes as a function: a main class in a method's signature would break the discovery of
     * this class in the plugin-isolation run, whose class path lacks the connector.
     */
    private Map<String, String> expectedEmails(UnaryOperator<String> published) {
        Map<String, String> expected = new HashMap<>();
        for (SimGroup g : directory.groups()) {
            for (SimMember m : directory.members(g.id())) {
                expected.put(g.id() + "/" + m.userId(), published.apply(m.email()));
            }
        }
        return expected;
    }

    /** Not one byte sequence of any record (key or value) spells a member's email, in any case. */
    private void assertNoEmailInAnyRecord(String topic) {
        Set<String> emails = new HashSet<>();
        directory.groups().forEach(g -> directory.members(g.id()).forEach(m -> emails.add(
                m.email().toLowerCase(Locale.ROOT))));
        List<ConsumerRecord<byte[], byte[]>> records = TopicReplica.readAll(harness.connect.kafka(), topic, false);
        assertThat(records).isNotEmpty();
        assertThat(emails).isNotEmpty();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            String text = (new String(r.key(), StandardCharsets.UTF_8) + (r.value() == null ? ""
                    : new String(r.value(), StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
            for (String email : emails) {
                assertThat(text).as(topic + " offset " + r.offset()).doesNotContain(email);
            }
        }
    }

    private static Predicate<JsonNode> sweepEvent(String event, long sweep) {
        return v -> event.equals(v.path("event").asText()) && v.path("sweep").asLong() == sweep;
    }

    /** The committed records of one single-partition topic, read with read_committed as they arrive. */
    private final class CommittedPartition implements AutoCloseable {
        private final KafkaConsumer<byte[], byte[]> consumer;
        private final List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();

        CommittedPartition(String topic) {
            consumer = harness.connect.kafka().createConsumer(Map.of("isolation.level", "read_committed",
                    "auto.offset.reset", "earliest"));
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
        }

        /** Reads until a record's value payload matches. */
        void readUntil(Predicate<JsonNode> value) throws InterruptedException {
            long deadline = System.nanoTime() + TIMEOUT.toNanos();
            while (values().stream().noneMatch(value)) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("not seen within " + TIMEOUT + "; connector status: "
                            + harness.connect.connectorStatus(TRANSACTIONS_CONNECTOR));
                }
                consumer.poll(Duration.ofMillis(500)).forEach(records::add);
            }
        }

        List<JsonNode> values() {
            return records.stream().filter(r -> r.value() != null).map(r -> payload(r.value())).toList();
        }

        /** Split where the offsets jump: a commit marker (or an aborted transaction) lies in between. */
        List<List<Entry>> transactions() {
            List<List<Entry>> transactions = new ArrayList<>();
            List<Entry> current = new ArrayList<>();
            long previous = -1;
            for (ConsumerRecord<byte[], byte[]> r : records) {
                if (previous >= 0 && r.offset() != previous + 1 && !current.isEmpty()) {
                    transactions.add(current);
                    current = new ArrayList<>();
                }
                current.add(entry(r));
                previous = r.offset();
            }
            // The last one read ends where the sweep's SWEEP_COMPLETED, a transaction of its own, does.
            if (!current.isEmpty()) {
                transactions.add(current);
            }
            return transactions;
        }

        @Override
        public void close() {
            consumer.close();
        }
    }

    private static Entry entry(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = payload(r.key());
        JsonNode value = r.value() == null ? null : payload(r.value());
        String changeType = value == null ? null : value.path("change_type").asText(null);
        Long sweep = value == null ? null : value.path("sweep").asLong();
        if (key.has("connector")) {
            return new Entry(Kind.SWEEP_EVENT, null, key.path("connector").asText(), null, sweep,
                    value.path("event").asText());
        }
        if (key.has("user_id")) {
            String groupId = key.path("group_id").asText();
            return new Entry(Kind.MEMBER, groupId, groupId + "/" + key.path("user_id").asText(), changeType, sweep,
                    null);
        }
        return new Entry(Kind.GROUP, key.path("id").asText(), key.path("id").asText(), changeType, sweep, null);
    }

    private static JsonNode payload(byte[] json) {
        try {
            return JSON.readTree(json).path("payload");
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + new String(json, StandardCharsets.UTF_8), e);
        }
    }
}
