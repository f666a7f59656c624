package io.complianceconnect.groups.client;

/**
 * 400: the API refused a parameter. When the request carried a page token the usual cause is an
 * expired or otherwise rejected token, and the listing must restart from its first page.
 */
public final class InvalidRequestException extends ComplianceApiException {

    private final boolean pageTokenRejected;

    public InvalidRequestException(String errorType, String requestId, String operation, boolean pageTokenRejected) {
        super(400, errorType, requestId, "The Compliance API refused the request to " + operation
                + (pageTokenRejected
                        ? ": the page token is probably expired or invalid. Restart this listing from its first page."
                        : ": a parameter or the anthropic-version header is invalid. Check the client configuration."));
        this.pageTokenRejected = pageTokenRejected;
    }

    /** True when the refused request carried a page token, so the listing should restart from the first page. */
    public boolean pageTokenRejected() {
        return pageTokenRejected;
    }
}
