package io.complianceconnect.groups.client;

import java.time.Clock;
import java.time.Duration;

/**
 * What every {@link ApiCall} of one client shares: the transport, the pacing, the retry limits, the error
 * mapping and the listener. The client builds it once; a call depends on these parts, never on the client.
 *
 * @param maxRetries  how many times one call may be repeated after a retryable failure
 * @param retryBudget how long one call may spend retrying, counted from its first attempt
 * @param listener    already guarded: a failing listener never fails a call
 */
record CallContext(Clock clock, HttpTransport transport, RequestPacer pacer, Backoff backoff, int maxRetries,
                   Duration retryBudget, ErrorMapping errors, ClientListener listener) {
}
