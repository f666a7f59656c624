package io.complianceconnect.groups.client;

import java.time.Duration;

/**
 * A metrics hook. Every method has a no-op default; implementations must be thread-safe and quick
 * because they are called on the requesting thread. An exception thrown here is logged and ignored.
 */
public interface ClientListener {

    /** A response arrived (any status, including errors that will be retried). */
    default void requestCompleted(Endpoint endpoint, int status, Duration latency) {
    }

    /** A failed attempt will be repeated after {@code wait}; {@code reason} is a short description. */
    default void retryScheduled(Endpoint endpoint, String reason, Duration wait) {
    }

    /** The server answered 429. */
    default void rateLimited(Endpoint endpoint) {
    }

    /** Local pacing or the server's rate-limit headers made a request wait before it was sent. */
    default void throttled(Duration wait) {
    }

    /**
     * A row of a response that was used did not match the documented types; it was kept with the field
     * null, or skipped ({@link MalformedRow.Kind#skipped()}). Reported once per row and problem.
     *
     * @param requestId the response's {@code request-id}, or null
     */
    default void malformedRow(Endpoint endpoint, MalformedRow row, String requestId) {
    }

    ClientListener NO_OP = new ClientListener() {
    };
}
