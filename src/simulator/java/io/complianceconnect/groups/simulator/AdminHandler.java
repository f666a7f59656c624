package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.AdminRequestBody.integer;
import static io.complianceconnect.groups.simulator.AdminRequestBody.object;
import static io.complianceconnect.groups.simulator.AdminRequestBody.roles;
import static io.complianceconnect.groups.simulator.AdminRequestBody.sourceType;
import static io.complianceconnect.groups.simulator.AdminRequestBody.text;
import static io.complianceconnect.groups.simulator.ErrorResponses.error;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import io.complianceconnect.groups.simulator.AdminRequestBody.BadRequest;
import java.io.IOException;
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
 * for a user already in the group. Bodies are read by {@link AdminRequestBody}, and for faults and
 * activities by {@link FaultRequest} and {@link ActivityRequest}.
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

    private final Directory directory;
    private final FaultInjector faults;
    private final RequestLog requestLog;
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
            Activity activity = ActivityRequest.record(object(body), directory.activityFeed());
            return created(Map.of("id", activity.id()));
        }
        if (matches(p, "faults") && method.equals("POST")) {
            FaultRequest.parse(object(body)).injectInto(faults);
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

    private SimResponse created(Map<String, ?> fields) {
        return SimResponse.json(201, json.object(fields));
    }

    private static SimResponse noContent() {
        return SimResponse.json(204, new byte[0]);
    }
}
