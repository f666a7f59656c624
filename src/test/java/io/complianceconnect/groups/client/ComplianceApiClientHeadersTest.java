package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.complianceconnect.groups.client.ClientTestSupport.KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What goes on the wire. The simulator proves that the key and version headers are accepted (every
 * other test); it does not expose request headers, so this test reads the raw request head from a
 * loopback socket that answers nothing (the client then fails with an I/O error, as intended).
 */
class ComplianceApiClientHeadersTest {

    @Test
    void everyRequestCarriesTheDocumentedHeaders() throws Exception {
        List<String> head = captureRequestHead(client -> client.getGroup("rbac_group_1").execute());

        assertThat(head.get(0)).isEqualTo("GET /v1/compliance/groups/rbac_group_1 HTTP/1.1");
        List<String> lower = head.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        assertThat(lower).contains("x-api-key: " + KEY.toLowerCase(Locale.ROOT), "anthropic-version: 2023-06-01",
                "accept: application/json");
        assertThat(head).anySatisfy(h -> assertThat(h).matches("(?i)user-agent: kafka-connect-compliance-groups/\\S+"));
    }

    @Test
    void pathAndQueryValuesArePercentEncoded() throws Exception {
        List<String> groups = captureRequestHead(client -> client.listGroups("R&D team", "tok+/=", 25).execute());
        List<String> members = captureRequestHead(client -> client.listMembers("rbac group/1", null, 1000).execute());

        assertThat(groups.get(0))
                .isEqualTo("GET /v1/compliance/groups?limit=25&page=tok%2B%2F%3D&name_prefix=R%26D%20team HTTP/1.1");
        assertThat(members.get(0)).isEqualTo("GET /v1/compliance/groups/rbac%20group%2F1/members?limit=1000 HTTP/1.1");
    }

    @Test
    void pageSizesOutsideTheDocumentedRangeAreRefusedBeforeSending() {
        try (ComplianceApiClient client = new ComplianceApiClient(ClientSettings.builder().apiKey(KEY).build())) {
            assertThatThrownBy(() -> client.listGroups(null, null, 0)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("between 1 and 1000");
            assertThatThrownBy(() -> client.listMembers("g", null, 1001)).isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> client.getGroup(" ")).isInstanceOf(IllegalArgumentException.class);
        }
    }

    @FunctionalInterface
    private interface Request {
        void send(ComplianceApiClient client) throws Exception;
    }

    /**
     * Reads request heads and closes each connection without answering. The JDK client silently repeats
     * a GET once when a connection closes before any response byte, so there may be two connections.
     */
    private static List<String> captureRequestHead(Request request) throws Exception {
        List<List<String>> heads = new CopyOnWriteArrayList<>();
        try (ServerSocket socket = new ServerSocket(0, 10, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        BufferedReader in = new BufferedReader(
                                new InputStreamReader(connection.getInputStream(), StandardCharsets.ISO_8859_1));
                        List<String> lines = new ArrayList<>();
                        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
                            lines.add(line);
                        }
                        heads.add(lines);
                    } catch (IOException closed) {
                        return;
                    }
                }
            }, "request-head-reader");
            acceptor.setDaemon(true);
            acceptor.start();
            try (ComplianceApiClient client = new ComplianceApiClient(ClientSettings.builder()
                    .baseUrl("http://127.0.0.1:" + socket.getLocalPort()).apiKey(KEY).maxRetries(0).build())) {
                assertThatThrownBy(() -> request.send(client)).isInstanceOf(RetriesExhaustedException.class)
                        .satisfies(e -> assertThat(e.getCause()).isInstanceOf(IOException.class)
                                .isNotInstanceOf(java.net.http.HttpTimeoutException.class));
            }
        }
        assertThat(heads).isNotEmpty();
        return heads.get(0);
    }
}
