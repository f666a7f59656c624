package io.complianceconnect.groups.sweep;

import static org.assertj.core.api.Assertions.assertThat;

import io.complianceconnect.groups.mapping.ContentDigest;
import io.complianceconnect.groups.mapping.DirectoryChecksum;
import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.SimMember;
import io.complianceconnect.groups.state.GroupState;
import io.complianceconnect.groups.state.StatePartitions;
import io.complianceconnect.groups.state.SweepCursor;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Every SWEEP_COMPLETED event carries the checksum of what the replica holds at that event: the
 * compacted topics up to it, recomputed here the way a consumer does (ContentDigest over the
 * latest record of each key). Whether the changes came from the sweep, from the feed between the
 * group's listing and the sweep's end, or across restarts that resumed the sweep.
 */
@Timeout(120)
class DirectoryChecksumEngineTest extends SimulatedEngineTest {

    private static final String KEY = "checksum-engine-test-key";

    DirectoryChecksumEngineTest() {
        super(KEY, 21);
    }

    @Test
    void everySweepCompletedCarriesTheChecksumOfTheReplicaAtThatEvent() throws Exception {
        directory.populate(8, i -> i % 4);
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(2));
        driver.runSweeps(1);
        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());

        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        SimMember member = directory.members(ids.get(1)).get(0);
        directory.removeMember(ids.get(1), member.userId());
        directory.deleteGroup(ids.get(3));
        directory.renameGroup(ids.get(2), "renamed");
        directory.setGroupExtraField(ids.get(5), "tier", "\"gold\"");
        directory.updateMemberEmail(directory.members(ids.get(6)).get(0).userId(), "new@example.com");
        directory.addMember(directory.createGroup("new"), "joiner@example.com");
        driver.runSweeps(1);

        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());
    }

    @Test
    void withPseudonymousEmailsTheChecksumCoversThePseudonymsTheTopicHolds() throws Exception {
        directory.populate(4, 3);
        driver = new EngineDriver(simulator, KEY,
                EngineDriver.settings(3).withMemberEmails(MemberEmails.hmacSha256("checksum-test-hmac-key")));
        driver.runSweeps(1);

        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());
        String published = (String) driver.compacted("members").values().iterator().next().get("email");
        assertThat(published).as("a pseudonym, not an address").doesNotContain("@");
    }

    @Test
    void aChangeTheFeedFindsAfterTheGroupsListingIsInTheSweepsChecksum() throws Exception {
        directory.populate(24, 2);
        // Paced so that the sweep outlasts the feed's pickup of a change.
        startFeedDriver(300, Duration.ofSeconds(2));
        driver.runSweeps(1);
        String first = directory.groups().get(0).id();
        long listingsBefore = membersListings(first);
        driver.runUntil(() -> membersListings(first) > listingsBefore);   // the next sweep has listed it
        String joiner = directory.addMember(first, "joiner@example.com");
        int mark = driver.delivered.size();
        driver.runUntil(() -> driver.changesSince(mark).contains("CREATED " + first + "/" + joiner));
        assertThat(driver.completedSweeps()).as("the feed found it while the sweep ran").isEqualTo(1);

        driver.runSweeps(1);

        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());
    }

    @Test
    void aSweepResumedAcrossRestartsCarriesTheChecksumOfTheReplica() throws Exception {
        directory.populate(12, 3);
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(3));
        driver.runSweeps(1);
        List<String> ids = directory.groups().stream().map(g -> g.id()).toList();
        directory.deleteGroup(ids.get(7));
        directory.addMember(ids.get(2), "joiner@example.com");
        int restarts = 0;
        while (driver.completedSweeps() < 2) {
            // Long enough a life to reach the next groups page, which stores the marks of what it synced.
            for (int i = 0; i < 10 && driver.completedSweeps() < 2; i++) {
                driver.step();
            }
            driver.restart();
            restarts++;
        }
        assertThat(restarts).as("no life of the task saw the whole sweep").isGreaterThan(3);

        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());
    }

    /**
     * A restart trusts the checksum part stored with a sync mark of the running sweep, so a refresh
     * that changes a marked group must drop that part from the store before it emits anything: else
     * the resumed sweep skips the group and its SWEEP_COMPLETED vouches for the group as it was.
     */
    @Test
    void aRefreshOfAGroupTheSweepMarkedDropsItsStoredPartBeforeARestartCouldTrustIt() throws Exception {
        directory.populate(48, 2);
        // Paced so that the sweep outlasts the refresh, a re-read window (1 s) of feed reads after it and
        // the stored feed position moving past it (stored at most once a second): the feed's reads and
        // refresh take about half the requests, the sweep the rest.
        SweepSettings settings = startFeedDriver(900, Duration.ofSeconds(1));
        driver.runSweeps(1);
        String first = directory.groups().get(0).id();
        // The next sweep has synced the first group and stored its mark, with its part, at a later page.
        driver.runUntil(() -> {
            SweepCursor cursor = driver.engine().cursor();
            GroupState g = driver.engine().state().get(first);
            return cursor.phase() != SweepCursor.Phase.IDLE && cursor.sweep() == 2 && g.syncedSweep() == 2
                    && g.storedDigest() != null;
        });
        String joiner = directory.addMember(first, "joiner@example.com");
        Instant joinedBy = Instant.now();
        int mark = driver.delivered.size();
        driver.runUntil(() -> driver.changesSince(mark).contains("CREATED " + first + "/" + joiner));
        // Until the stored feed position is a re-read window past the activity, a restarted task would
        // read it again and refresh the group anyway, which would hide a stale stored part.
        long reReadPast = joinedBy.plus(settings.activityLag()).toEpochMilli();
        driver.runUntil(() -> {
            Map<String, Object> position = driver.offsets.get(StatePartitions.feed());
            return position != null && ((Number) position.get("watermark_ms")).longValue() > reReadPast;
        });
        assertThat(driver.completedSweeps()).as("the refresh and the wait came inside the sweep").isEqualTo(1);
        long listings = membersListings(first);

        driver.restart();
        driver.runSweeps(1);

        assertChecksumIsTheReplicas(directory.groupCount(), directory.membershipCount());
        assertThat(membersListings(first)).as("the resumed sweep lists the group again: its stored part was dropped")
                .isEqualTo(listings + 1);
    }

    /** A recording driver following the feed (reads every 200 ms, re-reading {@code lag}), groups pages of 4. */
    private SweepSettings startFeedDriver(int requestsPerMinute, Duration lag) {
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", 4, true,
                Duration.ZERO, Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, Duration.ofMillis(200), lag);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording()
                .maxBlock(Duration.ofMillis(200)).client(b -> b.requestsPerMinute(requestsPerMinute)).build();
        return settings;
    }

    private long membersListings(String groupId) {
        return simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == Endpoint.LIST_MEMBERS && e.path().contains(groupId)).count();
    }

    /** The latest SWEEP_COMPLETED's checksum equals the replica's up to it, and has the given counts. */
    private void assertChecksumIsTheReplicas(long groups, long memberships) {
        int at = lastSweepCompleted();
        Struct event = (Struct) driver.delivered.get(at).value();
        assertThat(event.getInt64("group_count")).as("groups").isEqualTo(groups);
        assertThat(event.getInt64("membership_count")).as("memberships").isEqualTo(memberships);
        DirectoryChecksum replica = replicaChecksum(driver.delivered.subList(0, at));
        assertThat(event.getString("group_digest")).as("group digest")
                .isEqualTo(ContentDigest.hex(replica.groups().digest()));
        assertThat(event.getString("membership_digest")).as("membership digest")
                .isEqualTo(ContentDigest.hex(replica.memberships().digest()));
        assertThat(replica.groups().count()).isEqualTo(groups);
        assertThat(replica.memberships().count()).isEqualTo(memberships);
    }

    private int lastSweepCompleted() {
        for (int i = driver.delivered.size() - 1; i >= 0; i--) {
            SourceRecord r = driver.delivered.get(i);
            if ("sweeps".equals(r.topic()) && "SWEEP_COMPLETED".equals(((Struct) r.value()).getString("event"))) {
                return i;
            }
        }
        throw new AssertionError("no SWEEP_COMPLETED delivered");
    }

    /** What a consumer computes: the digests of the latest non-deleted record of every key. */
    static DirectoryChecksum replicaChecksum(List<SourceRecord> records) {
        Map<String, Struct> groups = new TreeMap<>();
        Map<String, Struct> members = new TreeMap<>();
        for (SourceRecord r : records) {
            Map<String, Struct> view = switch (r.topic()) {
                case "groups" -> groups;
                case "members" -> members;
                default -> null;
            };
            if (view == null) {
                continue;
            }
            Struct value = (Struct) r.value();
            if (value == null || "DELETED".equals(value.getString("change_type"))) {
                view.remove(EngineDriver.keyText(r));
            } else {
                view.put(EngineDriver.keyText(r), value);
            }
        }
        DirectoryChecksum.Part g = DirectoryChecksum.Part.EMPTY;
        for (Struct value : groups.values()) {
            g = g.plus(ContentDigest.group(value::get));
        }
        DirectoryChecksum.Part m = DirectoryChecksum.Part.EMPTY;
        for (Struct value : members.values()) {
            m = m.plus(ContentDigest.membership(value::get));
        }
        return new DirectoryChecksum(g, m);
    }
}
