package io.complianceconnect.groups;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * Checks committed transactions, each a list of records in commit order, for what a read_committed
 * consumer must never see: part of a group's change. Every record of one group's change in one sweep
 * (its group record, its memberships, their tombstones) is in one transaction holding no other
 * group's records, and sweep progress events are in transactions of their own (a CHECKPOINT that
 * carries the connector's state may ride with the change that needs it). Used by the engine's unit
 * tests and by the integration test that reads the transactions back from Kafka.
 */
public final class GroupChangeTransactions {

    /** What the check needs of one record. */
    public enum Kind { GROUP, MEMBER, SWEEP_EVENT }

    /**
     * @param groupId    the group a change record concerns; null for sweep events
     * @param key        the record's key as text (group id, or "group id/user id", or the connector)
     * @param changeType the change type; null for a tombstone and for sweep events
     * @param sweep      the sweep the record belongs to; null for a tombstone
     * @param event      the sweep event's type; null for change records
     */
    public record Entry(Kind kind, String groupId, String key, String changeType, Long sweep, String event) {
        boolean isChange() {
            return kind != Kind.SWEEP_EVENT;
        }
    }

    /** One group's change: all its records of one sweep, and the transaction (by index) that holds them. */
    public record Change(String groupId, long sweep, int transaction, List<Entry> records) {
        public long count(Kind kind, String changeType) {
            return records.stream().filter(e -> e.kind() == kind && Objects.equals(e.changeType(), changeType)).count();
        }
    }

    private final List<List<Entry>> transactions;
    private final List<String> violations = new ArrayList<>();
    private final Map<String, Change> changes = new LinkedHashMap<>();

    public GroupChangeTransactions(List<List<Entry>> transactions) {
        this.transactions = List.copyOf(transactions);
        check();
    }

    /** Everything that shows a consumer part of a group's change; empty when nothing does. */
    public List<String> violations() {
        return violations;
    }

    /** Each group's change of one sweep, by "group id@sweep". */
    public Map<String, Change> changes() {
        return changes;
    }

    /**
     * The changes of the scripted sweep both transaction tests run: {@code deleted} whole with its
     * memberships' DELETED records and tombstones, {@code created} with its new members, and
     * {@code updated} renamed with one member leaving and one joining, each in its own change.
     */
    public void assertScriptedChanges(long sweep, String deleted, int deletedMembers, String created,
                                      int createdMembers, String updated) {
        Change deletion = change(deleted, sweep);
        assertThat(deletion.count(Kind.MEMBER, "DELETED")).isEqualTo(deletedMembers);
        assertThat(deletion.count(Kind.MEMBER, null)).as("tombstones").isEqualTo(deletedMembers);
        assertThat(deletion.count(Kind.GROUP, "DELETED")).isEqualTo(1);
        assertThat(deletion.count(Kind.GROUP, null)).as("the group's tombstone").isEqualTo(1);
        Change creation = change(created, sweep);
        assertThat(creation.count(Kind.GROUP, "CREATED")).isEqualTo(1);
        assertThat(creation.count(Kind.MEMBER, "CREATED")).isEqualTo(createdMembers);
        Change update = change(updated, sweep);
        assertThat(update.count(Kind.GROUP, "UPDATED")).isEqualTo(1);
        assertThat(update.count(Kind.MEMBER, "CREATED")).isEqualTo(1);
        assertThat(update.count(Kind.MEMBER, "DELETED")).isEqualTo(1);
    }

    public Change change(String groupId, long sweep) {
        Change change = changes.get(groupId + "@" + sweep);
        if (change == null) {
            throw new AssertionError("no change of group " + groupId + " in sweep " + sweep + "; changes: "
                    + changes.keySet());
        }
        return change;
    }

    private void check() {
        Map<String, Integer> transactionOfChange = new HashMap<>();
        Map<String, List<Entry>> recordsOfChange = new LinkedHashMap<>();
        for (int t = 0; t < transactions.size(); t++) {
            List<Entry> transaction = transactions.get(t);
            Set<String> groups = new TreeSet<>();
            Map<String, Entry> lastOfKey = new HashMap<>();
            for (Entry e : transaction) {
                if (!e.isChange()) {
                    continue;
                }
                groups.add(e.groupId());
                Long sweep = e.sweep();
                if (e.changeType() == null) {
                    Entry deleted = lastOfKey.get(e.key());
                    if (deleted == null || !"DELETED".equals(deleted.changeType())) {
                        violations.add("transaction " + t + ": the tombstone of " + e.key()
                                + " is not in the transaction of its DELETED record");
                        continue;
                    }
                    sweep = deleted.sweep();
                }
                lastOfKey.put(e.key(), e);
                String change = e.groupId() + "@" + sweep;
                Integer earlier = transactionOfChange.putIfAbsent(change, t);
                if (earlier != null && earlier != t) {
                    violations.add("group " + e.groupId() + ", sweep " + sweep + ": records in transactions " + earlier
                            + " and " + t + " (" + e.key() + " " + e.changeType() + ")");
                }
                recordsOfChange.computeIfAbsent(change, k -> new ArrayList<>()).add(e);
            }
            if (groups.size() > 1) {
                violations.add("transaction " + t + " holds changes of several groups: " + groups);
            }
            if (!groups.isEmpty()) {
                for (Entry e : transaction) {
                    if (!e.isChange() && !"CHECKPOINT".equals(e.event())) {
                        violations.add("transaction " + t + " holds a " + e.event() + " event with the change of "
                                + groups);
                    }
                }
            }
        }
        recordsOfChange.forEach((change, records) -> changes.put(change, new Change(records.get(0).groupId(),
                Long.parseLong(change.substring(change.lastIndexOf('@') + 1)), transactionOfChange.get(change),
                records)));
    }
}
