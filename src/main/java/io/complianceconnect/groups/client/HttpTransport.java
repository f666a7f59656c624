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
 * Sends one attempt and reads the whole response, within one deadline for head and body, in waits as
 * short as the caller needs (a task's {@code poll()} must return while a slow answer is still coming);
 * waits between attempts; and, on {@link #close()}, ends every wait and cancels every request in flight.
 * Knows nothing of retries or of what a status means.
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

    /** One attempt sent and not yet answered completely. */
    static final class InFlight {
        private final RequestSpec spec;
        private final int attempt;
        private final CompletableFuture<HttpResponse<byte[]>> response;
        private final long startedNanos = System.nanoTime();

        private InFlight(RequestSpec spec, int attempt, CompletableFuture<HttpResponse<byte[]>> response) {
            this.spec = spec;
            this.attempt = attempt;
            this.response = response;
        }
    }

    /** Sends one attempt; {@link #await} reads its response. */
    InFlight send(RequestSpec spec, int attempt) {
        URI uri = URI.create(settings.baseUrl() + spec.path() + (spec.query().isEmpty() ? "" : "?" + spec.query()));
        HttpRequest request = HttpRequest.newBuilder(uri)
                .GET()
                .timeout(settings.requestTimeout())
                .header("x-api-key", settings.apiKey())
                .header("anthropic-version", settings.apiVersion())
                .header("User-Agent", settings.userAgent())
                .header("Accept", "application/json")
                .build();
        InFlight sent = new InFlight(spec, attempt, http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()));
        inFlight.add(sent.response);
        // Removed when it completes, even when its caller gave up waiting for it.
        sent.response.whenComplete((response, failure) -> inFlight.remove(sent.response));
        if (closed) {
            sent.response.cancel(true);
        }
        return sent;
    }

    /**
     * Waits at most {@code maxWait} for the whole response of the attempt; logs it at DEBUG and
     * reports it to the listener.
     *
     * @return the response, or null when it is not complete yet and its deadline (the request
     *         timeout from sending) has not passed: call again to go on waiting
     */
    Exchange await(InFlight sent, Duration maxWait) throws IOException, InterruptedException {
        HttpResponse<byte[]> response = receive(sent, maxWait);
        if (response == null) {
            return null;
        }
        Duration latency = Duration.ofNanos(System.nanoTime() - sent.startedNanos);
        ResponseHeaders headers = new ResponseHeaders(response.headers(), settings.clock().instant());
        log.debug("GET {} -> {} in {} ms (request-id {}, attempt {}, page token {})", sent.spec.path(),
                response.statusCode(), latency.toMillis(), headers.requestId(), sent.attempt,
                sent.spec.carriesPageToken() ? "yes" : "no");
        listener.requestCompleted(sent.spec.endpoint(), response.statusCode(), latency);
        return new Exchange(response.statusCode(), headers, response.body());
    }

    private HttpResponse<byte[]> receive(InFlight sent, Duration maxWait) throws IOException, InterruptedException {
        CompletableFuture<HttpResponse<byte[]>> future = sent.response;
        // The JDK applies the request timeout only until the response head arrives; this deadline
        // also covers a body that stalls half-way.
        long untilDeadline = settings.requestTimeout().toNanos() - (System.nanoTime() - sent.startedNanos);
        long wait = Math.max(0, maxWait.compareTo(settings.requestTimeout()) >= 0 ? untilDeadline
                : Math.min(untilDeadline, maxWait.toNanos()));
        try {
            return future.get(wait, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            future.cancel(true);
            throw e;
        } catch (TimeoutException e) {
            if (wait < untilDeadline) {
                return null;   // still within its deadline: the caller comes back for it
            }
            future.cancel(true);
            log.debug("GET {} timed out after {} ms on attempt {}", sent.spec.path(), millisSince(sent.startedNanos),
                    sent.attempt);
            throw new HttpTimeoutException("no complete response within " + settings.requestTimeout().toMillis() + " ms");
        } catch (CancellationException e) {
            throw aborted(e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (closed) {
                throw aborted(cause);
            }
            if (cause instanceof IOException io) {
                log.debug("GET {} failed after {} ms on attempt {}: {}", sent.spec.path(),
                        millisSince(sent.startedNanos), sent.attempt, cause.toString());
                throw io;
            }
            if (cause instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IOException(cause);
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
