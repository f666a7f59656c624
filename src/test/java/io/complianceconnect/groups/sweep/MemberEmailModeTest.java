package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.simulator.SimGroup;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.data.Struct;
import org.apache.kafka.connect.source.SourceRecord;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code member.email.mode} through the engine: what the members records carry, that a restart with
 * the same mode and key finds nothing changed, and that a new mode or key is a change of every
 * membership.
 */
class MemberEmailModeTest extends SimulatedEngineTest {

    private static final String HMAC_KEY = "a-key-of-enough-length-1";

    MemberEmailModeTest() {
        super("email-mode-key", 31);
    }

    private SweepSettings settings(MemberEmails emails) {
        return EngineDriver.settings(3).withMemberEmails(emails);
    }

    @Test
    void hmacRecordsCarryTheStablePseudonymAndNoPlaintextEmailAcrossRestarts() throws Exception {
        directory.populate(4, i -> 2 + 3 * i);   // several member pages for the larger groups
        MemberEmails hmac = MemberEmails.hmacSha256(HMAC_KEY);
        driver = new EngineDriver(simulator, key(), settings(hmac));

        driver.runSweeps(1);
        assertNoPlaintextEmail(driver.delivered);
        assertThat(emailsInMembersTopic()).isEqualTo(expectedEmails(hmac));

        driver.restart();
        int before = driver.delivered.size();
        driver.runSweeps(1);
        assertThat(driver.changesSince(before)).as("same key after a restart: same pseudonyms, no change").isEmpty();

        // A new membership of a user already known after the restart: the same pseudonym as the user's others.
        SimMember known = directory.members(directory.groups().get(0).id()).get(0);
        String other = directory.groups().get(3).id();
        directory.addMember(other, known.userId(), known.email());
        driver.runSweeps(1);
        assertThat(emailsInMembersTopic().get(other + "/" + known.userId()))
                .isEqualTo(hmac.published(known.email()))
                .isEqualTo(emailsInMembersTopic().get(known.groupId() + "/" + known.userId()));
        assertNoPlaintextEmail(driver.delivered);
    }

    @Test
    void aNewModeOrKeyIsAnUpdateOfEveryMembershipOnTheNextSweep() throws Exception {
        directory.populate(3, i -> 2 + 2 * i);
        driver = new EngineDriver(simulator, key(), settings(MemberEmails.plain()));
        driver.runSweeps(1);
        assertThat(emailsInMembersTopic()).isEqualTo(expectedEmails(MemberEmails.plain()));

        for (MemberEmails next : List.of(MemberEmails.hmacSha256(HMAC_KEY), MemberEmails.hmacSha256(HMAC_KEY + "-new"),
                MemberEmails.omit(), MemberEmails.plain())) {
            driver.restartWith(settings(next));
            int before = driver.delivered.size();
            driver.runSweeps(1);

            List<String> expected = new ArrayList<>();
            expectedEmails(next).keySet().forEach(k -> expected.add("UPDATED " + k));
            assertThat(driver.changesSince(before)).as("after switching to " + next)
                    .containsExactlyInAnyOrderElementsOf(expected);
            assertThat(emailsInMembersTopic()).as(next.toString()).isEqualTo(expectedEmails(next));
        }
    }

    @Test
    void omitLeavesTheEmailNullInEveryRecord() throws Exception {
        directory.populate(2, i -> 4);
        driver = new EngineDriver(simulator, key(), settings(MemberEmails.omit()));

        driver.runSweeps(1);

        assertNoPlaintextEmail(driver.delivered);
        assertThat(emailsInMembersTopic()).hasSize((int) directory.membershipCount()).allSatisfy(
                (k, email) -> assertThat(email).as(k).isNull());
    }

    /** Membership key → the email its newest record carries. */
    private Map<String, String> emailsInMembersTopic() {
        Map<String, String> emails = new HashMap<>();
        driver.compacted("members").forEach((k, value) -> emails.put(k, value.getString("email")));
        return emails;
    }

    private Map<String, String> expectedEmails(MemberEmails emails) {
        Map<String, String> expected = new HashMap<>();
        for (SimGroup g : directory.groups()) {
            for (SimMember m : directory.members(g.id())) {
                expected.put(g.id() + "/" + m.userId(), emails.published(m.email()));
            }
        }
        return expected;
    }

    /** No field of any record, of any topic, holds a member's email, whatever its case. */
    private void assertNoPlaintextEmail(List<SourceRecord> records) {
        List<String> plaintexts = new ArrayList<>();
        directory.groups().forEach(g -> directory.members(g.id()).forEach(m -> plaintexts.add(m.email())));
        assertThat(plaintexts).isNotEmpty().allSatisfy(email -> assertThat(email).contains("@"));
        for (SourceRecord r : records) {
            String text = Objects.toString(r.value(), "") + Objects.toString(r.key(), "");
            for (String email : plaintexts) {
                assertThat(text.toLowerCase()).as("a record of " + r.topic()).doesNotContain(email.toLowerCase());
            }
            if (r.value() instanceof Struct v && v.schema().field("email") != null && v.getString("email") != null) {
                assertThat(v.getString("email")).doesNotContain("@");
            }
        }
    }
}
