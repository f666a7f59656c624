package io.complianceconnect.groups.simulator;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Serves the three group endpoints and the activity feed. The checks run in this order, each
 * answering for itself: unknown path (404), method (405), key (401), {@code anthropic-version} (400),
 * rate limit (429), scope (403), then the injected fault if any, then the endpoint (400 for bad
 * parameters, 404 for an unknown group). Only requests that passed the key check spend the rate
 * budget.
 */
final class ApiHandler implements HttpHandler {

    // The JDK's logger, not SLF4J: the simulator jar runs with Jackson as its only dependency.
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());
    static final String LIMIT_MESSAGE = "The limit parameter must be between 1 and 1000";
    static final String INVALID_TOKEN_MESSAGE = "The page token is invalid.";
    static final String EXPIRED_TOKEN_MESSAGE = "The page token has expired; start the listing again from the first page.";
    static final String GROUP_NOT_FOUND_MESSAGE = "Group not found.";
    /** What {@link Fault#statusWithoutErrorBody} serves: a proxy's page, not the API's error shape. */
    private static final byte[] PROXY_PAGE = "<html><body><h1>Not Found</h1></body></html>"
            .getBytes(StandardCharsets.UTF_8);
    private static final int DEFAULT_LIMIT = 500;
    private static final int MAX_LIMIT = 1000;

    /** A request path that names an endpoint. */
    private record Route(Endpoint endpoint, String groupId) {

        static Route of(List<String> segments) {
            if (segments.equals(List.of("v1", "compliance", "activities"))) {
                return new Route(Endpoint.LIST_ACTIVITIES, null);
            }
            if (segments.size() < 3 || !segments.get(0).equals("v1") || !segments.get(1).equals("compliance")
                    || !segments.get(2).equals("groups")) {
                return null;
            }
            if (segments.size() == 3) {
                return new Route(Endpoint.LIST_GROUPS, null);
            }
            String groupId = segments.get(3);
            if (groupId.isEmpty()) {
                return null;
            }
            if (segments.size() == 4) {
                return new Route(Endpoint.GET_GROUP, groupId);
            }
            if (segments.size() == 5 && segments.get(4).equals("members")) {
                return new Route(Endpoint.LIST_MEMBERS, groupId);
            }
            return null;
        }
    }

    /** The serving thread was interrupted because the simulator is closing. */
    private static final class Closing extends RuntimeException {
        Closing() {
            super(null, null, false, false);
        }
    }

    private final Directory directory;
    private final ActivityFeed feed;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final RateLimiter rateLimiter;
    private final PageTokens pageTokens;
    private final Map<String, Set<String>> scopesByKey;
    private final Clock clock;
    private final JsonBodies json = new JsonBodies();

    ApiHandler(Directory directory, FaultInjector faults, RequestLog requestLog, RateLimiter rateLimiter,
            PageTokens pageTokens, Map<String, Set<String>> scopesByKey, Clock clock) {
        this.directory = directory;
        this.feed = directory.activityFeed();
        this.faults = faults;
        this.requestLog = requestLog;
        this.rateLimiter = rateLimiter;
        this.pageTokens = pageTokens;
        this.scopesByKey = Map.copyOf(scopesByKey);
        this.clock = clock;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String requestId = HttpSupport.newRequestId();
            Instant at = clock.instant();
            HttpSupport.drainRequestBody(exchange);
            String rawQuery = exchange.getRequestURI().getRawQuery();
            Map<String, String> query = HttpSupport.query(rawQuery);
            Map<String, List<String>> params = HttpSupport.queryValues(rawQuery);
            String path = exchange.getRequestURI().getRawPath();
            Route route = Route.of(HttpSupport.segments(path));
            SimResponse response;
            try {
                response = respond(exchange, route, query, params);
            } catch (Closing closing) {
                Thread.currentThread().interrupt();
                return;
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Simulator failed to serve " + exchange.getRequestMethod() + " " + path
                        + " (request-id " + requestId + ")", e);
                response = error(500, "api_error", "Internal error in the simulator.");
            }
            int loggedStatus = response.delivery() == SimResponse.Delivery.CUT ? 0 : response.status();
            requestLog.record(new RequestLog.Entry(at, exchange.getRequestMethod(), path,
                    route == null ? null : route.endpoint(), query, loggedStatus, requestId));
            HttpSupport.send(exchange, requestId, response);
        } finally {
            exchange.close();
        }
    }

    private SimResponse respond(HttpExchange exchange, Route route, Map<String, String> query,
            Map<String, List<String>> params) {
        if (route == null) {
            return error(404, "not_found_error", "Not found.");
        }
        if (!exchange.getRequestMethod().equals("GET")) {
            return error(405, "invalid_request_error", "Method not allowed; this endpoint takes GET.")
                    .withHeader("allow", "GET");
        }
        String key = exchange.getRequestHeaders().getFirst("x-api-key");
        Set<String> scopes = key == null ? null : scopesByKey.get(key);
        if (scopes == null) {
            return error(401, "authentication_error",
                    key == null || key.isEmpty() ? "The x-api-key header is required." : "Invalid x-api-key.");
        }
        // From here on the key names an organisation, so every answer reports its budget, charged or not.
        String version = exchange.getRequestHeaders().getFirst("anthropic-version");
        if (version == null || version.isEmpty()) {
            return error(400, "invalid_request_error", "The anthropic-version header is required.")
                    .withHeaders(uncharged());
        }
        if (!version.equals(ComplianceApiSimulator.API_VERSION)) {
            return error(400, "invalid_request_error", "Unknown anthropic-version; use " + ComplianceApiSimulator.API_VERSION + ".")
                    .withHeaders(uncharged());
        }
        Map<String, String> rateHeaders = Map.of();
        if (rateLimiter.enabled()) {
            RateLimiter.Decision decision = rateLimiter.acquire();
            rateHeaders = rateHeaders(decision);
            if (!decision.allowed()) {
                return error(429, "rate_limit_error", "Rate limit exceeded: " + decision.limit() + " requests per minute.")
                        .withHeaders(rateHeaders)
                        .withHeader("retry-after", Long.toString(decision.retryAfterSeconds()));
            }
        }
        String scope = route.endpoint().requiredScope();
        if (!scopes.contains(scope)) {
            return error(403, "permission_error", "This API key lacks the required scope " + scope + ".")
                    .withHeaders(rateHeaders);
        }
        return withFault(faults.next(route.endpoint()), route, query, params).withHeaders(rateHeaders);
    }

    /** The budget's headers for an answer that spends nothing of it; none when no limit is set. */
    private Map<String, String> uncharged() {
        return rateLimiter.enabled() ? rateHeaders(rateLimiter.peek()) : Map.of();
    }

    private static Map<String, String> rateHeaders(RateLimiter.Decision decision) {
        return Map.of(
                "anthropic-ratelimit-requests-limit", Integer.toString(decision.limit()),
                "anthropic-ratelimit-requests-remaining", Integer.toString(decision.remaining()),
                "anthropic-ratelimit-requests-reset", JsonBodies.timestamp(decision.resetAt()));
    }

    private SimResponse withFault(Fault fault, Route route, Map<String, String> query,
            Map<String, List<String>> params) {
        if (fault == null) {
            return serve(route, query, params, null);
        }
        SimResponse response = switch (fault.kind()) {
            case STATUS -> fault.errorType() == null
                    ? SimResponse.json(fault.status(), PROXY_PAGE).withHeader("content-type", "text/html")
                    : error(fault.status(), fault.errorType(), "Simulated " + fault.errorType() + ".");
            case RATE_LIMITED -> {
                SimResponse limited = error(429, "rate_limit_error", "Rate limit exceeded (simulated).");
                yield fault.retryAfterSeconds() == null ? limited
                        : limited.withHeader("retry-after", fault.retryAfterSeconds().toString());
            }
            case EXPIRED_TOKEN -> error(400, "invalid_request_error", EXPIRED_TOKEN_MESSAGE);
            case LATENCY -> {
                sleep(fault);
                yield serve(route, query, params, null);
            }
            case TRUNCATED_BODY -> serve(route, query, params, null).deliveredAs(SimResponse.Delivery.TRUNCATED);
            case CONNECTION_RESET -> serve(route, query, params, null).deliveredAs(SimResponse.Delivery.CUT);
            case HAS_MORE_WITHOUT_TOKEN, REPEATED_TOKEN, EXTRA_FIELDS, NULL_TIMESTAMPS_AND_ROLES ->
                    serve(route, query, params, fault.kind());
            case REWRITTEN_BODY -> rewritten(serve(route, query, params, null), fault.rewrites());
        };
        return response.withHeaders(fault.headers());
    }

    private static SimResponse rewritten(SimResponse response, Map<String, String> rewrites) {
        String body = new String(response.body(), StandardCharsets.UTF_8);
        for (Map.Entry<String, String> rewrite : rewrites.entrySet()) {
            body = body.replace(rewrite.getKey(), rewrite.getValue());
        }
        return new SimResponse(response.status(), response.headers(), body.getBytes(StandardCharsets.UTF_8),
                response.delivery());
    }

    private static void sleep(Fault fault) {
        try {
            Thread.sleep(fault.delay().toMillis());
        } catch (InterruptedException e) {
            throw new Closing();
        }
    }

    /** The endpoint's normal answer, shaped by {@code shaping} (a fault kind) when not null. */
    private SimResponse serve(Route route, Map<String, String> query, Map<String, List<String>> params,
            Fault.Kind shaping) {
        JsonBodies.Shaping objects = shaping == Fault.Kind.EXTRA_FIELDS ? JsonBodies.Shaping.EXTRA_FIELDS
                : shaping == Fault.Kind.NULL_TIMESTAMPS_AND_ROLES ? JsonBodies.Shaping.NULL_TIMESTAMPS_AND_ROLES
                : JsonBodies.Shaping.NONE;
        return switch (route.endpoint()) {
            case GET_GROUP -> directory.group(route.groupId())
                    .map(group -> SimResponse.json(200, json.group(group, objects)))
                    .orElseGet(ApiHandler.this::groupNotFound);
            case LIST_GROUPS -> {
                String prefix = query.getOrDefault("name_prefix", "");
                yield listing("groups\u0000" + prefix, query, shaping, objects,
                        (offset, limit) -> Optional.of(directory.listGroups(prefix, offset, limit)),
                        JsonBodies::writeGroup);
            }
            case LIST_MEMBERS -> listing("members\u0000" + route.groupId(), query, shaping, objects,
                    (offset, limit) -> directory.listMembers(route.groupId(), offset, limit),
                    JsonBodies::writeMember);
            case LIST_ACTIVITIES -> activities(params, objects);
        };
    }

    /** A page of the activity feed: {@code data}, {@code has_more}, {@code first_id}, {@code last_id}. */
    private SimResponse activities(Map<String, List<String>> params, JsonBodies.Shaping objects) {
        try {
            ActivityFeed.FeedPage page = feed.list(ActivityQuery.parse(params));
            return SimResponse.json(200, json.activityPage(page.items(), page.hasMore(), objects));
        } catch (ActivityQuery.BadParameter bad) {
            return error(400, "invalid_request_error", bad.getMessage());
        }
    }

    @FunctionalInterface
    private interface PageSource<T> {
        Optional<Directory.Slice<T>> slice(int offset, int limit);
    }

    /**
     * A page of a listing: the limit and token are checked first, then the list is read at the
     * token's offset. {@code listing} binds tokens to this listing.
     */
    private <T> SimResponse listing(String listing, Map<String, String> query, Fault.Kind shaping,
            JsonBodies.Shaping objects, PageSource<T> source, JsonBodies.ItemWriter<T> writer) {
        int limit = parseLimit(query.get("limit"));
        if (limit < 0) {
            return error(400, "invalid_request_error", LIMIT_MESSAGE);
        }
        String token = query.get("page");
        boolean firstPage = token == null || token.isEmpty();
        int offset = 0;
        if (!firstPage) {
            try {
                offset = pageTokens.redeem(listing, token);
            } catch (PageTokens.RejectedToken rejected) {
                return error(400, "invalid_request_error", rejected.rejection() == PageTokens.Rejection.EXPIRED
                        ? EXPIRED_TOKEN_MESSAGE : INVALID_TOKEN_MESSAGE);
            }
        }
        Optional<Directory.Slice<T>> slice = source.slice(offset, limit);
        if (slice.isEmpty()) {
            return groupNotFound();
        }
        boolean hasMore = slice.get().hasMore();
        String nextPage = hasMore ? pageTokens.issue(listing, offset + limit) : null;
        if (shaping == Fault.Kind.HAS_MORE_WITHOUT_TOKEN) {
            hasMore = true;
            nextPage = null;
        } else if (shaping == Fault.Kind.REPEATED_TOKEN) {
            hasMore = true;
            nextPage = firstPage ? pageTokens.issue(listing, 0) : token;
        }
        return SimResponse.json(200, json.page(slice.get().items(), writer, hasMore, nextPage, objects));
    }

    /** The limit, or -1 when it is not an integer in 1..1000. */
    private static int parseLimit(String text) {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            return limit >= 1 && limit <= MAX_LIMIT ? limit : -1;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    private SimResponse groupNotFound() {
        return error(404, "not_found_error", GROUP_NOT_FOUND_MESSAGE);
    }

    private SimResponse error(int status, String type, String message) {
        return SimResponse.json(status, json.error(type, message));
    }
}
