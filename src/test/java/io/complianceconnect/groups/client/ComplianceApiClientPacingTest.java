package io.complianceconnect.groups.client;

import io.complianceconnect.groups.client.ClientTestSupport.FakeSleeper;
import io.complianceconnect.groups.client.ClientTestSupport.RecordingListener;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.MutableClock;
import io.complianceconnect.groups.simulator.RequestLog;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static io.complianceconnect.groups.client.ClientTestSupport.fixedRandom;
import static org.assertj.core.api.Assertions.assertThat;

/** Local pacing, pacing from the rate-limit headers, and a 429 holding back the whole client. */
class ComplianceApiClientPacingTest {

    private static final Instant MINUTE_START = Instant.parse("2026-03-01T10:00:00Z");

    private final MutableClock clock = new MutableClock(MINUTE_START);
    private final FakeSleeper sleeper = new FakeSleeper(clock);
    private final RecordingListener listener = new RecordingListener();

    private ClientSettings.Builder settings(ComplianceApiSimulator sim) {
        return ClientSettings.builder().baseUrl(sim.baseUrl()).apiKey(KEY).random(fixedRandom(0)).clock(clock)
                .sleeper(sleeper);
    }

    @Test
    void theLocalCeilingSpacesRequestsEvenly() throws Exception {
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).start();
             ComplianceApiClient client = new ComplianceApiClient(settings(sim).requestsPerMinute(120).build(), listener)) {
            String groupId = sim.directory().createGroup("Paced");

            for (int i = 0; i < 5; i++) {
                assertThat(client.getGroup(groupId).execute()).isPresent();
            }

            assertThat(sleeper.waits()).containsExactly(Collections.nCopies(4, Duration.ofMillis(500)).toArray(Duration[]::new));
            assertThat(listener.throttled).hasSize(4);
        }
    }

    @Test
    void aPacingWaitBeyondTheCallersLimitSendsNothing() throws Exception {
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).start();
             ComplianceApiClient client = new ComplianceApiClient(settings(sim).requestsPerMinute(1).build(), listener)) {
            String groupId = sim.directory().createGroup("Paced");
            client.getGroup(groupId).execute();
            ApiCall<Optional<Group>> second = client.getGroup(groupId);

            RetryLaterException later = null;
            try {
                second.execute(Duration.ofSeconds(1));
            } catch (RetryLaterException e) {
                later = e;
            }

            assertThat(later).isNotNull();
            assertThat(later.notBefore()).isEqualTo(MINUTE_START.plusSeconds(60));
            assertThat(later.reason()).contains("pacing");
            assertThat(later.status()).isZero();
            assertThat(sim.requestLog().count()).isEqualTo(1);
            clock.set(later.notBefore());
            assertThat(second.execute(Duration.ZERO)).isPresent();
            assertThat(second.attempts()).isEqualTo(1);
        }
    }

    @Test
    void theRateLimitHeadersSpreadRequestsSoNoneIsRefused() throws Exception {
        // The simulator's budget is 10 a minute in fixed windows of its clock, which is ours.
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).rateLimitPerMinute(10)
                .clock(clock).start();
             ComplianceApiClient client = new ComplianceApiClient(settings(sim).requestsPerMinute(0).build(), listener)) {
            String groupId = sim.directory().createGroup("Paced");

            for (int i = 0; i < 25; i++) {
                assertThat(client.getGroup(groupId).execute()).isPresent();
            }

            List<RequestLog.Entry> log = sim.requestLog().entries();
            assertThat(log).hasSize(25).extracting(RequestLog.Entry::status).containsOnly(200);
            assertThat(listener.rateLimited).isEmpty();
            // Each window's remaining requests are spread over the time left: one every 6 s, and the
            // tenth of a window is followed by the reset.
            assertThat(log).extracting(RequestLog.Entry::at)
                    .isEqualTo(IntStream.range(0, 25).mapToObj(i -> MINUTE_START.plusSeconds(6L * i)).toList());
            assertThat(listener.throttled).hasSize(24);
        }
    }

    @Test
    void withNothingRemainingTheClientWaitsForTheReset() throws Exception {
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).rateLimitPerMinute(3)
                .clock(clock).start();
             ComplianceApiClient client = new ComplianceApiClient(settings(sim).requestsPerMinute(0).build(), listener)) {
            String groupId = sim.directory().createGroup("Paced");
            clock.advance(Duration.ofSeconds(50)); // 10 s left in this window

            for (int i = 0; i < 4; i++) {
                client.getGroup(groupId).execute();
            }

            assertThat(sim.requestLog().entries()).extracting(RequestLog.Entry::status).containsOnly(200);
            assertThat(sim.requestLog().entries().get(3).at()).isEqualTo(MINUTE_START.plusSeconds(60));
        }
    }

    @Test
    void a429HoldsBackEveryCallOfTheClient() throws Exception {
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).start();
             ComplianceApiClient client = new ComplianceApiClient(settings(sim).requestsPerMinute(0).build(), listener)) {
            String groupId = sim.directory().createGroup("Limited");
            sim.faults().inject(io.complianceconnect.groups.simulator.Endpoint.GET_GROUP, Fault.rateLimited(30), 1);

            RetryLaterException first = retryLater(client.getGroup(groupId));
            RetryLaterException other = retryLater(client.listGroups(null, null, 10));

            assertThat(first.notBefore()).isEqualTo(MINUTE_START.plusSeconds(30));
            assertThat(first.status()).isEqualTo(429);
            assertThat(other.notBefore()).isEqualTo(MINUTE_START.plusSeconds(30));
            assertThat(sim.requestLog().count()).isEqualTo(1);
            assertThat(listener.rateLimited).containsExactly(Endpoint.GET_GROUP);
        }
    }

    @Test
    void pacingIsSharedByConcurrentCalls() throws Exception {
        // A clock that never moves: each reserved start is then exactly as far away as its place in line.
        FakeSleeper recording = new FakeSleeper();
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).start();
             ComplianceApiClient client = new ComplianceApiClient(ClientSettings.builder().baseUrl(sim.baseUrl())
                     .apiKey(KEY).requestsPerMinute(60).clock(clock).sleeper(recording).build(), listener)) {
            String groupId = sim.directory().createGroup("Shared");
            ExecutorService threads = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> done = new ArrayList<>();
                for (int t = 0; t < 4; t++) {
                    done.add(threads.submit(() -> {
                        for (int i = 0; i < 10; i++) {
                            client.getGroup(groupId).execute();
                        }
                        return null;
                    }));
                }
                for (Future<?> f : done) {
                    f.get();
                }
            } finally {
                threads.shutdownNow();
            }

            List<Duration> waits = new ArrayList<>(recording.waits());
            Collections.sort(waits);
            assertThat(waits).isEqualTo(IntStream.rangeClosed(1, 39).mapToObj(Duration::ofSeconds).toList());
            assertThat(sim.requestLog().count()).isEqualTo(40);
        }
    }

    private static RetryLaterException retryLater(ApiCall<?> call) throws InterruptedException {
        try {
            call.execute(Duration.ZERO);
        } catch (RetryLaterException e) {
            return e;
        }
        throw new AssertionError("expected a RetryLaterException");
    }
}
