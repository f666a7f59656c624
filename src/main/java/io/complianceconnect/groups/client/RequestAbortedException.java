package io.complianceconnect.groups.client;

/**
 * The request was abandoned because the client was closed, or because the thread was interrupted
 * inside a convenience method that cannot throw {@link InterruptedException} (the interrupt flag is
 * then set again). Nothing is wrong with the API; the caller is shutting down.
 */
public final class RequestAbortedException extends ComplianceApiException {

    public RequestAbortedException(String message, Throwable cause) {
        super(0, null, null, message, cause);
    }
}
