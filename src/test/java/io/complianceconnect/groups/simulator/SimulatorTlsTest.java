package io.complianceconnect.groups.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.List;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The simulator over HTTPS with a generated certificate, as the Testcontainers end-to-end test uses it. */
class SimulatorTlsTest {

    private static final String KEY = "tls-key";

    @TempDir
    static Path dir;
    private static SelfSignedTls tls;
    private static ComplianceApiSimulator simulator;

    @BeforeAll
    static void start() {
        tls = SelfSignedTls.create(dir, List.of("host.testcontainers.internal"));
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).tls(tls.serverContext()).start();
        simulator.directory().populate(3, 2);
    }

    @AfterAll
    static void stop() {
        if (simulator != null) {
            simulator.close();
        }
    }

    @Test
    void servesTheApiOverHttpsToAClientThatTrustsTheCertificate() throws Exception {
        assertThat(simulator.baseUrl().getScheme()).isEqualTo("https");
        HttpClient client = HttpClient.newBuilder().sslContext(tls.clientContext()).build();

        HttpResponse<String> response = client.send(groupsRequest(simulator.baseUrl()), HttpResponse.BodyHandlers.ofString());

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode page = new ObjectMapper().readTree(response.body());
        assertThat(page.path("data")).hasSize(3);
    }

    @Test
    void aClientThatDoesNotTrustTheCertificateIsRefused() {
        // The JVM's default trust store does not know the generated certificate.
        HttpClient client = HttpClient.newHttpClient();

        assertThatThrownBy(() -> client.send(groupsRequest(simulator.baseUrl()), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(SSLHandshakeException.class);
    }

    @Test
    void plainHttpIsNotServedOnTheTlsPort() {
        HttpClient client = HttpClient.newHttpClient();
        URI plain = URI.create("http://127.0.0.1:" + simulator.port());

        assertThatThrownBy(() -> client.send(groupsRequest(plain), HttpResponse.BodyHandlers.ofString()))
                .isInstanceOf(IOException.class);
    }

    @Test
    void theTrustStoreHoldsOnlyTheSimulatorCertificateWithEveryHostName() throws Exception {
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(tls.trustStore())) {
            store.load(in, tls.password().toCharArray());
        }

        assertThat(Collections.list(store.aliases())).containsExactly("compliance-simulator");
        X509Certificate certificate = (X509Certificate) store.getCertificate("compliance-simulator");
        assertThat(certificate.getSubjectAlternativeNames()).extracting(name -> (Object) name.get(1))
                .containsExactlyInAnyOrder((Object) "localhost", "127.0.0.1", "host.testcontainers.internal");
    }

    private static HttpRequest groupsRequest(URI base) {
        return HttpRequest.newBuilder(URI.create(base + "/v1/compliance/groups?limit=10"))
                .header("x-api-key", KEY)
                .header("anthropic-version", ComplianceApiSimulator.API_VERSION)
                .build();
    }
}
