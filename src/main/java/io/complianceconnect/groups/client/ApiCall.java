package io.complianceconnect.groups.client;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;

/**
 * One logical request to the Compliance API: it may take several attempts. The attempt count, the
 * retry budget (counted from the first attempt) and the time before which the next attempt must not
 * start are kept in this object, so a caller that cannot block long (a Connect task's {@code poll()})
 * can call {@link #execute(Duration)} again after a {@link RetryLaterException} and continue where it
 * stopped. After success, {@code execute} returns the same result; after a final failure it throws
 * the same exception. Thread-safe, but one call is meant for one caller.
 *
 * @param <T> what the request returns
 */
public final class ApiCall<T> {

    private static final Logger log = LoggerFactory.getLogger(ApiCall.class);
    private static final Duration UNLIMITED = Duration.ofSeconds(Long.MAX_VALUE);
    /**
     * The least a call waits for a response before {@link ResponsePendingException}: a caller that
     * allows no wait for pacing or backoff still gets answers that come promptly. A task's
     * {@code poll()} allows about this much anyway.
     */
    static final Duration MIN_RESPONSE_WAIT = Duration.ofSeconds(1);

    /**
     * Turns a 2xx body into the result, reporting the rows that did not fit to {@code problems}; the
     * headers are there for what they say about the answer (its time).
     */
    @FunctionalInterface
    interface BodyReader<T> {
        T read(byte[] body, ResponseHeaders headers, MalformedRows problems) throws MalformedResponseException;
    }

    /**
     * Decides what the API's "not found" (404 {@code not_found_error}) means for this request: a result (such
     * as {@code Optional.empty()}) or an exception.
     */
    @FunctionalInterface
    interface NotFound<T> {
        T handle(String errorType, String requestId);
    }

    private final CallContext context;
    private final RequestSpec spec;
    private final BodyReader<T> reader;
    private final NotFound<T> notFound;

    private int attempts;
    /** The attempt sent whose response has not arrived yet, across calls of {@link #execute(Duration)}. */
    private HttpTransport.InFlight sent;
    private Instant firstAttemptAt;
    private Instant notBefore = Instant.MIN;
    private RetryableFailure lastFailure;
    private boolean succeeded;
    private T result;
    private ComplianceApiException finalFailure;

    ApiCall(CallContext context, RequestSpec spec, BodyReader<T> reader, NotFound<T> notFound) {
        this.context = context;
        this.spec = spec;
        this.reader = reader;
        this.notFound = notFound;
    }

    /** Runs the request with no limit on how long one wait may be; see {@link #execute(Duration)}. */
    public T execute() throws InterruptedException {
        return execute(UNLIMITED);
    }

    /**
     * Runs the request, retrying retryable failures inline as long as each wait (for pacing or backoff)
     * is at most {@code maxBlock}.
     *
     * @throws RetryLaterException       when the next wait would exceed {@code maxBlock}; nothing was sent
     *                                   for it, and calling again later continues this request. Its
     *                                   subclass {@link ResponsePendingException}: the response did not
     *                                   arrive within {@code maxBlock}; calling again goes on waiting for it
     * @throws RetriesExhaustedException when {@code maxRetries} or the retry budget ran out
     * @throws ComplianceApiException    a subclass for each failure that retrying cannot fix
     * @throws RequestAbortedException   when the client was closed
     * @throws InterruptedException      when the thread was interrupted while waiting; the request can
     *                                   be continued by calling again
     */
    public synchronized T execute(Duration maxBlock) throws InterruptedException {
        if (maxBlock == null || maxBlock.isNegative()) {
            throw new IllegalArgumentException("maxBlock must be zero or positive, was " + maxBlock);
        }
        if (succeeded) {
            return result;
        }
        if (finalFailure != null) {
            throw finalFailure;
        }
        while (true) {
            context.transport().ensureOpen();
            if (sent == null) {
                Instant now = context.clock().instant();
                RequestPacer.Slot slot = context.pacer().reserve(now, notBefore, maxBlock);
                if (!slot.granted()) {
                    throw retryLater(slot);
                }
                if (!slot.pacingWait().isZero()) {
                    context.listener().throttled(slot.pacingWait());
                }
                context.transport().pause(Duration.between(now, slot.start()));
                if (firstAttemptAt == null) {
                    firstAttemptAt = context.clock().instant();
                }
                attempts++;
                sent = context.transport().send(spec, attempts);
            }
            try {
                T value = attempt(maxBlock);
                succeeded = true;
                result = value;
                return value;
            } catch (ResponsePendingException pending) {
                throw pending;
            } catch (RetryableFailure failure) {
                scheduleRetry(failure);
            } catch (ComplianceApiException failure) {
                finalFailure = failure;
                throw failure;
            }
        }
    }

    /** How many attempts have been sent so far. */
    public synchronized int attempts() {
        return attempts;
    }

    public Endpoint endpoint() {
        return spec.endpoint();
    }

