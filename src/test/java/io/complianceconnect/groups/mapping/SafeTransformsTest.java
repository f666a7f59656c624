package io.complianceconnect.groups.mapping;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.kafka.connect.transforms.Cast;
import org.apache.kafka.connect.transforms.DropHeaders;
import org.apache.kafka.connect.transforms.Filter;
import org.apache.kafka.connect.transforms.HoistField;
import org.apache.kafka.connect.transforms.InsertField;
import org.apache.kafka.connect.transforms.InsertHeader;
import org.apache.kafka.connect.transforms.MaskField;
import org.apache.kafka.connect.transforms.RegexRouter;
import org.apache.kafka.connect.transforms.ReplaceField;
import org.apache.kafka.connect.transforms.Transformation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The transforms docs/guarantees.md lists as safe, applied to this connector's own records: each keeps
 * every record, with its key, and keeps a tombstone a tombstone (so compaction still removes a deleted
 * entity). The unsafe ones it names fail the same check.
 */
class SafeTransformsTest {

    private static final ChangeRecords RECORDS = new ChangeRecords("hr", "compliance.groups",
            "compliance.group-members", "compliance.sweeps", true);
    private static final ChangeMetadata CREATED = new ChangeMetadata(ChangeType.CREATED, 3, Instant.EPOCH);
    private static final ChangeMetadata DELETED = new ChangeMetadata(ChangeType.DELETED, 3, Instant.EPOCH);

    /** @param onlyTopic the topic a predicate would restrict it to, or null for all (as TopicNameMatches would) */
    record Named(String name, Supplier<Transformation<SourceRecord>> transform, Map<String, String> config,
                 String onlyTopic) {
        Named(String name, Supplier<Transformation<SourceRecord>> transform, Map<String, String> config) {
            this(name, transform, config, null);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Named> safe() {
        return Stream.of(
                new Named("InsertField$Value", InsertField.Value::new,
                        Map.of("static.field", "origin", "static.value", "compliance", "topic.field", "topic")),
                new Named("ReplaceField$Value", ReplaceField.Value::new, Map.of("renames", "observed_at:seen_at")),
                new Named("InsertHeader", InsertHeader::new, Map.of("header", "source", "value.literal", "compliance")),
                new Named("DropHeaders", DropHeaders::new, Map.of("headers", "source")),
                new Named("Cast$Value", Cast.Value::new, Map.of("spec", "sweep:string")),
                new Named("RegexRouter", RegexRouter::new,
                        Map.of("regex", "compliance\\.(.*)", "replacement", "directory.$1")));
    }

    @ParameterizedTest
    @MethodSource("safe")
    void aSafeTransformKeepsEveryRecordItsKeyAndEveryTombstone(Named safe) {
        assertThat(problems(safe)).isEmpty();
    }

    /**
     * Filter drops the record; HoistField turns a tombstone into a record, which compaction then keeps;
     * MaskField fails the task at the first tombstone even when a predicate limits it to the members topic
     * (one predicate per transform cannot also skip tombstones): member.email.mode is the way to hide emails.
     */
    @Test
    void theTransformsNamedUnsafeFailTheSameCheck() {
        assertThat(problems(new Named("Filter", Filter::new, Map.of())))
                .contains("dropped the CREATED group record", "dropped the tombstone");
        assertThat(problems(new Named("HoistField$Value", HoistField.Value::new, Map.of("field", "wrapped"))))
                .contains("turned the tombstone into a record");
        assertThat(problems(new Named("MaskField$Value", MaskField.Value::new, Map.of("fields", "email"),
                "compliance.group-members"))).containsExactly("failed on the tombstone");
    }

    private static List<String> problems(Named named) {
        Group group = new Group("rbac_group_1", "Security", null, null, null, null, null, null);
        GroupMember member = new GroupMember("rbac_group_1", "user_7", "ada@example.com", null, null, Map.of());
        List<ChangeRecord> deletion = RECORDS.memberDeleted("rbac_group_1", "user_7", DELETED);
        Map<String, ChangeRecord> cases = Map.of("CREATED group record", RECORDS.groupChanged(group, CREATED),
                "CREATED membership record", RECORDS.memberChanged(member, CREATED),
                "DELETED membership record", deletion.get(0), "tombstone", deletion.get(1));
        List<String> problems = new ArrayList<>();
        try (Transformation<SourceRecord> transform = named.transform().get()) {
            transform.configure(named.config());
            cases.forEach((what, record) -> {
                if (named.onlyTopic() != null && !named.onlyTopic().equals(record.topic())) {
                    return;
                }
                SourceRecord in = new SourceRecord(Map.of("kind", "test"), Map.of("v", 1), record.topic(), null,
                        record.keySchema(), record.key(), record.valueSchema(), record.value());
                SourceRecord out;
                try {
                    out = transform.apply(in);
                } catch (RuntimeException e) {
                    problems.add("failed on the " + what);
                    return;
                }
                if (out == null) {
                    problems.add("dropped the " + what);
                } else if (!record.key().equals(out.key())) {
                    problems.add("changed the key of the " + what);
                } else if (record.isTombstone() && out.value() != null) {
                    problems.add("turned the " + what + " into a record");
                } else if (!record.isTombstone() && out.value() == null) {
                    problems.add("turned the " + what + " into a tombstone");
                }
            });
        }
        return problems;
    }
}
