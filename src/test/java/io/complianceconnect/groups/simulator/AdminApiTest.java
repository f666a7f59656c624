package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The admin API under /_sim/, driven over HTTP as another process would. */
class AdminApiTest {

    private static final String KEY = "test-key";

    private ComplianceApiSimulator simulator;
    private ApiCalls api;
    private Directory directory;

    @BeforeEach
    void start() {
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).start();
        api = new ApiCalls(simulator.baseUrl());
        directory = simulator.directory();
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void createsAGroupThatTheApiThenServes() {
        HttpResponse<String> created = api.admin("POST", "/_sim/groups",
                "{\"name\":\"Platform\",\"description\":\"SRE\",\"source_type\":\"scim\",\"roles\":[\"role_1\"]}");

        assertThat(created.statusCode()).isEqualTo(201);
        String id = json(created).get("id").asText();
        SimGroup group = directory.group(id).orElseThrow();
        assertThat(group.name()).isEqualTo("Platform");
        assertThat(group.description()).isEqualTo("SRE");
        assertThat(group.sourceType()).isEqualTo("scim");
        assertThat(group.roles()).containsExactly("role_1");
        JsonNode served = json(api.get("/v1/compliance/groups/" + id, KEY));
        assertThat(served.get("name").asText()).isEqualTo("Platform");

        String minimal = json(api.admin("POST", "/_sim/groups", "{\"name\":\"Bare\"}")).get("id").asText();
        assertThat(directory.group(minimal).orElseThrow().sourceType()).isEqualTo("direct");
    }

    @Test
    void renamesUpdatesAndDeletesAGroup() {
        String id = directory.createGroup("Before");

        assertThat(api.admin("POST", "/_sim/groups/" + id + "/rename", "{\"name\":\"After\"}").statusCode()).isEqualTo(204);
        assertThat(api.admin("POST", "/_sim/groups/" + id + "/update", "{\"description\":\"d\",\"roles\":null}").statusCode())
                .isEqualTo(204);
        SimGroup changed = directory.group(id).orElseThrow();
        assertThat(changed.name()).isEqualTo("After");
        assertThat(changed.description()).isEqualTo("d");
        assertThat(changed.roles()).isNull();

        assertThat(api.admin("DELETE", "/_sim/groups/" + id, null).statusCode()).isEqualTo(204);
        assertThat(directory.group(id)).isEmpty();
        assertThat(api.get("/v1/compliance/groups/" + id, KEY).statusCode()).isEqualTo(404);
    }

    @Test
    void addsRemovesAndRenamesMembers() {
        String a = directory.createGroup("A");
        String b = directory.createGroup("B");

        HttpResponse<String> added = api.admin("POST", "/_sim/groups/" + a + "/members", "{\"email\":\"new@example.com\"}");
        assertThat(added.statusCode()).isEqualTo(201);
        String user = json(added).get("user_id").asText();
        assertThat(api.admin("POST", "/_sim/groups/" + b + "/members",
                "{\"email\":\"new@example.com\",\"user_id\":\"" + user + "\"}").statusCode()).isEqualTo(201);
        assertThat(directory.groupsOfUser(user)).containsExactly(a, b);

        assertThat(api.admin("POST", "/_sim/users/" + user + "/email", "{\"email\":\"renamed@example.com\"}").statusCode())
                .isEqualTo(204);
        assertThat(directory.members(b)).extracting(SimMember::email).containsExactly("renamed@example.com");

        assertThat(api.admin("DELETE", "/_sim/groups/" + a + "/members/" + user, null).statusCode()).isEqualTo(204);
        assertThat(directory.members(a)).isEmpty();
        assertThat(directory.groupsOfUser(user)).containsExactly(b);
    }

