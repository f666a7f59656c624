package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A 400 that comes back on every request with a page token (a server that hands out tokens it then
 * refuses) restarted the listing from its first page forever, silently. A listing restarted from a
 * rejected token that never gets further than before must fail the task, saying what happened.
 */
@Timeout(60)
class RejectedPageTokenTest {

    private static final String KEY = "rejected-token-key";
    /** Far more polls than a bounded number of restarts of these small listings can take. */
    private static final int STEPS = 2_000;

    private ComplianceApiSimulator simulator;
    private EngineDriver driver;

    /** Every token the simulator issues has expired by the time it is redeemed: its clock leaps an hour per read. */
    private void start(int groups, int membersEach) {
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).seed(5).clock(new LeapingClock()).start();
        simulator.directory().populate(groups, i -> membersEach);
        driver = new EngineDriver(simulator, KEY, EngineDriver.settings(3));
    }

    @AfterEach
    void close() {
        if (driver != null) {
            driver.close();
        }
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void aGroupsListingWhosePageTokenIsAlwaysRejectedFailsTheTaskInsteadOfRestartingForever() {
        start(10, 1);   // four groups pages of three

        assertThatThrownBy(this::stepUntilFailure).isInstanceOf(ComplianceApiException.class)
                .hasMessageContaining("groups listing").hasMessageContaining("page token")
                .hasMessageContaining("request-id=req_").hasMessageContaining("support");
        assertThat(listingsFromTheFirstPage(Endpoint.LIST_GROUPS)).as("restarts are bounded").isBetween(2L, 10L);
    }

    @Test
    void aMemberListingWhosePageTokenIsAlwaysRejectedFailsTheTaskInsteadOfRestartingForever() {
        start(2, 10);   // one groups page; four member pages per group

        assertThatThrownBy(this::stepUntilFailure).isInstanceOf(ComplianceApiException.class)
                .hasMessageContaining("members of group").hasMessageContaining("page token")
                .hasMessageContaining("request-id=req_").hasMessageContaining("support");
        assertThat(listingsFromTheFirstPage(Endpoint.LIST_MEMBERS)).as("restarts are bounded").isBetween(2L, 10L);
    }

    private void stepUntilFailure() throws InterruptedException {
        for (int i = 0; i < STEPS; i++) {
            driver.step();
        }
    }

    private long listingsFromTheFirstPage(Endpoint endpoint) {
        return simulator.requestLog().entries().stream()
                .filter(e -> e.endpoint() == endpoint && e.status() == 200 && !e.query().containsKey("page"))
                .map(RequestLog.Entry::path).count();
    }

    private static final class LeapingClock extends Clock {
        private final AtomicLong hours = new AtomicLong();

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.parse("2026-01-01T00:00:00Z").plus(Duration.ofHours(hours.incrementAndGet()));
        }
    }
}
