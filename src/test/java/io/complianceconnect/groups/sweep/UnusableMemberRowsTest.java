package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A group whose member listing keeps serving a row without a usable {@code user_id}: that row could be
 * anyone, but it must not switch off every membership deletion of the group, nor the checksum of
 * every sweep. A removal the feed reported is deleted; another is deleted once two complete listings
 * that skipped as many rows as the listing before them both miss it; a known member whose own row
 * lost its id is not taken for removed; the group is named in a WARN once a sweep.
 */
@Timeout(120)
class UnusableMemberRowsTest extends SimulatedEngineTest {

    private static final String KEY = "unusable-rows-key";
    private static final int PAGE_SIZE = 10;

    private String group;
    private String leaver;

    UnusableMemberRowsTest() {
        super(KEY, 37);
    }

    /** Two groups of three members; the first then gains a member whose row the API serves without its id. */
    private void directoryWithARowWithoutAUsableId() {
        directory.populate(2, i -> 3);
        group = directory.groups().get(0).id();
        leaver = directory.members(group).get(1).userId();
    }

    private void serveTheNewMemberWithoutItsId() {
        String nameless = directory.addMember(group, "row-without-id@example.com");
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS,
                Fault.rewrittenBody("\"user_id\":\"" + nameless + "\"", "\"user_id\":\"\""));
    }

    @Test
    void aMemberMissingFromTwoListingsThatSkippedTheSameRowsIsDeletedAndTheSweepCarriesItsChecksum()
            throws Exception {
        directoryWithARowWithoutAUsableId();
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(PAGE_SIZE));
        driver.runSweeps(1);
        serveTheNewMemberWithoutItsId();

        try (EngineLog log = EngineLog.capture()) {
            driver.runSweeps(1);   // sees the row without id, and every known member
            directory.removeMember(group, leaver);
            int mark = driver.delivered.size();
            driver.runSweeps(1);

            assertThat(driver.changesSince(mark)).containsExactly("DELETED " + group + "/" + leaver,
                    "TOMBSTONE " + group + "/" + leaver);
            assertThat(lastCompleted().get("group_count")).as("the sweep's checksum").isNotNull();
            assertThat(log.containing(Level.WARN, group)).as("one WARN naming the group a sweep, not one a listing")
                    .hasSize(2);
            assertThat(driver.engine().groupsWithUnusableMemberRows()).as("the metric's groups").isEqualTo(1);
        }
    }

    @Test
    void aKnownMemberWhoseOwnRowLostItsIdIsNotTakenForRemoved() throws Exception {
        directoryWithARowWithoutAUsableId();
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(PAGE_SIZE));
        driver.runSweeps(1);
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS,
                Fault.rewrittenBody("\"user_id\":\"" + leaver + "\"", "\"user_id\":\"\""));

        int mark = driver.delivered.size();
        driver.runSweeps(3);
        simulator.faults().clear();
        driver.runSweeps(1);

        assertThat(driver.changesSince(mark)).as("nothing deleted, nothing emitted again").isEmpty();
    }

    @Test
    void aRemovalTheFeedReportedIsDeletedByTheRefreshWhateverRowsItSkipped() throws Exception {
        directoryWithARowWithoutAUsableId();
        SweepSettings settings = new SweepSettings("test", "groups", "members", "sweeps", "", PAGE_SIZE, true,
                Duration.ofHours(1), Duration.ofMinutes(1), SweepSettings.FeedMode.ENABLED, Duration.ofMillis(100),
                Duration.ofSeconds(2)).withRefreshes(Duration.ZERO, SweepSettings.DEFAULT_REFRESH_SHARE);
        driver = EngineDriver.builder(simulator.baseUrl(), KEY, settings).recording()
                .maxBlock(Duration.ofMillis(50)).client(b -> b.requestsPerMinute(0)).build();
        driver.runSweeps(1);
        serveTheNewMemberWithoutItsId();
        directory.removeMember(group, leaver);
        Thread.sleep(1_100);   // the read that reports it comes in a later second of the API's clock, and so the refresh

        Instant deadline = Instant.now().plusSeconds(20);
        driver.runUntil(() -> Instant.now().isAfter(deadline)
                || driver.changesSince(0).contains("DELETED " + group + "/" + leaver));

        assertThat(driver.changesSince(0)).as("deleted by the refresh, no sweep meanwhile")
                .contains("DELETED " + group + "/" + leaver);
        assertThat(driver.completedSweeps()).isEqualTo(1);
    }

    private Struct lastCompleted() {
        Struct last = null;
        for (SourceRecord r : driver.delivered) {
            if ("sweeps".equals(r.topic()) && "SWEEP_COMPLETED".equals(((Struct) r.value()).getString("event"))) {
                last = (Struct) r.value();
            }
        }
        return last;
    }
}
