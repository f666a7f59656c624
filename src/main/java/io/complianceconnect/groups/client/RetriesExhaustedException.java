package io.complianceconnect.groups.client;

/**
 * A request kept failing with retryable errors until the client's retry limit or retry time budget ran
 * out. {@link #getCause()} is the last failure (a {@link ComplianceApiException} or an I/O exception).
 */
public final class RetriesExhaustedException extends ComplianceApiException {

    private final int attempts;

    public RetriesExhaustedException(int status, String errorType, String requestId, String message,
                                     int attempts, Throwable lastFailure) {
        super(status, errorType, requestId, message, lastFailure);
        this.attempts = attempts;
    }

    /** How many requests were sent for this logical request. */
    public int attempts() {
        return attempts;
    }
}
