package io.complianceconnect.groups.mapping;

import java.util.Map;
import org.apache.kafka.connect.data.Schema;
import org.apache.kafka.connect.data.SchemaBuilder;
import org.apache.kafka.connect.data.Timestamp;

/**
 * The Connect schemas of every key and value the connector writes. They are the public contract:
 * consumers read them through the Avro converter, and the Avro each one becomes is committed under
 * {@code src/main/avro/vN/} and checked by the tests. Change them only in ways old data stays
 * readable (a new field must be optional or have a default), and commit the new Avro as the next
 * version. Never change a key schema, not even its docs: with a schema registry the schema id is
 * part of the key bytes, so a new key schema moves a group's records to another partition and
 * defeats compaction.
 *
 * <p>Docs: Connect has no per-field doc, and the Avro converter turns a field schema's
 * {@code doc()} into a {@code connect.doc} property of the field's type, which Avro tools do not
 * show. So record and field docs are given as the converter's documented doc parameters
 * ({@value #AVRO_RECORD_DOC}, {@value #AVRO_FIELD_DOC_PREFIX}{@code <field>}), which become real
 * Avro {@code doc}s; the struct's own {@code doc()} is set too, for Connect-side tools.
 *
 * <p>Timestamps are Connect {@link Timestamp}s ({@code timestamp-millis} in Avro): millisecond
 * precision, finer parts are dropped.
 */
public final class ComplianceSchemas {

    /** The namespace of every schema name. */
    public static final String NAMESPACE = "io.complianceconnect.groups";

    /**
     * The contract version of the value schemas; bump it together with a new {@code src/main/avro/vN}.
     * Version 2 adds the directory checksum to sweep events; version 3 the previous values and
     * changed fields of UPDATED group records, the changed fields of UPDATED membership records, and
     * the re-snapshot request sweep events carry.
     */
    public static final int VERSION = 3;
    /** The version of the key schemas: fixed forever, since a key schema never changes (see above). */
    public static final int KEY_VERSION = 1;

    /** Schema parameter that the Avro converter writes as the record's Avro doc. */
    static final String AVRO_RECORD_DOC = "io.confluent.connect.avro.record.doc";
    /** Schema parameter prefix (plus the field name) that the Avro converter writes as a field's Avro doc. */
    static final String AVRO_FIELD_DOC_PREFIX = "io.confluent.connect.avro.field.doc.";

    private static final Schema OPTIONAL_TIMESTAMP = Timestamp.builder().optional().build();
    private static final Schema OPTIONAL_STRING_ARRAY =
            SchemaBuilder.array(Schema.STRING_SCHEMA).optional().build();
    /** Required but with a default, so a reader of a future version without it still gets a value. */
    private static final Schema EXTRA_MAP = SchemaBuilder.map(Schema.STRING_SCHEMA, Schema.STRING_SCHEMA)
            .defaultValue(Map.of())
            .build();

    private static final String GROUP_ID_DOC = "The group's id, a tagged id such as rbac_group_abc123.";
    private static final String USER_ID_DOC = "The user's id, a tagged id such as user_abc123.";
    private static final String CHANGE_TYPE_DOC = "What happened: SNAPSHOT (state found by a full "
            + "snapshot), CREATED, UPDATED, or DELETED (the record then carries identity only).";
    private static final String SWEEP_DOC = "The number of the sweep that observed the change.";
    private static final String OBSERVED_AT_DOC =
            "When the connector observed the change (millisecond precision).";

    public static final Schema GROUP_KEY = keyStruct("GroupKey",
            "Key of a group change record: the group's identity. All records of one group share a "
                    + "partition and keep their order.")
            .field("id", Schema.STRING_SCHEMA, GROUP_ID_DOC)
            .build();

    public static final Schema MEMBER_KEY = keyStruct("GroupMemberKey",
            "Key of a membership change record: one user in one group. All records of one "
                    + "membership share a partition and keep their order.")
            .field("group_id", Schema.STRING_SCHEMA, GROUP_ID_DOC)
            .field("user_id", Schema.STRING_SCHEMA, USER_ID_DOC)
            .build();

