package io.complianceconnect.groups.client;

/**
 * The request was abandoned because the client was closed, or because the thread was interrupted
 * inside a caller that cannot throw {@link InterruptedException} (which then sets the interrupt flag
 * again). Nothing is wrong with the API; the caller is shutting down.
 */
public final class RequestAbortedException extends ComplianceApiException {

    public RequestAbortedException(String message, Throwable cause) {
        super(0, null, null, message, cause);
    }
}
