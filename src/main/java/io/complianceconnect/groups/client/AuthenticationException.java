package io.complianceconnect.groups.client;

/** 401: the key is invalid, revoked, or (older API revisions) lacks a scope. Not retried. */
public final class AuthenticationException extends ComplianceApiException {

    public AuthenticationException(String errorType, String requestId, String operation) {
        super(401, errorType, requestId, "The Compliance API rejected the access key for " + operation
                + ": the key is invalid or has been revoked. Create a new Compliance Access Key (the Primary"
                + " Owner does this in claude.ai; Admin API keys do not work here) and configure it.");
    }
}
