package io.complianceconnect.groups.client;

import java.time.Instant;

/**
 * The request was sent and its response has not arrived within the time the caller allowed; it is
 * still within its request timeout. Calling {@link ApiCall#execute(java.time.Duration)} again goes
 * on waiting for the same response (nothing is sent again), so a caller that must return promptly
 * (a task's {@code poll()}, which a worker's stop waits for) never blocks on a slow answer.
 */
public final class ResponsePendingException extends RetryLaterException {

    ResponsePendingException(Instant now, String operation) {
        super(0, null, null, now, "waiting for the response",
                "The request to " + operation + " was sent and its response has not arrived yet. Call execute "
                        + "again to go on waiting for it; nothing is sent again.");
    }
}
