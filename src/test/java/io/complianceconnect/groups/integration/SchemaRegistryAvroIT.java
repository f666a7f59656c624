package io.complianceconnect.groups.integration;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.mapping.AvroContract;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.mapping.MemberEmails;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.avro.Schema;
import org.apache.avro.SchemaBuilder;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Connector → Avro converter → a real Schema Registry → a consumer that knows nothing but the registry's
 * Confluent API. The registry is Apicurio Registry 2.6 in a child process on loopback; the connector runs on
 * an in-process Connect cluster with Apicurio's {@code AvroConverter} for keys and values (writing the Confluent
 * wire format). Records are read as raw bytes, their schema fetched by id through {@code /apis/ccompat/v7},
 * decoded with Avro and compared with the simulator's directory: the snapshot, then changes and deletions with
 * their tombstones. The subjects are then administered as an operator would through the same API, and
 * verify-replica checks the Avro replica against the directory checksum (and catches a tampered copy).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SchemaRegistryAvroIT {

    private static final String AVRO_CONVERTER = "io.apicurio.registry.utils.converter.AvroConverter";
    private static final Duration SWEEP_TIMEOUT = Duration.ofSeconds(90);

    private SchemaRegistryProcess registry;
    private ConnectHarness harness;
    private Directory directory;
    private RegistryAvroReader avro;
    private AvroTopics topics;
    /** The sweep that completed the snapshot; 0 until the snapshot test got that far. */
    private long snapshotSweep;

    @BeforeAll
    void start() throws Exception {
        registry = SchemaRegistryProcess.start(Path.of("target", "schema-registry-it", "registry.log"));
        try {
            harness = new ConnectHarness(1, false);
        } catch (RuntimeException | Error e) {
            registry.close();
            throw e;
        }
        directory = harness.simulator.directory();
        avro = new RegistryAvroReader(registry.confluentApi());
        topics = new AvroTopics(avro, topic -> TopicReplica.readAll(harness.connect.kafka(), topic, false),
                SWEEP_TIMEOUT, () -> harness.connect.connectorStatus(ConnectHarness.CONNECTOR).toString());
    }

    @AfterAll
    void stop() {
        try {
            if (harness != null) {
                harness.close();
            }
        } finally {
            registry.close();
        }
    }

    @Test
    @Order(1)
    void theSnapshotIsInTheWireFormatWithTheCommittedSchemasAndDecodesToTheDirectory() throws Exception {
        AvroTopics.populateWithExtraFields(directory);

        harness.startConnector(avroConnectorConfig());
        snapshotSweep = topics.awaitSweepCompletedAfter(0);

        topics.assertWireFormatWithTheSubjectsIds();
        topics.assertCompactedTopicsEqualTheDirectory(directory);
        assertThat(topics.changes(AvroTopics.GROUPS)).extracting(AvroTopics.Change::changeType)
                .containsOnly("SNAPSHOT").hasSize(directory.groups().size());
        assertThat(topics.changes(AvroTopics.MEMBERS)).extracting(AvroTopics.Change::changeType)
                .containsOnly("SNAPSHOT").hasSize((int) directory.membershipCount());
        topics.assertRegisteredSchemasAreTheContract();
    }

    @Test
    @Order(2)
    void changesAndDeletionsAfterTheSnapshotDecodeWithTheSameSchemas() throws Exception {
        Assumptions.assumeTrue(snapshotSweep > 0, "the snapshot test did not complete");
        List<String> ids = directory.groups().stream().map(SimGroup::id).toList();
        String renamed = ids.get(1);
        String deleted = ids.get(3);   // one of the larger groups: its memberships go too
        List<String> deletedMemberships = directory.members(deleted).stream()
                .map(m -> deleted + "/" + m.userId()).toList();
        SimMember leaving = directory.members(ids.get(0)).get(3);
        SimMember changingEmail = directory.members(ids.get(4)).get(0);
        Map<Integer, Long> groupsBefore = topics.endOffsets(AvroTopics.GROUPS);
        Map<Integer, Long> membersBefore = topics.endOffsets(AvroTopics.MEMBERS);

        String nameBefore = directory.group(renamed).orElseThrow().name();
        Instant changedAt = Instant.now();
        directory.renameGroup(renamed, "Renamed behind the registry");
        directory.assignRole(renamed, "role_gained_behind_the_registry");
        directory.deleteGroup(deleted);
        String created = directory.createGroup("Created behind the registry", "new", "direct", List.of("role_x"));
        String joiner = directory.addMember(created, "joiner@example.com");
        directory.removeMember(ids.get(0), leaving.userId());
        directory.updateMemberEmail(changingEmail.userId(), "changed@example.com");

        topics.awaitSweepStartedAfter(changedAt);

        topics.assertWireFormatWithTheSubjectsIds();
        topics.assertCompactedTopicsEqualTheDirectory(directory);
        List<AvroTopics.Change> groupChanges = topics.changesSince(AvroTopics.GROUPS, groupsBefore);
        assertThat(groupChanges).extracting(AvroTopics.Change::describe).containsExactlyInAnyOrder(
                "UPDATED " + renamed, "DELETED " + deleted, "tombstone " + deleted, "CREATED " + created);
        // Contract version 3: the UPDATED record says what the group was called and which roles it had.
        GroupRecordOf update = new GroupRecordOf(groupChanges.stream()
                .filter(c -> "UPDATED".equals(c.changeType())).findFirst().orElseThrow().value());
        assertThat(update.previous("name")).isEqualTo(nameBefore);
        assertThat(update.rolesGained()).containsExactly("role_gained_behind_the_registry");
        assertThat(update.changedFields()).contains("name", "roles").isSubsetOf("name", "roles", "updated_at");
        groupChanges.stream().filter(c -> c.value() != null && !"UPDATED".equals(c.changeType()))
                .forEach(c -> assertThat(c.value().get("previous")).as(c.describe()).isNull());
        List<String> memberChanges = topics.changesSince(AvroTopics.MEMBERS, membersBefore).stream()
                .map(AvroTopics.Change::describe).toList();
        List<String> expected = new ArrayList<>(List.of("CREATED " + created + "/" + joiner,
                "DELETED " + ids.get(0) + "/" + leaving.userId(), "tombstone " + ids.get(0) + "/" + leaving.userId()));
        deletedMemberships.forEach(key -> expected.addAll(List.of("DELETED " + key, "tombstone " + key)));
        directory.groupsOfUser(changingEmail.userId())
                .forEach(groupId -> expected.add("UPDATED " + groupId + "/" + changingEmail.userId()));
        assertThat(memberChanges).containsExactlyInAnyOrderElementsOf(expected);
        // DELETED records and tombstones did not make the converter register another schema version.
        topics.assertRegisteredSchemasAreTheContract();
    }

    @Test
    @Order(3)
    void theSubjectsTakeBackwardCompatibilityAcceptTheCommittedSchemasAndRefuseAnIncompatibleChange() {
        Assumptions.assumeTrue(snapshotSweep > 0, "the snapshot test did not complete");
        assertThat(avro.subjects()).containsExactlyInAnyOrderElementsOf(AvroTopics.CONTRACT_OF_SUBJECT.keySet());
        for (Map.Entry<String, String> subject : AvroTopics.CONTRACT_OF_SUBJECT.entrySet()) {
            RegistryAvroReader.Answer set = avro.setCompatibility(subject.getKey(), "BACKWARD");
            assertThat(set.status()).as(subject.getKey() + ": " + set.body()).isEqualTo(200);
            assertThat(avro.compatibility(subject.getKey())).as(subject.getKey()).isEqualTo("BACKWARD");

            // Every committed contract version is accepted; the one in use is found again under its id (an
            // older one is only checked: registering it would make it the subject's latest version).
            int idInUse = avro.latestId(subject.getKey());
            for (Path version : AvroContract.versionDirs(AvroContract.committedRoot())) {
                Schema committed = AvroContract.parse(version.resolve(subject.getValue()));
                RegistryAvroReader.Answer check = avro.checkCompatibility(subject.getKey(), committed);
                assertThat(check.body().path("is_compatible").asBoolean())
                        .as(version.getFileName() + "/" + subject.getValue() + " under BACKWARD: " + check.body())
                        .isTrue();
                if (version.equals(AvroContract.newestVersionDir(AvroContract.committedRoot()))) {
                    RegistryAvroReader.Answer registered = avro.register(subject.getKey(), committed);
                    assertThat(registered.status()).as(registered.body().toString()).isEqualTo(200);
                    assertThat(registered.body().path("id").asInt()).isEqualTo(idInUse);
                }
            }

            // A field without a default cannot be read from the data already written: refused.
            Schema incompatible = withRequiredField(AvroTopics.committedSchema(subject.getKey()));
            RegistryAvroReader.Answer check = avro.checkCompatibility(subject.getKey(), incompatible);
            assertThat(check.body().path("is_compatible").asBoolean()).as(check.body().toString()).isFalse();
            RegistryAvroReader.Answer refused = avro.register(subject.getKey(), incompatible);
            assertThat(refused.status()).as(subject.getKey() + ": " + refused.body()).isEqualTo(409);
            assertThat(avro.latestId(subject.getKey())).isEqualTo(idInUse);
        }
        assertThat(AvroTopics.CONTRACT_OF_SUBJECT.keySet())
                .allSatisfy(subject -> assertThat(avro.versions(subject)).as(subject).containsExactly(1));
    }

    @Test
    @Order(4)
    void verifyReplicaMatchesTheAvroReplicaAndCatchesATamperedCopy() throws Exception {
        Assumptions.assumeTrue(snapshotSweep > 0, "the snapshot test did not complete");
        long sweep = topics.awaitSweepCompletedAfter(topics.awaitSweepCompletedAfter(0));
        String[] registryFlag = {"--schema-registry-url", registry.confluentApi().toString()};
        TopicCopies copies = new TopicCopies(harness.connect.kafka(), 3);

        TopicCopies.Verdict real = copies.verify(TopicCopies.realTopics(), registryFlag);
        assertThat(real.exitCode()).as(real.report()).isZero();
        assertThat(real.report()).contains("matches");

        TopicCopies.Topics read = copies.read(false);
        SimGroup group = directory.groups().get(0);
        String removed = group.id() + "/" + directory.members(group.id()).get(0).userId();
        TopicCopies.Verdict tampered = copies.verify(copies.copy(read, r -> r,
                r -> r.stream().filter(m -> !keyText(m.key()).equals(removed)).toList(), r -> r), registryFlag);
        assertThat(tampered.exitCode()).as(tampered.report()).isEqualTo(1);
        assertThat(tampered.report()).contains("the replica has 1 fewer record", "differs from the checksum in its "
                + "memberships");
        assertThat(sweep).isGreaterThan(snapshotSweep);
    }

    private String keyText(byte[] key) {
        org.apache.avro.generic.GenericRecord record = avro.decode(key).record();
        return record.getSchema().getField("id") != null ? RegistryAvroReader.text(record.get("id"))
                : RegistryAvroReader.text(record.get("group_id")) + "/" + RegistryAvroReader.text(record.get("user_id"));
    }

    /** After the subjects test: its own connector and topics, so the subjects above stay the contract's. */
    @Test
    @Order(5)
    void pseudonymsGoThroughAvroAndTheRegistryWithTheSameSchemaAndNoEmail() throws Exception {
        Assumptions.assumeTrue(snapshotSweep > 0, "the snapshot test did not complete");
        String key = "schema-registry-it-hmac-key-01";
        Map<String, String> config = avroConnectorConfig();
        config.put("groups.topic", "pii-avro.groups");
        config.put("members.topic", "pii-avro.members");
        config.put("sweeps.topic", "pii-avro.sweeps");
        config.put("member.email.mode", "hmac-sha256");
        config.put("member.email.hmac.key", key);
        harness.startConnector("avro-pseudonyms", config);
        Eventually.until(() -> readDecoded("pii-avro.sweeps").stream().anyMatch(v -> v != null
                && "SWEEP_COMPLETED".equals(RegistryAvroReader.text(v.get("event")))), SWEEP_TIMEOUT.toMillis(),
                "no SWEEP_COMPLETED in pii-avro.sweeps");
        harness.connect.deleteConnector("avro-pseudonyms");

        MemberEmails hmac = MemberEmails.hmacSha256(key);
        Map<String, String> expected = new HashMap<>();
        List<String> emails = new ArrayList<>();
        for (SimGroup g : directory.groups()) {
            for (SimMember m : directory.members(g.id())) {
                expected.put(g.id() + "/" + m.userId(), hmac.published(m.email()));
                emails.add(m.email().toLowerCase(Locale.ROOT));
            }
        }
        Map<String, String> written = new HashMap<>();
        List<ConsumerRecord<byte[], byte[]>> raw = TopicReplica.readAll(harness.connect.kafka(), "pii-avro.members",
                false);
        for (ConsumerRecord<byte[], byte[]> r : raw) {
            String bytes = (new String(r.key(), StandardCharsets.UTF_8) + (r.value() == null ? ""
                    : new String(r.value(), StandardCharsets.UTF_8))).toLowerCase(Locale.ROOT);
            for (String email : emails) {
                assertThat(bytes).as("pii-avro.members offset " + r.offset()).doesNotContain(email);
            }
            RegistryAvroReader.Decoded value = avro.decode(r.value());
            if (value != null) {
                GenericRecord k = avro.decode(r.key()).record();
                written.put(RegistryAvroReader.text(k.get("group_id")) + "/" + RegistryAvroReader.text(k.get("user_id")),
                        RegistryAvroReader.text(value.record().get("email")));
                assertThat(value.writerSchema()).as("the committed GroupMember schema, whatever the mode")
                        .isEqualTo(AvroTopics.committedSchema(AvroTopics.MEMBERS + "-value"));
            }
        }
        assertThat(written).isEqualTo(expected);
    }

    private List<GenericRecord> readDecoded(String topic) {
        List<GenericRecord> values = new ArrayList<>();
        for (ConsumerRecord<byte[], byte[]> r : TopicReplica.readAll(harness.connect.kafka(), topic, false)) {
            RegistryAvroReader.Decoded d = avro.decode(r.value());
            values.add(d == null ? null : d.record());
        }
        return values;
    }

    private Map<String, String> avroConnectorConfig() {
        Map<String, String> config = harness.connectorConfig();
        for (String converter : List.of("key.converter", "value.converter")) {
            config.put(converter, AVRO_CONVERTER);
            config.put(converter + ".apicurio.registry.url", registry.nativeApi().toString());
            config.put(converter + ".apicurio.registry.auto-register", "true");
            // The Confluent wire format: magic byte, 4-byte id, no Apicurio headers.
            config.put(converter + ".apicurio.registry.as-confluent", "true");
            config.put(converter + ".apicurio.registry.use-id", "contentId");
            config.put(converter + ".apicurio.registry.headers.enabled", "false");
        }
        return config;
    }

    /** The schema with one more field that has no default: a reader of it cannot read what was written before. */
    private static Schema withRequiredField(Schema schema) {
        SchemaBuilder.FieldAssembler<Schema> fields = SchemaBuilder.record(schema.getName())
                .namespace(schema.getNamespace()).fields();
        for (Schema.Field field : schema.getFields()) {
            fields = fields.name(field.name()).type(field.schema()).noDefault();
        }
        return fields.name("added_without_default").type().stringType().noDefault().endRecord();
    }

    /**
     * Each committed contract version, registered in order under a subject kept at BACKWARD, is accepted
     * over the one before it (after the other tests, which check the list of subjects): a registry that holds the schemas of an older connector version takes the
     * new one (version 3: a group's previous values and changed fields).
     */
    @Test
    @Order(10)
    void eachCommittedVersionIsAcceptedOverTheOneBeforeItUnderBackward() {
        for (String file : AvroTopics.CONTRACT_OF_SUBJECT.values()) {
            String subject = "evolution-" + file.replace(".avsc", "");
            List<Path> versions = AvroContract.versionDirs(AvroContract.committedRoot());
            RegistryAvroReader.Answer first = avro.register(subject, AvroContract.parse(versions.get(0).resolve(file)));
            assertThat(first.status()).as(subject + ": " + first.body()).isEqualTo(200);
            RegistryAvroReader.Answer set = avro.setCompatibility(subject, "BACKWARD");
            assertThat(set.status()).as(subject + ": " + set.body()).isEqualTo(200);
            for (Path version : versions.subList(1, versions.size())) {
                RegistryAvroReader.Answer registered = avro.register(subject, AvroContract.parse(version.resolve(file)));
                assertThat(registered.status()).as(version.getFileName() + "/" + file + " over its predecessor: "
                        + registered.body()).isEqualTo(200);
            }
        }
    }

    /** A decoded group record's change fields, as a consumer reads them. */
    private record GroupRecordOf(GenericRecord value) {
        Object previous(String field) {
            GenericRecord previous = (GenericRecord) value.get("previous");
            return RegistryAvroReader.text(previous.get(field));
        }

        List<String> changedFields() {
            return strings(value.get("changed_fields"));
        }

        List<String> rolesGained() {
            List<String> before = strings(((GenericRecord) value.get("previous")).get("roles"));
            return strings(value.get("roles")).stream().filter(r -> !before.contains(r)).toList();
        }

        private static List<String> strings(Object avroArray) {
            List<String> strings = new ArrayList<>();
            ((List<?>) avroArray).forEach(item -> strings.add(item.toString()));
            return strings;
        }
    }
}
