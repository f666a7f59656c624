package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingRestartsTest {

    private final InvalidRequestException rejected =
            new InvalidRequestException("invalid_request_error", "req_abc", "list groups", true);

    @Test
    void restartsThatGetFurtherEachTimeAreNeverGivenUp() {
        ListingRestarts restarts = new ListingRestarts("the groups listing");
        assertThatCode(() -> {
            for (int pages = 0; pages < 50; pages++) {
                restarts.restarting(pages, rejected);
            }
        }).doesNotThrowAnyException();
    }

    @Test
    void progressResetsTheCountOfRestartsThatGotNoFurther() {
        ListingRestarts restarts = new ListingRestarts("the groups listing");
        restarts.restarting(2, rejected);
        restarts.restarting(2, rejected);
        restarts.restarting(1, rejected);
        restarts.restarting(3, rejected);   // further: starts counting again
        restarts.restarting(3, rejected);
        restarts.restarting(2, rejected);
        assertThatThrownBy(() -> restarts.restarting(3, rejected)).isInstanceOf(ComplianceApiException.class);
    }

    @Test
    void theThirdRestartInARowThatGetsNoFurtherFailsSayingWhatHappenedAndWhatToDo() {
        ListingRestarts restarts = new ListingRestarts("the members of group g1");
        restarts.restarting(1, rejected);
        restarts.restarting(1, rejected);
        restarts.restarting(1, rejected);
        assertThatThrownBy(() -> restarts.restarting(1, rejected)).isInstanceOf(ComplianceApiException.class)
                .hasMessageContaining("the members of group g1").hasMessageContaining("page token")
                .hasMessageContaining("report it to Anthropic support").hasMessageContaining("request-id=req_abc")
                .hasMessageContaining("restart the connector");
    }
}
