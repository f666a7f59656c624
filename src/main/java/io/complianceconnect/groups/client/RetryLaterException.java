package io.complianceconnect.groups.client;

import java.time.Instant;

/**
 * The next attempt of a request must wait longer than the caller allowed. Nothing was sent; calling
 * {@link ApiCall#execute(java.time.Duration)} again at or after {@link #notBefore()} continues the same
 * logical request with the same attempt count and retry budget.
 */
public class RetryLaterException extends ComplianceApiException {

    private final Instant notBefore;
    private final String reason;

    public RetryLaterException(int status, String errorType, String requestId, Instant notBefore, String reason) {
        this(status, errorType, requestId, notBefore, reason, "The request must wait until " + notBefore + " ("
                + reason + "). Call execute again at or after that time; nothing was sent.");
    }

    RetryLaterException(int status, String errorType, String requestId, Instant notBefore, String reason,
                        String message) {
        super(status, errorType, requestId, message);
        this.notBefore = notBefore;
        this.reason = reason;
    }

    /** The earliest instant at which the next attempt may be sent. */
    public Instant notBefore() {
        return notBefore;
    }

    /** Why the request waits, for example {@code "backoff after HTTP 503"} or {@code "request pacing"}. */
    public String reason() {
        return reason;
    }
}
