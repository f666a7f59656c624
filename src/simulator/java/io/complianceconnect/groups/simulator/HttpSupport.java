package io.complianceconnect.groups.simulator;

import com.sun.net.httpserver.HttpExchange;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

/** Request parsing and response sending shared by the API and the admin handlers. */
final class HttpSupport {

    private HttpSupport() {
    }

    /** A request id like the API's, {@code req_<random>}. */
    static String newRequestId() {
        return SampleData.taggedId("req_", ThreadLocalRandom.current());
    }

    /** Decoded query parameters; the first value wins when a name repeats. */
    static Map<String, String> query(String rawQuery) {
        Map<String, String> params = new LinkedHashMap<>();
        queryValues(rawQuery).forEach((name, values) -> params.put(name, values.get(0)));
        return params;
    }

    /** Decoded query parameters with every value of a repeated name ({@code a[]=x&a[]=y}), in order. */
    static Map<String, List<String>> queryValues(String rawQuery) {
        Map<String, List<String>> params = new LinkedHashMap<>();
        if (rawQuery == null || rawQuery.isEmpty()) {
            return params;
        }
        for (String pair : rawQuery.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int equals = pair.indexOf('=');
            String name = decode(equals < 0 ? pair : pair.substring(0, equals));
            String value = equals < 0 ? "" : decode(pair.substring(equals + 1));
            params.computeIfAbsent(name, n -> new ArrayList<>()).add(value);
        }
        return params;
    }

    /** The decoded segments of a raw path, without empty ones at the ends ({@code /a/b} → [a, b]). */
    static List<String> segments(String rawPath) {
        List<String> segments = new ArrayList<>();
        String trimmed = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        if (trimmed.isEmpty()) {
            return segments;
        }
        for (String segment : trimmed.split("/", -1)) {
            segments.add(decode(segment));
        }
        return segments;
    }

    private static String decode(String text) {
        try {
            return URLDecoder.decode(text, StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            return text; // a malformed escape: keep it as typed, it will match nothing
        }
    }

    /** Sends {@code response} and closes the exchange; a CUT response drops the connection mid-body. */
    static void send(HttpExchange exchange, String requestId, SimResponse response) throws IOException {
        exchange.getResponseHeaders().set("request-id", requestId);
        if (response.body().length > 0) {
            exchange.getResponseHeaders().set("content-type", "application/json");
        }
        response.headers().forEach(exchange.getResponseHeaders()::set);
        byte[] body = response.body();
        switch (response.delivery()) {
            case COMPLETE -> sendWhole(exchange, response.status(), body);
            case TRUNCATED -> sendWhole(exchange, response.status(), Arrays.copyOf(body, body.length / 2));
            case CUT -> {
                // Closing a fixed-length body short does not by itself drop the connection: the JDK
                // server then closes its response stream, which is already marked closed, and leaves the
                // socket open, so the client would wait for the rest for ever. It drops the connection
                // when closing that stream fails, so the stream it closes is made to fail.
                OutputStream out = exchange.getResponseBody();
                exchange.setStreams(null, new FilterOutputStream(out) {
                    @Override
                    public void close() throws IOException {
                        throw new IOException("response cut on purpose");
                    }
                });
                exchange.sendResponseHeaders(response.status(), body.length);
                out.write(body, 0, body.length / 2);
                out.flush();
                try {
                    out.close();
                } catch (IOException expected) {
                    // "insufficient bytes written to stream": the point of this fault.
                }
            }
        }
    }

    private static void sendWhole(HttpExchange exchange, int status, byte[] body) throws IOException {
        exchange.sendResponseHeaders(status, body.length == 0 ? -1 : body.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(body);
        }
    }

    /** Reads and drops what is left of the request body so the connection can be kept alive. */
    static void drainRequestBody(HttpExchange exchange) throws IOException {
        exchange.getRequestBody().transferTo(OutputStream.nullOutputStream());
    }
}
