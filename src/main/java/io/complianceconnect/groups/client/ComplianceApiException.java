package io.complianceconnect.groups.client;

/**
 * A request to the Compliance API failed. The message says what happened and what to do, followed by
 * the HTTP status, the API's {@code error.type} and the {@code request-id} (support asks for it).
 * Messages never contain the API key or a response body: bodies can carry members' emails.
 */
public class ComplianceApiException extends RuntimeException {

    private final int status;
    private final String errorType;
    private final String requestId;

    /**
     * @param status    the HTTP status, or 0 when no response was received
     * @param errorType the {@code error.type} of the error body, or null
     * @param requestId the {@code request-id} response header, or null
     * @param message   what happened and what to do about it
     */
    public ComplianceApiException(int status, String errorType, String requestId, String message) {
        this(status, errorType, requestId, message, null);
    }

    public ComplianceApiException(int status, String errorType, String requestId, String message, Throwable cause) {
        super(describe(status, errorType, requestId, message), cause);
        this.status = status;
        this.errorType = errorType;
        this.requestId = requestId;
    }

    /** The HTTP status, or 0 when no response was received. */
    public int status() {
        return status;
    }

    /** The {@code error.type} from the error body, or null. */
    public String errorType() {
        return errorType;
    }

    /** The {@code request-id} response header, or null. */
    public String requestId() {
        return requestId;
    }

    private static String describe(int status, String errorType, String requestId, String message) {
        StringBuilder text = new StringBuilder(message).append(" [");
        text.append(status == 0 ? "no HTTP response" : "HTTP " + status);
        if (errorType != null) {
            text.append(", error.type=").append(errorType);
        }
        if (requestId != null) {
            text.append(", request-id=").append(requestId);
        }
        return text.append(']').toString();
    }
}
