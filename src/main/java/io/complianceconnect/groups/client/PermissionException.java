package io.complianceconnect.groups.client;

/** 403: the key lacks a scope the endpoint needs. Not retried. */
public final class PermissionException extends ComplianceApiException {

    private final String missingScope;

    /** @param missingScope the scope(s) the API's message says are missing ("Needed:"), or null when it names none */
    public PermissionException(String errorType, String requestId, String operation, String missingScope) {
        super(403, errorType, requestId, "The access key is not allowed to " + operation
                + (missingScope == null
                        ? ": it lacks a scope this endpoint needs (groups need read:compliance_org_data,"
                                + " members need read:compliance_user_data), or it is an Admin key (those read"
                                + " only the activity feed)."
                        : ": it lacks " + (missingScope.contains(" and ") ? "the scopes " : missingScope.contains(" or ") ? "one of the scopes " : "the scope ")
                                + missingScope + ".")
                + " Create a Compliance Access Key with the needed scope and configure it.");
        this.missingScope = missingScope;
    }

    /** The missing scope(s) named by the API's error message (for example {@code read:compliance_user_data}), or null. */
    public String missingScope() {
        return missingScope;
    }
}
