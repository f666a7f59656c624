package io.complianceconnect.groups.client;

/**
 * A response body this client cannot use. Internal: {@link ApiCall} turns it into a
 * {@link ProtocolException} carrying the status and request id. {@code truncated} marks a body that
 * ended early, which is a transport fault and worth retrying.
 */
final class MalformedResponseException extends Exception {

    private final boolean truncated;

    MalformedResponseException(String message, boolean truncated, Throwable cause) {
        super(message, cause);
        this.truncated = truncated;
    }

    boolean truncated() {
        return truncated;
    }
}
