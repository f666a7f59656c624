package io.complianceconnect.groups.bench;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP server in front of the simulator that answers each distinct request (path and
 * query) the first time from the simulator and afterwards from memory, byte for byte.
 *
 * <p>Why: the simulator renders every page anew (1,000 members, 2,000 timestamps, JSON) on the same
 * two cores as the connector, and that is the simulator's cost, not the connector's. Replaying its
 * answers leaves in the measurement only what the connector does with a page: the HTTP exchange on
 * loopback, JSON parsing, change detection and record building. Valid only while the directory does
 * not change and no page token expires, which holds for the throughput benchmark.
 */
final class MemoizingProxy implements AutoCloseable {

    private record Answer(int status, Map<String, List<String>> headers, byte[] body) {
    }

    private static final List<String> FORWARDED_REQUEST_HEADERS = List.of("x-api-key", "anthropic-version");
    private static final List<String> KEPT_RESPONSE_HEADERS = List.of("content-type", "request-id");

    private final URI upstream;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newFixedThreadPool(2, runnable -> {
        Thread thread = new Thread(runnable, "bench-memoizing-proxy");
        thread.setDaemon(true);
        return thread;
    });
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();

    MemoizingProxy(URI upstream) {
        this.upstream = upstream;
        System.setProperty("sun.net.httpserver.nodelay", "true");
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/", this::handle);
        server.start();
    }

    URI baseUrl() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** Distinct requests answered from the simulator so far. */
    int recorded() {
        return answers.size();
    }

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
            URI uri = exchange.getRequestURI();
            String target = uri.getRawPath() + (uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery());
            Answer answer = answers.get(target);
            if (answer == null) {
                answer = fetch(exchange, target);
                if (answer.status() == 200) {
                    answers.put(target, answer);
                }
            }
            answer.headers().forEach((name, values) -> exchange.getResponseHeaders().put(name, values));
            exchange.sendResponseHeaders(answer.status(), answer.body().length == 0 ? -1 : answer.body().length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(answer.body());
            }
        }
    }

    private Answer fetch(HttpExchange exchange, String target) throws IOException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(upstream + target)).GET();
        for (String name : FORWARDED_REQUEST_HEADERS) {
            String value = exchange.getRequestHeaders().getFirst(name);
            if (value != null) {
                request.header(name, value);
            }
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while asking the simulator", e);
        }
        Map<String, List<String>> headers = new java.util.HashMap<>();
        for (String name : KEPT_RESPONSE_HEADERS) {
            List<String> values = response.headers().allValues(name);
            if (!values.isEmpty()) {
                headers.put(name, values);
            }
        }
        return new Answer(response.statusCode(), headers, response.body());
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
