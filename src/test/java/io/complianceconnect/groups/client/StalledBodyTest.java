package io.complianceconnect.groups.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A server that sends the response head and part of the body, then stalls. The JDK client's request
 * timeout ends at the head, so without a deadline of our own the task's poll() would wait forever (found
 * by RandomizedDirectoryIT: a connector that looks RUNNING and replicates nothing).
 */
class StalledBodyTest {

    private final CountDownLatch release = new CountDownLatch(1);
    private HttpServer server;

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        server.createContext("/", exchange -> {
            byte[] head = "{\"data\":[{\"id\":\"rbac_group_1\",".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, 1_000);
            OutputStream out = exchange.getResponseBody();
            out.write(head);
            out.flush();
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        server.start();
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
    }

    @Test
    void aBodyThatStallsHalfWayTimesOutAndIsRetried() {
        ClientSettings settings = ClientSettings.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("sk-ant-api01-stall")
                .requestTimeout(Duration.ofMillis(300))
                .requestsPerMinute(0)
                .backoffInitial(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(20))
                .maxRetries(1)
                .build();

        try (ComplianceApiClient client = new ComplianceApiClient(settings)) {
            assertTimeoutPreemptively(Duration.ofSeconds(10), () ->
                    assertThatThrownBy(() -> client.listGroups(null, null, 10).execute())
                            .isInstanceOfSatisfying(RetriesExhaustedException.class, e -> {
                                assertThat(e.attempts()).isEqualTo(2);
                                assertThat(e.getCause()).isInstanceOf(HttpTimeoutException.class);
                            }));
        }
    }
}