    /** What a group was before the change an UPDATED record reports. */
    public static final Schema GROUP_PREVIOUS = struct("GroupPrevious",
            "The group's values before the change, as the connector last stored them (see the record "
                    + "contract).")
            .field("name", Schema.OPTIONAL_STRING_SCHEMA, "The previous name.")
            .field("description", Schema.OPTIONAL_STRING_SCHEMA, "The previous description.")
            .field("source_type", Schema.OPTIONAL_STRING_SCHEMA, "The previous source type.")
            .field("created_at", OPTIONAL_TIMESTAMP, "The previous created_at (millisecond precision).")
            .field("updated_at", OPTIONAL_TIMESTAMP, "The previous updated_at (millisecond precision).")
            .field("roles", OPTIONAL_STRING_ARRAY, "The previous roles: with roles, a consumer computes "
                    + "the roles gained and lost.")
            .field("not_kept", OPTIONAL_STRING_ARRAY, "Fields whose previous value was too long for the "
                    + "connector to keep: null above although they had a value (changed_fields still "
                    + "says whether they changed).")
            .optional()
            .build();

    public static final Schema GROUP_VALUE = struct("Group",
            "A change to a group of the Compliance API directory. SNAPSHOT, CREATED and UPDATED "
                    + "records carry the group's whole state as observed; DELETED records carry its "
                    + "identity only.")
            .field("id", Schema.STRING_SCHEMA, GROUP_ID_DOC)
            .field("name", Schema.OPTIONAL_STRING_SCHEMA,
                    "The group's display name. Null in DELETED records, and when the API gave none or "
                            + "an unusable one (then the raw value is in extra, under 'name').")
            .field("description", Schema.OPTIONAL_STRING_SCHEMA,
                    "Free text, may be empty. Null when the API gave none, and in DELETED records.")
            .field("source_type", Schema.OPTIONAL_STRING_SCHEMA,
                    "How the group is managed: 'direct' (created in the admin UI) or 'scim' "
                            + "(provisioned by an identity provider); other values may appear and "
                            + "are valid. Null when the API gave none, and in DELETED records.")
            .field("created_at", OPTIONAL_TIMESTAMP,
                    "When the group was created, as the API reports it (millisecond precision). "
                            + "Null when the API gave none, and in DELETED records.")
            .field("updated_at", OPTIONAL_TIMESTAMP,
                    "When the group was last updated, as the API reports it (millisecond "
                            + "precision). Null when the API gave none, and in DELETED records.")
            .field("roles", OPTIONAL_STRING_ARRAY,
                    "Ids of the roles the group grants. Null when the API did not report roles "
                            + "(older API revisions) and in DELETED records; empty when it reported "
                            + "none.")
            .field("extra", EXTRA_MAP, extraDoc("group"))
            .field("change_type", Schema.STRING_SCHEMA, CHANGE_TYPE_DOC)
            .field("sweep", Schema.INT64_SCHEMA, SWEEP_DOC)
            .field("observed_at", Timestamp.SCHEMA, OBSERVED_AT_DOC)
            .field("previous", GROUP_PREVIOUS,
                    "UPDATED only: the group's values before the change. Null in SNAPSHOT, CREATED and "
                            + "DELETED records, and when the connector had no values stored for the group (its "
                            + "first UPDATED record after an upgrade from a version that wrote contract "
                            + "version 2 or earlier).")
            .field("changed_fields", OPTIONAL_STRING_ARRAY,
                    "UPDATED only: the top-level fields that changed, a key of extra as 'extra.<key>' "
                            + "('extra' alone when the connector kept only a digest of the whole map); "
                            + "empty when the record repeats unchanged content. Null when previous is.")
            .build();

    public static final Schema MEMBER_VALUE = struct("GroupMember",
            "A change to a membership (one user in one group) of the Compliance API directory. "
                    + "SNAPSHOT, CREATED and UPDATED records carry the membership's whole state as "
                    + "observed; DELETED records carry its identity only.")
            .field("group_id", Schema.STRING_SCHEMA, GROUP_ID_DOC)
            .field("user_id", Schema.STRING_SCHEMA, USER_ID_DOC)
            .field("email", Schema.OPTIONAL_STRING_SCHEMA,
                    "The member's email when observed; personal data. Null in DELETED records "
                            + "(and should the API ever omit it).")
            .field("created_at", OPTIONAL_TIMESTAMP,
                    "When the membership was created, as the API reports it (millisecond "
                            + "precision). Null when the API gave none, and in DELETED records.")
            .field("updated_at", OPTIONAL_TIMESTAMP,
                    "When the membership was last updated, as the API reports it (millisecond "
                            + "precision). Null when the API gave none, and in DELETED records.")
            .field("extra", EXTRA_MAP, extraDoc("member"))
            .field("change_type", Schema.STRING_SCHEMA, CHANGE_TYPE_DOC)
            .field("sweep", Schema.INT64_SCHEMA, SWEEP_DOC)
            .field("observed_at", Timestamp.SCHEMA, OBSERVED_AT_DOC)
            .field("changed_fields", OPTIONAL_STRING_ARRAY,
                    "UPDATED only: the fields that changed since the membership's previous record, in "
                            + "this order: email, created_at, updated_at, then extra.<key> for each key of "
                            + "extra that appeared or changed (by key), then extra when a key was removed. "
                            + "Empty when nothing changed (a re-emitted record). Null in SNAPSHOT, CREATED and "
                            + "DELETED records, and in an UPDATED one when the connector cannot tell (see "
                            + "docs/guarantees.md).")
            .build();

