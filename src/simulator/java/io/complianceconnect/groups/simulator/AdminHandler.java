package io.complianceconnect.groups.simulator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.NoSuchElementException;

/**
 * The admin API under {@code /_sim/}, so that other processes (the demo, scripts) can change the
 * directory, add activities and inject faults while the simulator runs. Directory changes made here
 * record their activities as the Java calls do. It needs no key: the simulator listens on loopback
 * only. Its requests are not in the {@link RequestLog}. Errors use the API's error body:
 * 404 {@code not_found_error} for unknown ids, 400 {@code invalid_request_error} for bad input, 409
 * for a user already in the group.
 *
 * <pre>
 * POST   /_sim/groups                          {name[,description,source_type,roles]} → 201 {id}
 * POST   /_sim/groups/{id}/rename              {name}                        → 204
 * POST   /_sim/groups/{id}/update              {description,roles}           → 204
 * DELETE /_sim/groups/{id}                                                   → 204
 * POST   /_sim/groups/{id}/members             {email[,user_id]}             → 201 {user_id}
 * DELETE /_sim/groups/{id}/members/{userId}                                  → 204
 * POST   /_sim/users/{userId}/email            {email}                       → 204
 * POST   /_sim/populate                        {groups,members_per_group}    → 200 stats
 * POST   /_sim/activities                      {type[,actor,details]}        → 201 {id}
 * POST   /_sim/faults                          {endpoint,kind,...[,times]}   → 204
 * DELETE /_sim/faults                                                        → 204
 * GET    /_sim/stats → {groups, memberships, activities,
 *                       requests:{list_groups,get_group,list_members,list_activities,total}}
 * </pre>
 */
final class AdminHandler implements HttpHandler {

    // The JDK's logger, not SLF4J: the simulator jar runs with Jackson as its only dependency.
    private static final System.Logger LOG = System.getLogger(AdminHandler.class.getName());

