package io.complianceconnect.groups.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Sends one attempt and reads the whole response, within one deadline for head and body; waits between
 * attempts; and, on {@link #close()}, ends every wait and cancels every request in flight. Knows nothing
 * of retries or of what a status means.
 */
final class HttpTransport implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(HttpTransport.class);

    private final ClientSettings settings;
    private final ClientListener listener;
    private final HttpClient http;
    private final CountDownLatch closeSignal = new CountDownLatch(1);
    private final Set<CompletableFuture<?>> inFlight = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    HttpTransport(ClientSettings settings, ClientListener listener) {
        this.settings = settings;
        this.listener = listener;
        this.http = HttpClient.newBuilder()
                .connectTimeout(settings.connectTimeout())
                // Never follow a redirect: it would carry the key to wherever it points.
                .followRedirects(HttpClient.Redirect.NEVER)
                .version("https".equalsIgnoreCase(settings.baseUrl().getScheme())
                        ? HttpClient.Version.HTTP_2 : HttpClient.Version.HTTP_1_1)
                .build();
    }

    /** Sends one attempt and reads the whole response; logs it at DEBUG and reports it to the listener. */
    Exchange exchange(RequestSpec spec, int attempt) throws IOException, InterruptedException {
        URI uri = URI.create(settings.baseUrl() + spec.path() + (spec.query().isEmpty() ? "" : "?" + spec.query()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.requestTimeout())
                .header("x-api-key", settings.apiKey())
                .header("anthropic-version", settings.apiVersion())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .build();
        long started = System.nanoTime();
        HttpResponse<byte[]> response = send(request, spec, attempt, started);
        Duration latency = Duration.ofNanos(System.nanoTime() - started);
        ResponseHeaders headers = new ResponseHeaders(response.headers(), settings.clock().instant());
        log.debug("GET {} -> {} in {} ms (request-id {}, attempt {}, page token {})", spec.path(), response.statusCode(),
                latency.toMillis(), headers.requestId(), attempt, spec.carriesPageToken() ? "yes" : "no");
        listener.requestCompleted(spec.endpoint(), response.statusCode(), latency);
        return new Exchange(response.statusCode(), headers, response.body());
    }

    private HttpResponse<byte[]> send(HttpRequest request, RequestSpec spec, int attempt, long started)
            throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray());
        inFlight.add(future);
        try {
            if (closed) {
                future.cancel(true);
            }
            // The JDK applies the request timeout only until the response head arrives; this deadline
            // also covers a body that stalls half-way.
            return future.get(settings.requestTimeout().toNanos(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            future.cancel(true);
            log.debug("GET {} timed out after {} ms on attempt {}", spec.path(), millisSince(started), attempt);
            throw new HttpTimeoutException("no complete response within " + settings.requestTimeout().toMillis() + " ms");
        } catch (CancellationException e) {
            throw aborted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (closed) {
                throw aborted(cause);
            }
            if (cause instanceof IOException io) {
                log.debug("GET {} failed after {} ms on attempt {}: {}", spec.path(), millisSince(started), attempt,
                        cause.toString());
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
        } finally {
            inFlight.remove(future);
        }
    }

    /** Waits, unless the transport is closed or closes meanwhile. */
    void pause(Duration wait) throws InterruptedException {
        ensureOpen();
        if (wait.isNegative() || wait.isZero()) {
            return;
        }
        Sleeper sleeper = settings.sleeper();
        if (sleeper == Sleeper.system()) {
            if (closeSignal.await(wait.toNanos(), TimeUnit.NANOSECONDS)) {
                throw aborted(null);
            }
        } else {
            sleeper.sleep(wait);
            ensureOpen();
        }
    }

    /** @throws RequestAbortedException once closed */
    void ensureOpen() {
        if (closed) {
            throw aborted(null);
        }
    }

    /** Waits in progress end at once with a {@link RequestAbortedException}, and so do requests in flight. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        closeSignal.countDown();
        for (CompletableFuture<?> request : inFlight) {
            request.cancel(true);
        }
    }

    private static RequestAbortedException aborted(Throwable cause) {
        return new RequestAbortedException("The Compliance API client was closed; the request was abandoned.", cause);
    }

    private static long millisSince(long startedNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
    }
}
