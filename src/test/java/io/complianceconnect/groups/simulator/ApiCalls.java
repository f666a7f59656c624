package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Plain JDK {@link HttpClient} calls to a simulator, as a test would type them: the real API client
 * is written elsewhere and is deliberately not used here.
 */
final class ApiCalls {

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(20);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final URI baseUrl;

    ApiCalls(URI baseUrl) {
        this.baseUrl = baseUrl;
    }

    /** GET with the key (if not null) and the right {@code anthropic-version}. */
    HttpResponse<String> get(String pathAndQuery, String key) {
        Map<String, String> headers = new LinkedHashMap<>();
        if (key != null) {
            headers.put("x-api-key", key);
        }
        headers.put("anthropic-version", ComplianceApiSimulator.API_VERSION);
        return getWithHeaders(pathAndQuery, headers);
    }

    HttpResponse<String> getWithHeaders(String pathAndQuery, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + pathAndQuery)).timeout(TIMEOUT).GET();
        headers.forEach(request::header);
        return send(request.build());
    }

    /** An admin call; {@code body} is JSON text or null. */
    HttpResponse<String> admin(String method, String path, String body) {
        HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body);
        HttpRequest request = HttpRequest.newBuilder(URI.create(baseUrl + path)).timeout(TIMEOUT)
                .header("content-type", "application/json").method(method, publisher).build();
        return send(request);
    }

    HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    HttpClient http() {
        return http;
    }

    URI uri(String pathAndQuery) {
        return URI.create(baseUrl + pathAndQuery);
    }

    static JsonNode json(HttpResponse<String> response) {
        try {
            return JSON.readTree(response.body());
        } catch (IOException e) {
            throw new UncheckedIOException("not JSON: " + response.body(), e);
        }
    }

    /** A 200 with a request id; its JSON body. */
    static JsonNode ok(HttpResponse<String> response) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("request-id")).isPresent();
        return json(response);
    }

    /** An error answer as the API documents it: the status, {@code error.type}, a message and a request id. */
    static void assertError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).at("/error/type").asText()).isEqualTo(type);
        assertThat(json(response).at("/error/message").isTextual()).isTrue();
        assertThat(response.headers().firstValue("request-id")).isPresent();
    }

    static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }
}
