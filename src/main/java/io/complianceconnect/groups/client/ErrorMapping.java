package io.complianceconnect.groups.client;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What a failed response means: the typed exception for its status and {@code error.type}, and whether
 * it is worth retrying when the server does not say. Only the error body's type and message are read;
 * the rest of a body can carry members' emails.
 *
 * <p>Only a 404 with the API's own {@code not_found_error} means "not found" (a group deleted). Any other
 * 404 (another type, or no error body: a proxy's or gateway's page) is an API error that is retried and
 * then fails the call, because taking it for a deletion would delete groups that exist.
 */
final class ErrorMapping {

    static final String NOT_FOUND_ERROR = "not_found_error";

    private static final Pattern SCOPE = Pattern.compile("\\b[a-z]+:[a-z][a-z_]*[a-z]\\b");
    /** The documented 403 lists the missing scopes after "Needed:" (those after "Got:" are the key's own). */
    private static final Pattern NEEDED = Pattern.compile("Needed(\\s+one\\s+of)?:\\s*\\[([^\\]]*)]",
            Pattern.CASE_INSENSITIVE);

    private final URI baseUrl;
    private final ResponseParser parser;

    ErrorMapping(URI baseUrl, ResponseParser parser) {
        this.baseUrl = baseUrl;
        this.parser = parser;
    }

    /** The error body of a failed response; {@link ResponseParser.ErrorBody#NONE} when it is not the documented shape. */
    ResponseParser.ErrorBody errorBody(Exchange exchange) {
        return parser.error(exchange.body());
    }

    /** Whether the API itself says the thing asked for does not exist. */
    static boolean meansNotFound(int status, String errorType) {
        return status == 404 && NOT_FOUND_ERROR.equals(errorType);
    }

    /**
     * Whether to retry when the server sends no {@code x-should-retry}: the documented retryable statuses,
     * and a 404 that is not the API's (whatever answered may answer properly next time).
     */
    static boolean isRetryable(int status, String errorType) {
        return status == 429 || status == 500 || status == 502 || status == 503 || status == 504 || status == 529
                || isForeign404(status, errorType);
    }

    /** A short description of a failed attempt, for retry log lines and the final message. */
    static String reason(int status, String errorType) {
        if (isForeign404(status, errorType)) {
            return "HTTP 404 " + (errorType == null ? "with no error.type" : errorType) + ", not the API's "
                    + NOT_FOUND_ERROR;
        }
        return "HTTP " + status + (errorType == null ? "" : " " + errorType);
    }

    private static boolean isForeign404(int status, String errorType) {
        return status == 404 && !NOT_FOUND_ERROR.equals(errorType);
    }

    /** The typed exception for an error status. */
    ComplianceApiException errorFor(RequestSpec spec, int status, ResponseParser.ErrorBody error, String requestId) {
        String type = error.type();
        String operation = spec.operation();
        return switch (status) {
            case 400 -> new InvalidRequestException(type, requestId, operation, spec.carriesPageToken());
            case 401 -> new AuthenticationException(type, requestId, operation);
            case 403 -> new PermissionException(type, requestId, operation, scopeIn(error.message()));
            case 404 -> !meansNotFound(status, type)
                    ? new ComplianceApiException(status, type, requestId, "The request to " + operation + " was answered"
                    + " 404 without the API's " + NOT_FOUND_ERROR + (type == null ? " (no API error body)" : "")
                    + ", so it is not taken for a missing group. A proxy or gateway may be answering instead of the"
                    + " API: check the base URL (" + baseUrl + "; it should be the API root, such as "
                    + ClientSettings.DEFAULT_BASE_URL + ") and anything in between.")
                    : spec.groupId() != null
                    ? new GroupNotFoundException(spec.groupId(), type, requestId)
                    : new ComplianceApiException(status, type, requestId, "The Compliance API has no endpoint at "
                    + spec.endpoint().pathTemplate() + " under " + baseUrl
                    + ". Check the base URL: it should be the API root, such as " + ClientSettings.DEFAULT_BASE_URL + ".");
            case 429 -> new ComplianceApiException(status, type, requestId, "The Compliance API rate limit is spent"
                    + " (about 600 requests a minute, shared by every key and consumer of the organisation) while"
                    + " trying to " + operation + ". Lower the request rate or wait.");
            default -> status >= 500
                    ? new ComplianceApiException(status, type, requestId, "The Compliance API failed with a server error"
                    + " while trying to " + operation + ". This is usually temporary.")
                    : new ComplianceApiException(status, type, requestId, "The Compliance API answered the request to "
                    + operation + " with an unexpected status. Check the base URL and any proxy in between.");
        };
    }

    /**
     * The scope(s) a 403's message says are missing, such as {@code read:compliance_user_data} (several
     * joined by " and ", the alternatives of a {@code Needed one of:} by " or "), or null. The documented
     * message is {@code Missing required scopes. Got: [...] Needed: [...]}: only the needed list counts. Another wording is trusted only when it names
     * a single scope; with several and no {@code Needed:} the key's own cannot be told from the missing.
     */
    static String scopeIn(String message) {
        if (message == null) {
            return null;
        }
        Matcher needed = NEEDED.matcher(message);
        if (needed.find()) {
            List<String> missing = scopes(needed.group(2));
            return missing.isEmpty() ? null : String.join(needed.group(1) == null ? " and " : " or ", missing);
        }
        List<String> named = scopes(message);
        return named.size() == 1 ? named.get(0) : null;
    }

    private static List<String> scopes(String text) {
        List<String> found = new ArrayList<>();
        Matcher m = SCOPE.matcher(text);
        while (m.find()) {
            found.add(m.group());
        }
        return found;
    }
}