    @Test
    void statsCountGroupsMembershipsAndApiRequests() {
        directory.populate(4, 2);
        api.get("/v1/compliance/groups", KEY);
        api.get("/v1/compliance/groups", null);
        api.get("/v1/compliance/groups/" + directory.groups().get(0).id() + "/members", KEY);
        api.get("/nowhere", KEY);

        JsonNode stats = json(api.admin("GET", "/_sim/stats", null));

        assertThat(stats.get("groups").asInt()).isEqualTo(4);
        assertThat(stats.get("memberships").asLong()).isEqualTo(8);
        assertThat(stats.at("/requests/list_groups").asLong()).isEqualTo(2);
        assertThat(stats.at("/requests/get_group").asLong()).isZero();
        assertThat(stats.at("/requests/list_members").asLong()).isEqualTo(1);
        assertThat(stats.at("/requests/total").asLong()).isEqualTo(4);
    }

    @Test
    void populatesAndInjectsFaults() {
        assertThat(json(api.admin("POST", "/_sim/populate", "{\"groups\":5,\"members_per_group\":2}")).get("memberships").asLong())
                .isEqualTo(10);
        String groupPath = "/v1/compliance/groups/" + directory.groups().get(0).id();

        assertThat(api.admin("POST", "/_sim/faults", "{\"endpoint\":\"GET_GROUP\",\"kind\":\"status\",\"status\":503,"
                + "\"error_type\":\"overloaded_error\",\"headers\":{\"x-should-retry\":\"true\"},\"times\":1}").statusCode())
                .isEqualTo(204);
        HttpResponse<String> faulted = api.get(groupPath, KEY);
        assertThat(faulted.statusCode()).isEqualTo(503);
        assertThat(faulted.headers().firstValue("x-should-retry")).contains("true");
        assertThat(api.get(groupPath, KEY).statusCode()).isEqualTo(200);

        api.admin("POST", "/_sim/faults", "{\"endpoint\":\"list_groups\",\"kind\":\"rate_limited\",\"retry_after_seconds\":3}");
        assertThat(api.get("/v1/compliance/groups", KEY).statusCode()).isEqualTo(429);
        assertThat(api.get("/v1/compliance/groups", KEY).statusCode()).isEqualTo(429);
        assertThat(api.admin("DELETE", "/_sim/faults", null).statusCode()).isEqualTo(204);
        assertThat(api.get("/v1/compliance/groups", KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void badAdminRequestsGetTheApiErrorBody() {
        String id = directory.createGroup("G");
        String user = directory.addMember(id, "u@example.com");

        assertAdminError(api.admin("POST", "/_sim/groups", "{\"description\":\"no name\"}"), 400, "invalid_request_error");
        assertAdminError(api.admin("POST", "/_sim/groups", "not json"), 400, "invalid_request_error");
        assertAdminError(api.admin("POST", "/_sim/groups", "[1]"), 400, "invalid_request_error");
        assertAdminError(api.admin("POST", "/_sim/groups/rbac_group_none/rename", "{\"name\":\"x\"}"), 404, "not_found_error");
        assertAdminError(api.admin("DELETE", "/_sim/groups/rbac_group_none", null), 404, "not_found_error");
        assertAdminError(api.admin("POST", "/_sim/groups/" + id + "/members",
                "{\"email\":\"u@example.com\",\"user_id\":\"" + user + "\"}"), 409, "invalid_request_error");
        assertAdminError(api.admin("POST", "/_sim/faults", "{\"endpoint\":\"GET_GROUP\",\"kind\":\"repeated_token\"}"),
                400, "invalid_request_error");
        assertAdminError(api.admin("POST", "/_sim/faults", "{\"endpoint\":\"NOPE\",\"kind\":\"extra_fields\"}"),
                400, "invalid_request_error");
        assertAdminError(api.admin("GET", "/_sim/unknown", null), 404, "not_found_error");
        assertAdminError(api.admin("PUT", "/_sim/stats", null), 404, "not_found_error");
        assertThat(directory.groupCount()).isEqualTo(1);
        assertThat(simulator.requestLog().count()).isZero(); // the admin API is not logged
    }

    private static void assertAdminError(HttpResponse<String> response, int status, String type) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(json(response).at("/error/type").asText()).isEqualTo(type);
        assertThat(json(response).at("/error/message").asText()).isNotBlank();
    }
}
