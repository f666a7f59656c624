package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ErrorResponses.error;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Serves the three group endpoints and the activity feed. The checks run in this order, each
 * answering for itself: unknown path (404), method (405), key (401), {@code anthropic-version} (400;
 * a missing header is 2023-06-01 on the groups endpoints, 400 on the feed), rate limit (429), an Admin key
 * on a groups endpoint (403), scope (403), then the injected fault if any, then the endpoint (400 for bad
 * parameters, 404 for an unknown group). Only requests that passed the key and version checks spend the
 * rate budget: a 401 costs nothing, a 403 one request.
 */
final class ApiHandler implements HttpHandler {

    // The JDK's logger, not SLF4J: the simulator jar runs with Jackson as its only dependency.
    private static final System.Logger LOG = System.getLogger(ApiHandler.class.getName());

    /** Admin keys read the activity feed but not the groups endpoints (documented). */
    static final String ADMIN_KEY_PREFIX = "sk-ant-admin01-";

    private final Directory directory;
    private final ActivityFeed feed;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final RateLimiter rateLimiter;
    private final PagedListing listings;
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
        this.listings = new PagedListing(pageTokens);
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
            ApiRoute route = ApiRoute.of(HttpSupport.segments(path));
            SimResponse response;
            try {
                response = respond(exchange, route, query, params);
            } catch (FaultEffects.Closing closing) {
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

    private SimResponse respond(HttpExchange exchange, ApiRoute route, Map<String, String> query,
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
        if (version == null && route.endpoint() != Endpoint.LIST_ACTIVITIES) {
            version = ComplianceApiSimulator.API_VERSION;   // documented: the groups endpoints default it
        }
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
        if (key.startsWith(ADMIN_KEY_PREFIX) && route.endpoint() != Endpoint.LIST_ACTIVITIES) {
            return error(403, "permission_error", "Admin API keys cannot be used with this endpoint; use a"
                    + " Compliance Access Key.").withHeaders(rateHeaders);
        }
        String scope = route.endpoint().requiredScope();
        if (!scopes.contains(scope)) {
            return error(403, "permission_error", missingScopes(scopes, scope)).withHeaders(rateHeaders);
        }
        return FaultEffects.apply(faults.next(route.endpoint()), shaping -> serve(route, query, params, shaping))
                .withHeaders(rateHeaders);
    }

    /**
     * The documented 403 wording: {@code Missing required scopes. Got: ['read:compliance_user_data']
     * Needed: ['read:compliance_org_data']}, the key's scopes first, then the missing one.
     */
    static String missingScopes(Set<String> got, String needed) {
        return "Missing required scopes. Got: " + pythonList(new TreeSet<>(got)) + " Needed: "
                + pythonList(List.of(needed));
    }

    private static String pythonList(Collection<String> items) {
        StringBuilder text = new StringBuilder("[");
        for (String item : items) {
            text.append(text.length() > 1 ? ", " : "").append('\'').append(item).append('\'');
        }
        return text.append(']').toString();
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

    /** The endpoint's normal answer, shaped by {@code shaping} (a fault kind) when not null. */
    private SimResponse serve(ApiRoute route, Map<String, String> query, Map<String, List<String>> params,
            Fault.Kind shaping) {
        JsonBodies.Shaping objects = shaping == Fault.Kind.EXTRA_FIELDS ? JsonBodies.Shaping.EXTRA_FIELDS
                : shaping == Fault.Kind.NULL_TIMESTAMPS_AND_ROLES ? JsonBodies.Shaping.NULL_TIMESTAMPS_AND_ROLES
                : JsonBodies.Shaping.NONE;
        return switch (route.endpoint()) {
            case GET_GROUP -> directory.group(route.groupId())
                    .map(group -> SimResponse.json(200, json.group(group, objects)))
                    .orElseGet(ErrorResponses::groupNotFound);
            case LIST_GROUPS -> {
                String prefix = query.getOrDefault("name_prefix", "");
                yield listings.page("groups\u0000" + prefix, query, shaping, objects,
                        (offset, limit) -> Optional.of(directory.listGroups(prefix, offset, limit)),
                        JsonBodies::writeGroup);
            }
            case LIST_MEMBERS -> listings.page("members\u0000" + route.groupId(), query, shaping, objects,
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
            return ErrorResponses.invalidRequest(bad.getMessage());
        }
    }
}
