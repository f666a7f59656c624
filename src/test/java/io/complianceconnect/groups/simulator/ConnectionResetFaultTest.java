package io.complianceconnect.groups.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The connection-reset fault must end the connection after half the body, so that a client sees a
 * premature end of stream (what a reset looks like to it), not a server that merely stops sending:
 * that would be a stall, a different fault, which a client only escapes by its own timeout.
 */
class ConnectionResetFaultTest {

    private static final String KEY = "test-key";

    @Test
    void theClientReadsAPrematureEndOfStreamAndTheNextRequestIsServed() throws Exception {
        try (ComplianceApiSimulator simulator = ComplianceApiSimulator.builder().apiKey(KEY).start()) {
            simulator.directory().populate(3, 2);
            simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.connectionReset(), 1);
            HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
            HttpRequest request = HttpRequest.newBuilder(URI.create(simulator.baseUrl() + "/v1/compliance/groups"))
                    .header("x-api-key", KEY).header("anthropic-version", ComplianceApiSimulator.API_VERSION).build();

            CompletableFuture<HttpResponse<String>> cut = http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            try {
                // Generous: this only tells "connection dropped" apart from "connection left hanging".
                cut.get(20, TimeUnit.SECONDS);
                fail("a response cut mid-body was read as complete");
            } catch (TimeoutException e) {
                fail("the connection was left open after half the body", e);
            } catch (ExecutionException e) {
                assertThat(e.getCause()).isInstanceOf(IOException.class);
            }

            assertThat(http.send(request, HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
            assertThat(simulator.requestLog().entries()).extracting(RequestLog.Entry::status).containsExactly(0, 200);
        }
    }
}