    private T attempt(Duration maxBlock) throws InterruptedException, RetryableFailure {
        Exchange exchange;
        try {
            exchange = context.transport().await(sent,
                    maxBlock.compareTo(MIN_RESPONSE_WAIT) < 0 ? MIN_RESPONSE_WAIT : maxBlock);
        } catch (IOException e) {
            sent = null;
            String reason = e instanceof HttpTimeoutException ? "timeout" : "I/O error (" + ioKind(e) + ")";
            throw new RetryableFailure(reason, null, 0, null, null, e);
        } catch (InterruptedException | RuntimeException e) {
            sent = null;
            throw e;
        }
        if (exchange == null) {
            throw new ResponsePendingException(context.clock().instant(), spec.operation());
        }
        sent = null;
        ResponseHeaders.RateLimit rateLimit = exchange.headers().rateLimit();
        context.pacer().observe(exchange.headers().receivedAt(), rateLimit.limit(), rateLimit.remaining(),
                rateLimit.reset());
        int status = exchange.status();
        String requestId = exchange.requestId();
        if (exchange.isSuccess()) {
            try {
                MalformedRows problems = new MalformedRows();
                T value = reader.read(exchange.body(), exchange.headers(), problems);
                // Only once the whole body was usable: a page that is retried counts once, when it is used.
                for (MalformedRow row : problems.list()) {
                    context.listener().malformedRow(spec.endpoint(), row, requestId);
                }
                return value;
            } catch (MalformedResponseException e) {
                ProtocolException problem = new ProtocolException(status, requestId,
                        "The Compliance API answered the request to " + spec.operation() + " with a body this client"
                                + " cannot use: " + e.getMessage() + "."
                                + (e.truncated() ? " A cut-off body is a transport fault; it is retried."
                                : " Check for a proxy altering responses; otherwise report it with the request-id."));
                if (e.truncated()) {
                    throw new RetryableFailure("truncated response body", null, status, null, requestId, problem);
                }
                throw problem;
            }
        }
        ResponseParser.ErrorBody error = context.errors().errorBody(exchange);
        Boolean shouldRetry = exchange.headers().shouldRetry();
        if (status == 429) {
            context.listener().rateLimited(spec.endpoint());
        }
        if (ErrorMapping.meansNotFound(status, error.type()) && notFound != null && !Boolean.TRUE.equals(shouldRetry)) {
            return notFound.handle(error.type(), requestId);
        }
        ComplianceApiException failure = context.errors().errorFor(spec, status, error, requestId);
        boolean retryable = shouldRetry != null ? shouldRetry : ErrorMapping.isRetryable(status, error.type());
        if (!retryable) {
            throw failure;
        }
        String reason = ErrorMapping.reason(status, error.type());
        throw new RetryableFailure(reason, exchange.headers().retryAfter(), status, error.type(), requestId, failure);
    }

    private void scheduleRetry(RetryableFailure failure) {
        lastFailure = failure;
        Instant now = context.clock().instant();
        if (attempts > context.maxRetries()) {
            throw exhausted("after " + attempts + " attempts (maxRetries is " + context.maxRetries() + ")");
        }
        Duration wait = context.backoff().delay(attempts, failure.retryAfter);
        Instant retryAt = now.plus(wait);
        if (Duration.between(firstAttemptAt, retryAt).compareTo(context.retryBudget()) > 0) {
            throw exhausted("after " + attempts + " attempts: waiting another " + seconds(wait)
                    + " would exceed the retry budget of " + seconds(context.retryBudget()));
        }
        if (failure.status == 429) {
            // The rate limit is shared by the organisation: hold back every call of this client.
            context.pacer().holdUntil(now.plus(failure.retryAfter != null ? failure.retryAfter : wait));
        }
        notBefore = retryAt;
        context.listener().retryScheduled(spec.endpoint(), failure.reason, wait);
        log.warn("Retrying the request to {} in {} after {} (request-id {}); attempt {} of at most {}",
                spec.operation(), seconds(wait), failure.reason, failure.requestId, attempts + 1,
                context.maxRetries() + 1);
    }

    private RetriesExhaustedException exhausted(String when) {
        RetryableFailure last = lastFailure;
        RetriesExhaustedException e = new RetriesExhaustedException(last.status, last.errorType, last.requestId,
                "Gave up on the request to " + spec.operation() + " " + when + "; the last attempt failed with "
                        + last.reason + ". The API or the network kept failing; the request can be tried again later.",
                attempts, last.cause);
        finalFailure = e;
        return e;
    }

    private RetryLaterException retryLater(RequestPacer.Slot slot) {
        String reason = !slot.pacingWait().isZero() || lastFailure == null
                ? "request pacing (local requests-per-minute ceiling or the API's rate-limit headers)"
                : "backoff after " + lastFailure.reason;
        RetryableFailure last = lastFailure;
        return last == null
                ? new RetryLaterException(0, null, null, slot.start(), reason)
                : new RetryLaterException(last.status, last.errorType, last.requestId, slot.start(), reason);
    }

    private static String ioKind(IOException e) {
        String name = e.getClass().getSimpleName();
        return name.toLowerCase(Locale.ROOT).equals("ioexception") && e.getMessage() != null
                ? e.getMessage() : name;
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** A failed attempt that may be repeated; carries what the final exception will need. */
    private static final class RetryableFailure extends Exception {
        final String reason;
        final Duration retryAfter;
        final int status;
        final String errorType;
        final String requestId;
        final Throwable cause;

        RetryableFailure(String reason, Duration retryAfter, int status, String errorType, String requestId,
                         Throwable cause) {
            super(reason, null, false, false);
            this.reason = reason;
            this.retryAfter = retryAfter;
            this.status = status;
            this.errorType = errorType;
            this.requestId = requestId;
            this.cause = cause;
        }
    }
}