    public static final Schema SWEEP_KEY = keyStruct("SweepKey",
            "Key of a sweep progress event: the connector, so one connector's events keep their "
                    + "order.")
            .field("connector", Schema.STRING_SCHEMA, "The connector's name.")
            .build();

    public static final Schema SWEEP_VALUE = struct("SweepEvent",
            "Progress of a sweep, one full pass of the connector over the directory's groups and "
                    + "memberships.")
            .field("connector", Schema.STRING_SCHEMA, "The connector's name.")
            .field("event", Schema.STRING_SCHEMA,
                    "SWEEP_STARTED, SWEEP_COMPLETED, or CHECKPOINT (progress within a running "
                            + "sweep). Other values may be added.")
            .field("sweep", Schema.INT64_SCHEMA, "The number of the sweep.")
            .field("at", Timestamp.SCHEMA, "When the event happened (millisecond precision).")
            .field("groups_seen", Schema.INT64_SCHEMA, "Groups listed in this sweep so far.")
            .field("members_seen", Schema.INT64_SCHEMA, "Memberships listed in this sweep so far.")
            .field("changes", Schema.INT64_SCHEMA, "Change records emitted in this sweep so far.")
            .field("requests", Schema.INT64_SCHEMA, "API requests made in this sweep so far.")
            .field("resumed", Schema.BOOLEAN_SCHEMA,
                    "True if the sweep was resumed after a restart rather than started afresh.")
            .field("group_count", Schema.OPTIONAL_INT64_SCHEMA,
                    "SWEEP_COMPLETED only: how many current group records the replica holds when the "
                            + "sweep completes. Null in other events, and when the connector cannot vouch "
                            + "for the checksum of this sweep.")
            .field("group_digest", Schema.OPTIONAL_STRING_SCHEMA,
                    "SWEEP_COMPLETED only: the sum, mod 2^64, of the content digests of those group "
                            + "records, as 16 lowercase hex digits (see the record contract). Null "
                            + "when group_count is.")
            .field("membership_count", Schema.OPTIONAL_INT64_SCHEMA,
                    "SWEEP_COMPLETED only: how many current membership records the replica holds when "
                            + "the sweep completes. Null when group_count is.")
            .field("membership_digest", Schema.OPTIONAL_STRING_SCHEMA,
                    "SWEEP_COMPLETED only: the sum, mod 2^64, of the content digests of those "
                            + "membership records, as 16 lowercase hex digits. Null when group_count is.")
            .field("snapshot_request", Schema.OPTIONAL_STRING_SCHEMA,
                    "The re-snapshot request (the connector's snapshot.request value) this sweep carries: "
                            + "it emits every group the request covers, and their memberships, as SNAPSHOT even "
                            + "when unchanged. Set in every event of that sweep, so its SWEEP_COMPLETED says the "
                            + "request is done; null in other sweeps.")
            .build();

    private ComplianceSchemas() {
    }

    private static String extraDoc(String object) {
        return "Fields of the API's " + object + " object that this connector version does not know, "
                + "name to JSON text, so fields the API adds later are carried through. Empty, "
                + "never null.";
    }

    private static DocumentedStruct struct(String simpleName, String doc) {
        return new DocumentedStruct(simpleName, doc, VERSION);
    }

    private static DocumentedStruct keyStruct(String simpleName, String doc) {
        return new DocumentedStruct(simpleName, doc, KEY_VERSION);
    }

    /** A struct schema builder that takes each field's doc along with the field. */
    private static final class DocumentedStruct {
        private final SchemaBuilder builder;

        DocumentedStruct(String simpleName, String doc, int version) {
            builder = SchemaBuilder.struct()
                    .name(NAMESPACE + "." + simpleName)
                    .version(version)
                    .doc(doc)
                    .parameter(AVRO_RECORD_DOC, doc);
        }

        DocumentedStruct field(String name, Schema schema, String doc) {
            builder.parameter(AVRO_FIELD_DOC_PREFIX + name, doc).field(name, schema);
            return this;
        }

        DocumentedStruct optional() {
            builder.optional();
            return this;
        }

        Schema build() {
            return builder.build();
        }
    }
}
