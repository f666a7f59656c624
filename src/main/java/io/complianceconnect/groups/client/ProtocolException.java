package io.complianceconnect.groups.client;

/**
 * The API answered something this client cannot use: malformed or truncated JSON, a missing required
 * field, {@code has_more} without a {@code next_page}, or a page token repeated within one listing.
 */
public final class ProtocolException extends ComplianceApiException {

    public ProtocolException(int status, String requestId, String message) {
        super(status, null, requestId, message);
    }

    public ProtocolException(int status, String requestId, String message, Throwable cause) {
        super(status, null, requestId, message, cause);
    }
}
