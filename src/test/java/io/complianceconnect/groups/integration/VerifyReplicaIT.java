package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimMember;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * bin/verify-replica against a replica the connector wrote with the JSON converter: after a run
 * with deletions and a change the activity feed brought between sweeps, the topics match the
 * latest SWEEP_COMPLETED's checksum (in-process and through the packaged jar); then copies of the
 * topics, each tampered with once, are caught on the side that differs: a membership missing, a
 * group altered, a deletion lost (its DELETED record and tombstone missing), and records written
 * after the checksum (not yet converged). The same copies without their envelopes check the
 * schemaless JSON form.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VerifyReplicaIT {

    private static final int PARTITIONS = 3;
    private static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(90);
    private static final ObjectMapper JSON = new ObjectMapper();

    private ConnectHarness harness;
    private Directory directory;
    private TopicCopies copies;

    @BeforeAll
    void start() {
        harness = new ConnectHarness(1, false, Map.of(), b -> b.activityVisibilityDelay(Duration.ofSeconds(1)));
        directory = harness.simulator.directory();
        copies = new TopicCopies(harness.connect.kafka(), PARTITIONS);
    }

    @AfterAll
    void stop() {
        if (harness != null) {
            harness.close();
        }
    }

    @Test
    void aConvergedReplicaMatchesAndEveryTamperedCopyIsCaughtOnItsSide() throws Exception {
        directory.populate(6, 3);
        Map<String, String> config = harness.connectorConfig();
        // Sweeps far enough apart for the feed to bring a change between them.
        config.put(ComplianceGroupsSourceConnectorConfig.SWEEP_INTERVAL_MS, "12000");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_FEED_MODE, "enabled");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_POLL_INTERVAL_MS, "1000");
        config.put(ComplianceGroupsSourceConnectorConfig.ACTIVITY_LAG_MS, "5000");
        config.put("topic.creation.default.partitions", Integer.toString(PARTITIONS));
        harness.startConnector(config);
        TopicReplica replica = harness.replica();
        replica.awaitSweepCompletedAfter(0, SWEEP_TIMEOUT);

        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        String added = directory.addMember(ids.get(2), "feed-added@example.com");
        Eventually.until(() -> replica.changes(TopicReplica.MEMBERS).stream()
                .anyMatch(c -> c.key().equals(ids.get(2) + "/" + added)), SWEEP_TIMEOUT.toMillis(), "feed change");
        assertThat(replica.lastCompletedSweep()).as("the feed brought it between sweeps").isEqualTo(1);
        SimMember leaving = directory.members(ids.get(0)).get(0);
        directory.removeMember(ids.get(0), leaving.userId());
        directory.deleteGroup(ids.get(1));
        long sweep = replica.awaitSweepCompletedAfter(1, SWEEP_TIMEOUT);

        TopicCopies.Verdict real = copies.verify(TopicCopies.realTopics());
        assertThat(real.exitCode()).as(real.report()).isZero();
        assertThat(real.report()).contains("sweep " + sweep, "matches");
        assertThat(runPackagedJar()).as("the packaged bin/verify-replica jar").isZero();

        TopicCopies.Topics topics = copies.read(false);
        String removed = ids.get(4) + "/" + directory.members(ids.get(4)).get(1).userId();
        String deletedMembership = ids.get(0) + "/" + leaving.userId();

        for (boolean schemaless : List.of(false, true)) {
            UnaryOperator<List<ConsumerRecord<byte[], byte[]>>> form = schemaless ? VerifyReplicaIT::withoutEnvelopes
                    : records -> records;
            String what = schemaless ? " (schemas.enable=false)" : " (schemas.enable=true)";

            TopicCopies.Verdict faithful = copies.verify(copies.copy(topics, form, form, form));
            assertThat(faithful.exitCode()).as("an untampered copy" + what + ":\n" + faithful.report()).isZero();

            TopicCopies.Verdict missing = copies.verify(copies.copy(topics, form,
                    form.andThen(r -> without(r, removed, false))::apply, form));
            assertThat(missing.exitCode()).as("a membership missing" + what + ":\n" + missing.report()).isEqualTo(1);
            assertThat(lineOf(missing.report(), "memberships")).contains("DIFFER (the replica has 1 fewer record)");
            assertThat(lineOf(missing.report(), "groups")).endsWith(": match");

            TopicCopies.Verdict altered = copies.verify(copies.copy(topics,
                    form.andThen(r -> renamedLatest(r, ids.get(5), "tampered"))::apply, form, form));
            assertThat(altered.exitCode()).as("a group altered" + what + ":\n" + altered.report()).isEqualTo(1);
            assertThat(lineOf(altered.report(), "groups")).contains("DIFFER (same count, different content)");
            assertThat(lineOf(altered.report(), "memberships")).endsWith(": match");

            TopicCopies.Verdict lostDeletion = copies.verify(copies.copy(topics, form,
                    form.andThen(r -> without(r, deletedMembership, true))::apply, form));
            assertThat(lostDeletion.exitCode()).as("a deletion lost" + what + ":\n" + lostDeletion.report())
                    .isEqualTo(1);
            assertThat(lineOf(lostDeletion.report(), "memberships")).contains("DIFFER (the replica has 1 more record)");
        }

        long completedAt = latestCompletionTimestamp(topics.sweeps());
        TopicCopies.Verdict moving = copies.verify(copies.copy(topics,
                r -> laterCopyRenamed(r, ids.get(5), completedAt + 1), r -> r, r -> r));
        assertThat(moving.exitCode()).as("a change written after the checksum:\n" + moving.report()).isEqualTo(2);
        assertThat(moving.report()).contains("not yet converged");
    }

    /** Runs target/verifier's jar as bin/verify-replica does, against the real topics. */
    private int runPackagedJar() throws IOException, InterruptedException {
        Path dir = Path.of(System.getProperty("verifier.dir", "target/verifier"));
        Path jar;
        try (Stream<Path> files = Files.list(dir)) {
            jar = files.filter(f -> f.getFileName().toString().endsWith("-verifier.jar")).findFirst().orElseThrow();
        }
        Path log = Path.of("target", "verify-replica-it", "jar.log");
        Files.createDirectories(log.getParent());
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-cp",
                jar + java.io.File.pathSeparator + dir.resolve("lib") + "/*",
                "io.complianceconnect.groups.verify.VerifyReplicaMain",
                "--bootstrap-server", harness.connect.kafka().bootstrapServers())
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(120, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("verify-replica did not finish; see " + log);
        }
        String output = Files.readString(log);
        assertThat(output).as(output).contains("Result: the replica matches");
        return process.exitValue();
    }

    private static String lineOf(String report, String side) {
        return report.lines().filter(l -> l.startsWith(side + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no " + side + " line in:\n" + report));
    }

    private static JsonNode json(byte[] bytes) {
        try {
            return bytes == null ? null : JSON.readTree(bytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static byte[] bytes(JsonNode node) {
        try {
            return JSON.writeValueAsBytes(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The record key as "group id" or "group id/user id" (keys carry the JSON envelope or not). */
    private static String keyText(ConsumerRecord<byte[], byte[]> r) {
        JsonNode key = json(r.key());
        JsonNode payload = key.has("payload") ? key.get("payload") : key;
        return payload.has("id") ? payload.get("id").asText()
                : payload.get("group_id").asText() + "/" + payload.get("user_id").asText();
    }

    private static JsonNode payload(byte[] value) {
        JsonNode node = json(value);
        return node != null && node.has("payload") ? node.get("payload") : node;
    }

    /** The schemaless form (schemas.enable=false): every key and value without its envelope. */
    private static List<ConsumerRecord<byte[], byte[]>> withoutEnvelopes(List<ConsumerRecord<byte[], byte[]>> records) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : records) {
            byte[] key = bytes(payload(r.key()));
            byte[] value = r.value() == null ? null : bytes(payload(r.value()));
            out.add(new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.timestamp(), r.timestampType(),
                    key.length, value == null ? -1 : value.length, key, value, r.headers(), r.leaderEpoch()));
        }
        return out;
    }

    /** Without the key's records: all of them, or only its DELETED record and tombstone. */
    private static List<ConsumerRecord<byte[], byte[]>> without(List<ConsumerRecord<byte[], byte[]>> records,
                                                               String key, boolean deletionOnly) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
        boolean found = out.removeIf(r -> keyText(r).equals(key) && (!deletionOnly || r.value() == null
                || "DELETED".equals(payload(r.value()).get("change_type").asText())));
        assertThat(found).as("records of " + key).isTrue();
        return out;
    }

    /** The group's latest record with another name. */
    private static List<ConsumerRecord<byte[], byte[]>> renamedLatest(List<ConsumerRecord<byte[], byte[]>> records,
                                                                      String groupId, String name) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
        for (int i = out.size() - 1; i >= 0; i--) {
            if (keyText(out.get(i)).equals(groupId)) {
                out.set(i, TopicCopies.withValue(out.get(i), renamed(out.get(i).value(), name)));
                return out;
            }
        }
        throw new AssertionError("no record of " + groupId);
    }

    /** The records plus, at the end, the group's latest record renamed and stamped {@code timestamp}. */
    private static List<ConsumerRecord<byte[], byte[]>> laterCopyRenamed(List<ConsumerRecord<byte[], byte[]>> records,
                                                                         String groupId, long timestamp) {
        List<ConsumerRecord<byte[], byte[]>> out = new ArrayList<>(records);
        ConsumerRecord<byte[], byte[]> latest = records.stream().filter(r -> keyText(r).equals(groupId))
                .reduce((a, b) -> b).orElseThrow();
        out.add(TopicCopies.withTimestamp(TopicCopies.withValue(latest, renamed(latest.value(), "renamed later")),
                timestamp));
        return out;
    }

    private static byte[] renamed(byte[] value, String name) {
        JsonNode node = json(value);
        ObjectNode payload = (ObjectNode) (node.has("payload") ? node.get("payload") : node);
        payload.put("name", name);
        return bytes(node);
    }

    private static long latestCompletionTimestamp(List<ConsumerRecord<byte[], byte[]>> sweeps) {
        return sweeps.stream().filter(r -> "SWEEP_COMPLETED".equals(payload(r.value()).get("event").asText()))
                .mapToLong(ConsumerRecord::timestamp).max().orElseThrow();
    }
}
