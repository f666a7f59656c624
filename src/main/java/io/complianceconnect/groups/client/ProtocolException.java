package io.complianceconnect.groups.client;

/**
 * The API answered something this client cannot use: malformed or truncated JSON, a page whose own
 * fields do not fit ({@code data} not an array, {@code has_more} without a {@code next_page}), or a page
 * token repeated within one listing. A single row that does not fit is not one: see {@link MalformedRow}.
 */
public final class ProtocolException extends ComplianceApiException {

    public ProtocolException(int status, String requestId, String message) {
        super(status, null, requestId, message);
    }

    public ProtocolException(int status, String requestId, String message, Throwable cause) {
        super(status, null, requestId, message, cause);
    }
}
