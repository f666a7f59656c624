package io.complianceconnect.groups.sweep;

import org.junit.jupiter.api.Test;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/** When the feed's reports make a listing's absence or coverage certain, by the API's clock. */
class FeedEvidenceTest {

    private static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private final FeedEvidence evidence = new FeedEvidence();

    @Test
    void aRemovalReportedBeforeTheListingStartedConfirmsTheAbsence() {
        evidence.memberRemoved("g", "u", T0);
        assertThat(evidence.removalConfirmed("g", "u", T0.plusSeconds(1))).isTrue();
        assertThat(evidence.removalConfirmed("g", "other", T0.plusSeconds(1))).isFalse();
        assertThat(evidence.removalConfirmed("other", "u", T0.plusSeconds(1))).isFalse();
    }

    @Test
    void aRemovalAtOrAfterTheListingsStartConfirmsNothing() {
        evidence.memberRemoved("g", "u", T0);
        assertThat(evidence.removalConfirmed("g", "u", T0)).isFalse();
        assertThat(evidence.removalConfirmed("g", "u", T0.minusSeconds(1))).isFalse();
        assertThat(evidence.removalConfirmed("g", "u", null)).as("start unknown").isFalse();
    }

    @Test
    void aReAddAfterTheRemovalCancelsItWhicheverOrderTheyAreRead() {
        // The feed is read newest first: the re-add before the removal it follows.
        evidence.memberAdded("g", "u", T0.plusSeconds(2));
        evidence.memberRemoved("g", "u", T0);
        assertThat(evidence.removalConfirmed("g", "u", T0.plusSeconds(5))).isFalse();
        // An add before the removal does not.
        evidence.memberRemoved("g", "v", T0.plusSeconds(3));
        evidence.memberAdded("g", "v", T0);
        assertThat(evidence.removalConfirmed("g", "v", T0.plusSeconds(5))).isTrue();
        // An add without a time could be the latest.
        evidence.memberRemoved("g", "w", T0);
        evidence.memberAdded("g", "w", null);
        assertThat(evidence.removalConfirmed("g", "w", T0.plusSeconds(5))).isFalse();
    }

    @Test
    void aRemovalWithoutATimeConfirmsNothing() {
        evidence.memberRemoved("g", "u", null);
        assertThat(evidence.removalConfirmed("g", "u", T0)).isFalse();
    }

    @Test
    void aListingCoversTheMemberChangesMadeBeforeTheApiTimeItStartedAfter() {
        evidence.listingStarted("g");
        assertThat(evidence.listingCovers("g", T0)).as("no API time known yet").isFalse();
        evidence.apiTimePassed(T0.plusSeconds(10));
        evidence.listingStarted("g");
        assertThat(evidence.listingCovers("g", T0.plusSeconds(9))).isTrue();
        assertThat(evidence.listingCovers("g", T0.plusSeconds(10))).isFalse();
        assertThat(evidence.listingCovers("g", null)).isFalse();
        assertThat(evidence.listingCovers("h", T0)).isFalse();
        evidence.forgetListingsBefore(T0.plusSeconds(11));
        assertThat(evidence.listingCovers("g", T0)).as("forgotten past the re-read floor").isFalse();
    }

    @Test
    void aCompletedListingSettlesTheReportsBeforeItsStartOnly() {
        evidence.memberRemoved("g", "old", T0);
        evidence.memberRemoved("g", "new", T0.plusSeconds(20));
        evidence.listingCompleted("g", T0.plusSeconds(10));
        assertThat(evidence.removalConfirmed("g", "old", T0.plusSeconds(30))).isFalse();
        assertThat(evidence.removalConfirmed("g", "new", T0.plusSeconds(30))).isTrue();
    }

    @Test
    void absencesARefreshLeftUnconfirmedAreDecidedByTheGroupsNextListing() {
        evidence.absentUnconfirmed("g", java.util.List.of("u"));
        assertThat(evidence.takeConfirmationsToQueue()).as("a confirming refresh is queued once").containsExactly("g");
        assertThat(evidence.takeConfirmationsToQueue()).isEmpty();
        assertThat(evidence.absentBefore("g", "u")).isTrue();
        assertThat(evidence.absentBefore("g", "v")).isFalse();
        evidence.listingCompleted("g", T0);
        assertThat(evidence.absentBefore("g", "u")).as("decided by that listing").isFalse();
    }
}
