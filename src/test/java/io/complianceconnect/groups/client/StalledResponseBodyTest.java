package io.complianceconnect.groups.client;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * A server that sends the response head and part of the body, then goes silent with the connection
 * open (a stuck proxy, a half-dead peer). The JDK client's own request timeout ends when the headers
 * arrive, so without a timeout of its own over the body the client would wait for ever, and the
 * connector's task with it: RUNNING, and doing nothing.
 */
class StalledResponseBodyTest {

    private ServerSocket server;
    private final List<Socket> accepted = new CopyOnWriteArrayList<>();
    /** When each request's head had arrived ({@link System#nanoTime()}): the start of an attempt. */
    private final List<Long> arrivals = new CopyOnWriteArrayList<>();

    @BeforeEach
    void startStallingServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getByAddress(new byte[] {127, 0, 0, 1}));
        Thread acceptor = new Thread(this::serve, "stalling-server");
        acceptor.setDaemon(true);
        acceptor.start();
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    @Test
    void aBodyThatStopsArrivingIsATimeoutAndIsRetried() throws Exception {
        Duration timeout = Duration.ofMillis(500);
        ClientSettings settings = ClientSettings.builder()
                .baseUrl("http://127.0.0.1:" + server.getLocalPort())
                .apiKey("test-key")
                .requestTimeout(timeout)
                .requestsPerMinute(0)
                .backoffInitial(Duration.ofMillis(10))
                .backoffMax(Duration.ofMillis(20))
                .maxRetries(1)
                .build();
        try (ComplianceApiClient client = new ComplianceApiClient(settings)) {
            CompletableFuture<Page<Group>> call = CompletableFuture.supplyAsync(() -> {
                try {
                    return client.listGroups(null, null, 10).execute();
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                }
            });
            long failedAt;
            try {
                // Only tells "gave up" apart from "hangs"; how long each attempt took is checked below.
                call.get(30, TimeUnit.SECONDS);
                fail("a response whose body never completes was accepted");
                return;
            } catch (TimeoutException e) {
                fail("the client still waits for a body that stopped arriving", e);
                return;
            } catch (ExecutionException e) {
                failedAt = System.nanoTime();
                assertThat(e.getCause()).isInstanceOf(RetriesExhaustedException.class)
                        .hasMessageContaining("timeout");
                assertThat(((RetriesExhaustedException) e.getCause()).attempts()).isEqualTo(2);
            }
            // Each attempt ended because request.timeout.ms ran out over the stalled body: not sooner,
            // and not much later (the JDK's own timeout stops at the headers; a hang would be endless).
            assertThat(arrivals).hasSize(2);
            // (Timed from the request's arrival, which is a moment after the client started its clock.)
            Duration notSooner = timeout.minusMillis(100);
            Duration generous = timeout.plusSeconds(3);
            assertThat(Duration.ofNanos(arrivals.get(1) - arrivals.get(0))).as("the first attempt, then its retry")
                    .isGreaterThanOrEqualTo(notSooner).isLessThan(generous);
            assertThat(Duration.ofNanos(failedAt - arrivals.get(1))).as("the second attempt, then the failure")
                    .isGreaterThanOrEqualTo(notSooner).isLessThan(generous);
        }
    }

    private void serve() {
        while (!server.isClosed()) {
            try {
                Socket socket = server.accept();
                accepted.add(socket);
                readRequestHead(socket.getInputStream());
                arrivals.add(System.nanoTime());
                OutputStream out = socket.getOutputStream();
                String body = "{\"data\": [{\"id\": \"rbac_group_1\", \"name\": \"Half";
                out.write(("HTTP/1.1 200 OK\r\ncontent-type: application/json\r\nrequest-id: req_stalled\r\n"
                        + "content-length: 4000\r\n\r\n" + body).getBytes(StandardCharsets.US_ASCII));
                out.flush();
                // ...and nothing more, with the connection left open.
            } catch (IOException e) {
                return;
            }
        }
    }

    private static void readRequestHead(InputStream in) throws IOException {
        int matched = 0;
        byte[] end = {'\r', '\n', '\r', '\n'};
        while (matched < end.length) {
            int b = in.read();
            if (b < 0) {
                return;
            }
            matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
        }
    }
}
