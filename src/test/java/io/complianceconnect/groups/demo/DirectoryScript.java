package io.complianceconnect.groups.demo;

import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * The demo's scripted directory changes. Once the first snapshot has been consumed it changes the
 * simulator's directory step by step and waits, after each step, until the change records it
 * causes have arrived, so the output reads as cause and effect: members added and removed, a group
 * renamed, a group created with members, a group deleted (with its memberships and tombstones).
 */
final class DirectoryScript implements Runnable {

    private static final Duration POLL = Duration.ofMillis(200);
    /** A pause after each step's records, so a person watching can tell the steps apart. */
    private static final Duration BETWEEN_STEPS = Duration.ofSeconds(1);

    private final Directory directory;
    private final DemoStats stats;
    private final String groupsTopic;
    private final String membersTopic;
    private final Duration snapshotTimeout;
    private final Duration stepTimeout;
    private final PrintStream progress;

    /**
     * @param snapshotTimeout how long to wait for the first snapshot (worker start, first sweep)
     * @param stepTimeout     how long to wait for one step's records; a few sweep intervals
     * @param progress        where the script says what it does (stderr)
     */
    DirectoryScript(Directory directory, DemoStats stats, String groupsTopic, String membersTopic,
            Duration snapshotTimeout, Duration stepTimeout, PrintStream progress) {
        this.directory = directory;
        this.stats = stats;
        this.groupsTopic = groupsTopic;
        this.membersTopic = membersTopic;
        this.snapshotTimeout = snapshotTimeout;
        this.stepTimeout = stepTimeout;
        this.progress = progress;
    }

    @Override
    public void run() {
        try {
            script();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the demo is stopping
        }
    }

    private void script() throws InterruptedException {
        int groupCount = directory.groupCount();
        long membershipCount = directory.membershipCount();
        boolean snapshot = await(snapshotTimeout,
                () -> stats.count(groupsTopic) >= groupCount && stats.count(membersTopic) >= membershipCount);
        if (!snapshot) {
            say("the first snapshot (" + groupCount + " groups, " + membershipCount
                    + " memberships) did not arrive within " + snapshotTimeout.toSeconds() + " s; no scripted changes");
            return;
        }
        List<SimGroup> groups = directory.groups();
        if (groups.size() < 4) {
            say("the directory has fewer than 4 groups; no scripted changes");
            return;
        }
        say("snapshot complete; now changing the directory");
        SimGroup first = groups.get(0);
        SimGroup second = groups.get(1);
        SimGroup third = groups.get(2);
        SimGroup fourth = groups.get(3);

        step("add a member to \"" + first.name() + "\" and remove one from \"" + second.name() + "\"",
                List.of(expect(membersTopic, "CREATED", 1), expect(membersTopic, "DELETED", 1)),
                () -> {
                    directory.addMember(first.id(), "new.hire@example.com");
                    List<SimMember> members = directory.members(second.id());
                    if (!members.isEmpty()) {
                        directory.removeMember(second.id(), members.get(0).userId());
                    }
                });

        step("rename \"" + third.name() + "\" to \"" + third.name() + " (renamed)\"",
                List.of(expect(groupsTopic, "UPDATED", 1)),
                () -> directory.renameGroup(third.id(), third.name() + " (renamed)"));

        step("create group \"Incident Response\" with 2 members",
                List.of(expect(groupsTopic, "CREATED", 1), expect(membersTopic, "CREATED", 2)),
                () -> {
                    String id = directory.createGroup("Incident Response");
                    directory.addMember(id, "on.call@example.com");
                    directory.addMember(id, "security.lead@example.com");
                });

        int fourthMembers = directory.members(fourth.id()).size();
        List<Expectation> deletion = new ArrayList<>();
        deletion.add(expect(groupsTopic, "DELETED", 1));
        if (fourthMembers > 0) {
            deletion.add(expect(membersTopic, "DELETED", fourthMembers));
        }
        step("delete group \"" + fourth.name() + "\" and its " + fourthMembers + " memberships",
                deletion, () -> directory.deleteGroup(fourth.id()));

        say("scripted changes done; the connector keeps sweeping");
    }

    /** At least {@code count} new records of this change type on this topic. */
    private record Expectation(String topic, String changeType, long count) {
        @Override
        public String toString() {
            return count + " " + changeType + " on " + topic;
        }
    }

    private static Expectation expect(String topic, String changeType, long count) {
        return new Expectation(topic, changeType, count);
    }

    /** Applies a change, then waits until the expected new records have arrived. */
    private void step(String description, List<Expectation> expected, Runnable change) throws InterruptedException {
        Map<Expectation, Long> baseline = new LinkedHashMap<>();
        expected.forEach(e -> baseline.put(e, stats.count(e.topic(), e.changeType())));
        say(description);
        change.run();
        boolean arrived = await(stepTimeout, () -> expected.stream()
                .allMatch(e -> stats.count(e.topic(), e.changeType()) - baseline.get(e) >= e.count()));
        if (!arrived) {
            say("expected " + expected + " within " + stepTimeout.toSeconds()
                    + " s but not all arrived; going on");
        }
        Thread.sleep(BETWEEN_STEPS.toMillis());
    }

    private static boolean await(Duration timeout, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline >= 0) {
                return false;
            }
            Thread.sleep(POLL.toMillis());
        }
        return true;
    }

    private void say(String message) {
        progress.println("demo: " + message);
    }
}
