package io.complianceconnect.groups.simulator;

/**
 * Answers in the API's error shape, {@code {"error":{"type":...,"message":...}}}, with the messages
 * that more than one endpoint gives. The admin API uses the same shape.
 */
final class ErrorResponses {

    static final String LIMIT_MESSAGE = "The limit parameter must be between 1 and 1000";
    static final String INVALID_TOKEN_MESSAGE = "The page token is invalid.";
    static final String EXPIRED_TOKEN_MESSAGE = "The page token has expired; start the listing again from the first page.";
    static final String GROUP_NOT_FOUND_MESSAGE = "Group not found.";

    private static final JsonBodies JSON = new JsonBodies();

    private ErrorResponses() {
    }

    static SimResponse error(int status, String type, String message) {
        return SimResponse.json(status, JSON.error(type, message));
    }

    /** 400 {@code invalid_request_error}: a parameter or header the API refuses. */
    static SimResponse invalidRequest(String message) {
        return error(400, "invalid_request_error", message);
    }

    static SimResponse groupNotFound() {
        return error(404, "not_found_error", GROUP_NOT_FOUND_MESSAGE);
    }
}