    /** A bad admin request; becomes 400 with this message. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message, null, false, false);
        }
    }

    private final Directory directory;
    private final FaultInjector faults;
    private final RequestLog requestLog;
    private final ObjectMapper mapper = new ObjectMapper();
    private final JsonBodies json = new JsonBodies();

    AdminHandler(Directory directory, FaultInjector faults, RequestLog requestLog) {
        this.directory = directory;
        this.faults = faults;
        this.requestLog = requestLog;
    }

    @Override
    public void handle(HttpExchange exchange) throws IOException {
        try {
            String requestId = HttpSupport.newRequestId();
            SimResponse response;
            try {
                byte[] body = exchange.getRequestBody().readAllBytes();
                response = route(exchange.getRequestMethod(), HttpSupport.segments(exchange.getRequestURI().getRawPath()), body);
            } catch (NoSuchElementException e) {
                response = error(404, "not_found_error", e.getMessage());
            } catch (BadRequest | IllegalArgumentException e) {
                response = error(400, "invalid_request_error", e.getMessage());
            } catch (IllegalStateException e) {
                response = error(409, "invalid_request_error", e.getMessage());
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "Simulator admin request failed (request-id " + requestId + ")", e);
                response = error(500, "api_error", "Internal error in the simulator.");
            }
            HttpSupport.send(exchange, requestId, response);
        } finally {
            exchange.close();
        }
    }

    private SimResponse route(String method, List<String> path, byte[] body) {
        // path.get(0) is "_sim"
        List<String> p = path.subList(1, path.size());
        if (matches(p, "groups") && method.equals("POST")) {
            JsonNode in = object(body);
            String description = text(in, "description", false);
            String id = directory.createGroup(text(in, "name", true), description == null ? "" : description,
                    sourceType(in), roles(in, List.of()));
            return created(Map.of("id", id));
        }
        if (matches(p, "groups", "*", "rename") && method.equals("POST")) {
            directory.renameGroup(p.get(1), text(object(body), "name", true));
            return noContent();
        }
        if (matches(p, "groups", "*", "update") && method.equals("POST")) {
            JsonNode in = object(body);
            directory.updateGroup(p.get(1), text(in, "description", false), roles(in, null));
            return noContent();
        }
        if (matches(p, "groups", "*") && method.equals("DELETE")) {
            directory.deleteGroup(p.get(1));
            return noContent();
        }
        if (matches(p, "groups", "*", "members") && method.equals("POST")) {
            JsonNode in = object(body);
            String email = text(in, "email", true);
            String userId = text(in, "user_id", false);
            if (userId == null) {
                userId = directory.addMember(p.get(1), email);
            } else {
                directory.addMember(p.get(1), userId, email);
            }
            return created(Map.of("user_id", userId));
        }
        if (matches(p, "groups", "*", "members", "*") && method.equals("DELETE")) {
            directory.removeMember(p.get(1), p.get(3));
            return noContent();
        }
        if (matches(p, "users", "*", "email") && method.equals("POST")) {
            directory.updateMemberEmail(p.get(1), text(object(body), "email", true));
            return noContent();
        }
        if (matches(p, "populate") && method.equals("POST")) {
            JsonNode in = object(body);
            directory.populate(integer(in, "groups"), integer(in, "members_per_group"));
            return SimResponse.json(200, json.object(stats()));
        }
        if (matches(p, "activities") && method.equals("POST")) {
            Activity activity = recordActivity(object(body));
            return created(Map.of("id", activity.id()));
        }
        if (matches(p, "faults") && method.equals("POST")) {
            injectFault(object(body));
            return noContent();
        }
        if (matches(p, "faults") && method.equals("DELETE")) {
            faults.clear();
            return noContent();
        }
        if (matches(p, "stats") && method.equals("GET")) {
            return SimResponse.json(200, json.object(stats()));
        }
        return error(404, "not_found_error", "No such admin operation: " + method + " /" + String.join("/", path));
    }

    private Map<String, Object> stats() {
        Map<String, Object> requests = new LinkedHashMap<>();
        for (Endpoint endpoint : Endpoint.values()) {
            requests.put(endpoint.name().toLowerCase(Locale.ROOT), requestLog.count(endpoint));
        }
        requests.put("total", requestLog.count());
        Map<String, Object> stats = new LinkedHashMap<>();
        stats.put("groups", directory.groupCount());
        stats.put("memberships", directory.membershipCount());
        stats.put("activities", directory.activityFeed().count());
        stats.put("requests", requests);
        return stats;
    }

    /**
     * {@code {"endpoint":"LIST_MEMBERS","kind":"status","status":503,"error_type":"overloaded_error",
     * "headers":{"x-should-retry":"false"},"times":2}}; other kinds: {@code rate_limited}
     * ({@code retry_after_seconds}), {@code latency} ({@code delay_ms}), {@code truncated_body},
     * {@code connection_reset}, {@code has_more_without_token}, {@code repeated_token},
     * {@code expired_token}, {@code extra_fields}, {@code null_timestamps_and_roles}. Without
     * {@code times} the fault stays until {@code DELETE /_sim/faults}.
     */
    private void injectFault(JsonNode in) {
        Endpoint endpoint;
        try {
            endpoint = Endpoint.valueOf(text(in, "endpoint", true).toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("endpoint must be one of " + Arrays.toString(Endpoint.values()));
        }
        Fault fault = switch (text(in, "kind", true)) {
            case "status" -> Fault.status(integer(in, "status"), text(in, "error_type", true));
            case "rate_limited" -> Fault.rateLimited(in.hasNonNull("retry_after_seconds") ? integer(in, "retry_after_seconds") : null);
            case "latency" -> Fault.latency(Duration.ofMillis(integer(in, "delay_ms")));
            case "truncated_body" -> Fault.truncatedBody();
            case "connection_reset" -> Fault.connectionReset();
            case "has_more_without_token" -> Fault.hasMoreWithoutToken();
            case "repeated_token" -> Fault.repeatedToken();
            case "expired_token" -> Fault.expiredToken();
            case "extra_fields" -> Fault.extraFields();
            case "null_timestamps_and_roles" -> Fault.nullTimestampsAndRoles();
            default -> throw new BadRequest("unknown fault kind");
        };
        JsonNode headers = in.path("headers");
        for (var it = headers.fields(); it.hasNext(); ) {
            var header = it.next();
            fault = fault.withHeader(header.getKey(), header.getValue().asText());
        }
        if (in.hasNonNull("times")) {
            faults.inject(endpoint, fault, integer(in, "times"));
        } else {
            faults.injectAlways(endpoint, fault);
        }
    }

    /**
     * {@code {"type":"org_directory_resync_completed","actor":"scim_directory_sync_actor",
     * "details":{"note":"x","member_ids":["user_1"]}}}: an activity that happens now. {@code actor} is
     * {@code user_actor} (the directory admin, the default) or {@code scim_directory_sync_actor};
     * detail values are strings, numbers, booleans, null or arrays of strings.
     */
    private Activity recordActivity(JsonNode in) {
        ActivityFeed feed = directory.activityFeed();
        String actorType = text(in, "actor", false);
        Actor actor;
        if (actorType == null || actorType.equals(Actor.USER_ACTOR)) {
            actor = feed.directoryAdmin();
        } else if (actorType.equals(Actor.SCIM_DIRECTORY_SYNC_ACTOR)) {
            actor = feed.directorySync();
        } else {
            throw new BadRequest("actor must be user_actor or scim_directory_sync_actor");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        JsonNode given = in.path("details");
        if (!given.isMissingNode() && !given.isObject()) {
            throw new BadRequest("details must be an object");
        }
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            details.put(field.getKey(), detailValue(field.getKey(), field.getValue()));
        }
        return feed.record(text(in, "type", true), actor, details);
    }

    private static Object detailValue(String name, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new BadRequest(name + " must be an array of strings");
                }
                items.add(item.asText());
            }
            return items;
        }
        throw new BadRequest(name + " must be a string, number, boolean, null or array of strings");
    }

    private static boolean matches(List<String> path, String... pattern) {
        if (path.size() != pattern.length) {
            return false;
        }
        for (int i = 0; i < pattern.length; i++) {
            boolean wildcard = pattern[i].equals("*");
            if (wildcard ? path.get(i).isEmpty() : !pattern[i].equals(path.get(i))) {
                return false;
            }
        }
        return true;
    }

    private JsonNode object(byte[] body) {
        try {
            JsonNode node = mapper.readTree(body);
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON");
        } catch (IOException e) {
            throw new BadRequest("the request body could not be read");
        }
    }

    private static String text(JsonNode in, String field, boolean required) {
        JsonNode value = in.get(field);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(field + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest(field + " must be a string");
        }
        return value.asText();
    }

    private static int integer(JsonNode in, String field) {
        JsonNode value = in.get(field);
        if (value == null || !value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new BadRequest(field + " must be an integer");
        }
        return value.asInt();
    }

    private static String sourceType(JsonNode in) {
        String sourceType = text(in, "source_type", false);
        return sourceType == null ? DirectoryStore.SOURCE_DIRECT : sourceType;
    }

    private static List<String> roles(JsonNode in, List<String> whenAbsent) {
        if (!in.has("roles")) {
            return whenAbsent;
        }
        JsonNode roles = in.get("roles");
        if (roles.isNull()) {
            return null;
        }
        if (!roles.isArray()) {
            throw new BadRequest("roles must be an array of strings or null");
        }
        List<String> list = new ArrayList<>();
        for (JsonNode role : roles) {
            if (!role.isTextual()) {
                throw new BadRequest("roles must be an array of strings or null");
            }
            list.add(role.asText());
        }
        return list;
    }

    private SimResponse created(Map<String, ?> fields) {
        return SimResponse.json(201, json.object(fields));
    }

    private static SimResponse noContent() {
        return SimResponse.json(204, new byte[0]);
    }

    private SimResponse error(int status, String type, String message) {
        return SimResponse.json(status, json.error(type, message));
    }
}
