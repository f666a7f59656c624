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

    ClientListener NO_OP = new ClientListener() {
    };
}
