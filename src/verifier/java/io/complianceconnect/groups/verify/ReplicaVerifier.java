package io.complianceconnect.groups.verify;

import io.complianceconnect.groups.mapping.ContentDigest;
import io.complianceconnect.groups.mapping.DirectoryChecksum;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Compares a replica, the compacted groups and members topics, with the checksum of the latest
 * SWEEP_COMPLETED event. The replica is what a consumer materialises: per key, the latest record,
 * unless that is a DELETED record or a tombstone.
 *
 * <p>The rule while the connector keeps writing: the checksum accounts for exactly the records
 * timestamped before its event's own record (the connector stamps every earlier record earlier
 * and no later one earlier). So when the replica differs and a record at or after that timestamp
 * exists, the difference may be a change the next sweep's checksum will account for: the verdict
 * is "not yet converged", not "differs".
 */
final class ReplicaVerifier {

    /** The verdicts, each with its exit code. */
    enum Outcome {
        MATCHES(0), DIFFERS(1), NOT_YET_CONVERGED(2), NO_CHECKSUM(3);

        final int exitCode;

        Outcome(int exitCode) {
            this.exitCode = exitCode;
        }
    }

    /** The outcome and the report that explains it, line by line. */
    record Verdict(Outcome outcome, List<String> report) {
    }

    /** The latest SWEEP_COMPLETED: its record (whose timestamp is the cut) and its decoded fields. */
    private record Completion(TopicRecord record, Function<String, Object> fields) {
    }

    private final ValueDecoder decoder;
    private final String connector;

    /** @param connector only events of this connector count; null for any */
    ReplicaVerifier(ValueDecoder decoder, String connector) {
        this.decoder = decoder;
        this.connector = connector;
    }

    Verdict verify(Topic groups, Topic members, Topic sweeps) {
        List<String> report = new ArrayList<>();
        Completion completion = latestCompletion(sweeps);
        if (completion == null) {
            report.add("No SWEEP_COMPLETED event" + (connector == null ? "" : " of connector '" + connector + "'")
                    + " on " + sweeps.name() + ": nothing to verify against yet.");
            return new Verdict(Outcome.NO_CHECKSUM, report);
        }
        Function<String, Object> event = completion.fields();
        long completedAt = completion.record().timestampMs();
        report.add("Checksum: sweep " + event.apply("sweep") + " of connector '" + event.apply("connector")
                + "', SWEEP_COMPLETED at " + Instant.ofEpochMilli(completedAt) + ".");
        if (event.apply("group_count") == null) {
            report.add("That event carries no checksum (written by a connector before contract version 2, or after "
                    + "a restart the connector could not vouch for it). Run again after the next sweep.");
            return new Verdict(Outcome.NO_CHECKSUM, report);
        }
        DirectoryChecksum.Part expectedGroups = part(event, "group_count", "group_digest");
        DirectoryChecksum.Part expectedMembers = part(event, "membership_count", "membership_digest");

        Replica groupReplica = replica(groups, ContentDigest::group, completedAt);
        Replica memberReplica = replica(members, ContentDigest::membership, completedAt);
        boolean groupsMatch = expectedGroups.equals(groupReplica.part());
        boolean membersMatch = expectedMembers.equals(memberReplica.part());
        report.add(line("groups", groups.name(), expectedGroups, groupReplica.part()));
        report.add(line("memberships", members.name(), expectedMembers, memberReplica.part()));
        if (groupsMatch && membersMatch) {
            report.add("Result: the replica matches the checksum.");
            return new Verdict(Outcome.MATCHES, report);
        }
        String sides = groupsMatch ? "memberships" : membersMatch ? "groups" : "groups and memberships";
        long later = groupReplica.writtenLater() + memberReplica.writtenLater();
        if (later > 0) {
            report.add("Result: not yet converged: the " + sides + " differ, and " + later + " records were written at "
                    + "or after the checksum's event, which it does not account for. Run again after the next "
                    + "SWEEP_COMPLETED.");
            return new Verdict(Outcome.NOT_YET_CONVERGED, report);
        }
        report.add("Result: the replica differs from the checksum in its " + sides + ".");
        return new Verdict(Outcome.DIFFERS, report);
    }

    private Completion latestCompletion(Topic sweeps) {
        Completion latest = null;
        for (TopicRecord r : sweeps.records()) {
            if (r.value() == null) {
                continue;
            }
            Function<String, Object> fields = decoder.decode(sweeps.name(), r.value());
            if (!"SWEEP_COMPLETED".equals(fields.apply("event"))
                    || (connector != null && !connector.equals(fields.apply("connector")))) {
                continue;
            }
            if (latest == null || r.timestampMs() > latest.record().timestampMs()
                    || (r.timestampMs() == latest.record().timestampMs() && r.offset() > latest.record().offset())) {
                latest = new Completion(r, fields);
            }
        }
        return latest;
    }

    /** What the replica of one topic holds, and how many of its records are later than the checksum. */
    private record Replica(DirectoryChecksum.Part part, long writtenLater) {
    }

    private Replica replica(Topic topic, ToLongFunction<Function<String, Object>> digest, long completedAt) {
        // Compaction keeps the latest value per key bytes: the bytes are the identity, decoded or not.
        Map<ByteBuffer, TopicRecord> latest = new LinkedHashMap<>();
        long later = 0;
        for (TopicRecord r : topic.records()) {
            if (r.key() == null) {
                continue;   // compaction refuses keyless records; the connector writes none
            }
            latest.put(ByteBuffer.wrap(r.key()), r);
            if (r.timestampMs() >= completedAt) {
                later++;
            }
        }
        DirectoryChecksum.Part part = DirectoryChecksum.Part.EMPTY;
        for (TopicRecord r : latest.values()) {
            if (r.value() == null) {
                continue;   // a tombstone
            }
            Function<String, Object> fields = decoder.decode(topic.name(), r.value());
            if ("DELETED".equals(fields.apply("change_type"))) {
                continue;
            }
            part = part.plus(digest.applyAsLong(fields));
        }
        return new Replica(part, later);
    }

    private static DirectoryChecksum.Part part(Function<String, Object> event, String count, String digest) {
        return new DirectoryChecksum.Part(((Number) event.apply(count)).longValue(),
                ContentDigest.parseHex((String) event.apply(digest)));
    }

    private static String line(String what, String topic, DirectoryChecksum.Part expected,
                               DirectoryChecksum.Part actual) {
        String verdict;
        if (expected.equals(actual)) {
            verdict = "match";
        } else if (expected.count() == actual.count()) {
            verdict = "DIFFER (same count, different content)";
        } else {
            long diff = actual.count() - expected.count();
            verdict = "DIFFER (the replica has " + Math.abs(diff) + (diff > 0 ? " more" : " fewer")
                    + (Math.abs(diff) == 1 ? " record)" : " records)");
        }
        return String.format("%-12s %s: checksum %d records, digest %s; replica %d records, digest %s: %s",
                what, "(" + topic + ")", expected.count(), ContentDigest.hex(expected.digest()), actual.count(),
                ContentDigest.hex(actual.digest()), verdict);
    }

    /** A topic's name and every record read from it. */
    record Topic(String name, List<TopicRecord> records) {
    }
}
