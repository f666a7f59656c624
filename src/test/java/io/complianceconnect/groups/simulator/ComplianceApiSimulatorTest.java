package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ApiCalls.encode;
import static io.complianceconnect.groups.simulator.ApiCalls.assertError;
import static io.complianceconnect.groups.simulator.ApiCalls.json;
import static io.complianceconnect.groups.simulator.ApiCalls.ok;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The protocol of the three group endpoints, over real HTTP with the JDK client. */
class ComplianceApiSimulatorTest {

    private static final String KEY = "test-key";
    private static final String GROUPS = "/v1/compliance/groups";
    private static final String ACTIVITIES = "/v1/compliance/activities";
    private static final Instant START = Instant.parse("2026-03-02T10:15:30.500Z");

    private static final Consumer<ComplianceApiSimulator.Builder> WITH_KEY = b -> b.apiKey(KEY);

    private final MutableClock clock = new MutableClock(START);
    private ComplianceApiSimulator simulator;
    private ApiCalls api;

    /** Every simulator runs on the test clock; the fields follow the newest. */
    @RegisterExtension
    final SimulatorExtension simulators = new SimulatorExtension(b -> b.clock(clock)).onStart(started -> {
        simulator = started;
        api = new ApiCalls(started.baseUrl());
    });

    @Test
    void pagesThroughTwoThousandFiveHundredGroupsAThousandAtATime() {
        simulators.start(WITH_KEY).directory().populate(2_500, 3);

        JsonNode first = ok(api.get(GROUPS + "?limit=1000", KEY));
        assertThat(first.get("data")).hasSize(1000);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(first.get("next_page").isTextual()).isTrue();

        JsonNode second = ok(api.get(GROUPS + "?limit=1000&page=" + encode(first.get("next_page").asText()), KEY));
        assertThat(second.get("data")).hasSize(1000);
        assertThat(second.get("has_more").asBoolean()).isTrue();

        JsonNode last = ok(api.get(GROUPS + "?limit=1000&page=" + encode(second.get("next_page").asText()), KEY));
        assertThat(last.get("data")).hasSize(500);
        assertThat(last.get("has_more").asBoolean()).isFalse();
        assertThat(last.get("next_page").isNull()).isTrue();

        List<String> served = new ArrayList<>();
        for (JsonNode page : List.of(first, second, last)) {
            page.get("data").forEach(group -> served.add(group.get("id").asText()));
        }
        assertThat(served).doesNotHaveDuplicates()
                .containsExactlyElementsOf(simulator.directory().groups().stream().map(SimGroup::id).toList());
        assertThat(simulator.directory().membershipCount()).isEqualTo(7_500);
    }

    @Test
    void membersAreServedWithoutTheGroupId() {
        simulators.start(WITH_KEY).directory().populate(20, 3);
        SimGroup group = simulator.directory().groups().get(7);

        JsonNode page = ok(api.get(GROUPS + "/" + group.id() + "/members", KEY));

        List<SimMember> expected = simulator.directory().members(group.id());
        assertThat(page.get("data")).hasSize(3);
        assertThat(page.get("has_more").asBoolean()).isFalse();
        for (int i = 0; i < 3; i++) {
            JsonNode member = page.get("data").get(i);
            assertThat(fieldNames(member)).containsExactlyInAnyOrder("user_id", "email", "created_at", "updated_at");
            assertThat(member.get("user_id").asText()).isEqualTo(expected.get(i).userId()).startsWith("user_");
            assertThat(member.get("email").asText()).isEqualTo(expected.get(i).email());
            assertThat(instantOrNull(member.get("updated_at"))).isEqualTo(expected.get(i).updatedAt());
        }
    }

    @Test
    void groupIsServedWithTheDocumentedFieldsAndItsExtras() {
        simulators.start(WITH_KEY);
        String id = simulator.directory().createGroup("Legal - EMEA", "Counsel", "scim", List.of("role_a", "role_b"));
        simulator.directory().setGroupExtraField(id, "tier", "{\"level\": 2}");

        JsonNode group = ok(api.get(GROUPS + "/" + id, KEY));

        assertThat(fieldNames(group)).containsExactlyInAnyOrder(
                "id", "name", "description", "source_type", "created_at", "updated_at", "roles", "tier");
        assertThat(group.get("id").asText()).isEqualTo(id).startsWith("rbac_group_");
        assertThat(group.get("name").asText()).isEqualTo("Legal - EMEA");
        assertThat(group.get("description").asText()).isEqualTo("Counsel");
        assertThat(group.get("source_type").asText()).isEqualTo("scim");
        assertThat(group.get("roles")).extracting(JsonNode::asText).containsExactly("role_a", "role_b");
        assertThat(Instant.parse(group.get("created_at").asText())).isEqualTo(START);
        assertThat(group.get("tier").get("level").asInt()).isEqualTo(2);
    }

    @Test
    void nullTimestampsAndRolesAreServedAsJsonNull() {
        simulators.start(WITH_KEY);
        String id = simulator.directory().createGroup("No roles", "", "direct", null);

        JsonNode group = ok(api.get(GROUPS + "/" + id, KEY));

        assertThat(group.get("roles").isNull()).isTrue();
    }

    @Test
    void missingKeyGets401WithTheDocumentedBody() {
        simulators.start(WITH_KEY).directory().populate(3, 1);

        HttpResponse<String> response = api.get(GROUPS, null);

        assertThat(response.statusCode()).isEqualTo(401);
        JsonNode body = json(response);
        assertThat(fieldNames(body)).containsExactly("error");
        assertThat(fieldNames(body.get("error"))).containsExactlyInAnyOrder("type", "message");
        assertThat(body.at("/error/type").asText()).isEqualTo("authentication_error");
        assertThat(body.at("/error/message").asText()).isNotBlank();
        assertThat(response.headers().firstValue("request-id")).isPresent();
    }

    @Test
    void unknownKeyGets401AndNoKeysMeansEveryRequestGets401() {
        simulators.start(WITH_KEY);
        assertError(api.get(GROUPS, "other-key"), 401, "authentication_error");
        simulator.close();

        simulators.start();
        assertError(api.get(GROUPS, KEY), 401, "authentication_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "ten", ""})
    void limitOutsideOneToAThousandGets400(String limit) {
        simulators.start(WITH_KEY).directory().populate(3, 1);

        for (String path : List.of(GROUPS, GROUPS + "/" + simulator.directory().groups().get(0).id() + "/members")) {
            HttpResponse<String> response = api.get(path + "?limit=" + limit, KEY);

            assertError(response, 400, "invalid_request_error");
            assertThat(json(response).at("/error/message").asText())
                    .isEqualTo("The limit parameter must be between 1 and 1000");
        }
    }

    @Test
    void limitDefaultsToFiveHundredAndAcceptsTheBounds() {
        simulators.start(WITH_KEY).directory().populate(1_001, 0);

        assertThat(ok(api.get(GROUPS, KEY)).get("data")).hasSize(500);
        assertThat(ok(api.get(GROUPS + "?limit=1", KEY)).get("data")).hasSize(1);
        assertThat(ok(api.get(GROUPS + "?limit=1000", KEY)).get("data")).hasSize(1000);
    }

    @Test
    void unknownGroupGets404GroupNotFound() {
        simulators.start(WITH_KEY).directory().populate(2, 2);

        for (String path : List.of(GROUPS + "/rbac_group_nope/members", GROUPS + "/rbac_group_nope")) {
            HttpResponse<String> response = api.get(path, KEY);
            assertError(response, 404, "not_found_error");
            assertThat(json(response).at("/error/message").asText()).isEqualTo("Group not found.");
        }
    }

    @Test
    void unknownPathsGet404AndAreLoggedWithoutAnEndpoint() {
        simulators.start(WITH_KEY);

        for (String path : List.of("/v1/compliance/users", GROUPS + "/g/members/x", "/", "/v2/compliance/groups")) {
            assertError(api.get(path, KEY), 404, "not_found_error");
        }
        assertThat(simulator.requestLog().entries()).hasSize(4).allSatisfy(entry -> {
            assertThat(entry.endpoint()).isNull();
            assertThat(entry.status()).isEqualTo(404);
        });
    }

    @Test
    void responsesCarryRateLimitHeadersAndARequestId() {
        simulators.start(b -> b.apiKey(KEY).rateLimitPerMinute(600)).directory().populate(5, 1);

        HttpResponse<String> first = api.get(GROUPS, KEY);
        HttpResponse<String> second = api.get(GROUPS + "/" + simulator.directory().groups().get(0).id(), KEY);

        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-limit")).contains("600");
        assertThat(first.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("599");
        assertThat(second.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("598");
        assertThat(Instant.parse(first.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow()))
                .isEqualTo(Instant.parse("2026-03-02T10:16:00Z"));
        String firstId = first.headers().firstValue("request-id").orElseThrow();
        assertThat(firstId).startsWith("req_").isNotEqualTo(second.headers().firstValue("request-id").orElseThrow());
        assertThat(simulator.requestLog().entries().get(0).requestId()).isEqualTo(firstId);
    }

    @Test
    void spentRateLimitGets429WithRetryAfterUntilTheWindowResets() {
        simulators.start(b -> b.apiKey(KEY).apiKey("second-key").rateLimitPerMinute(3));
        clock.set(Instant.parse("2026-03-02T10:15:45.500Z"));

        assertThat(api.get(GROUPS, KEY).statusCode()).isEqualTo(200);
        assertThat(api.get(GROUPS, "second-key").statusCode()).isEqualTo(200);
        assertThat(api.get(GROUPS, "bad-key").statusCode()).isEqualTo(401); // spends nothing
        assertThat(api.get(GROUPS, KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> limited = api.get(GROUPS, "second-key");

        assertError(limited, 429, "rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).contains("15"); // 14.5 s, rounded up
        assertThat(limited.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("0");
        assertThat(simulator.requestLog().count(Endpoint.LIST_GROUPS)).isEqualTo(5);

        clock.set(Instant.parse("2026-03-02T10:16:00Z"));
        HttpResponse<String> next = api.get(GROUPS, KEY);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(next.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("2");
    }

    @Test
    void forgedOrModifiedPageTokensGet400() {
        simulators.start(WITH_KEY).directory().populate(10, 2);
        String token = ok(api.get(GROUPS + "?limit=3", KEY)).get("next_page").asText();
        char[] chars = token.toCharArray();
        chars[chars.length / 2] = chars[chars.length / 2] == 'A' ? 'B' : 'A';
        String modified = new String(chars);
        String membersPath = GROUPS + "/" + simulator.directory().groups().get(0).id() + "/members";

        List<String> rejected = new ArrayList<>();
        rejected.add(GROUPS + "?limit=3&page=" + encode(modified));
        rejected.add(GROUPS + "?limit=3&page=" + encode(token.substring(0, token.length() - 2)));
        rejected.add(GROUPS + "?limit=3&page=" + encode("offset:3"));
        rejected.add(GROUPS + "?limit=3&page=" + encode("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"));
        rejected.add(membersPath + "?page=" + encode(token)); // a token of another listing
        rejected.add(GROUPS + "?limit=3&name_prefix=Eng&page=" + encode(token)); // another filter
        for (String path : rejected) {
            assertError(api.get(path, KEY), 400, "invalid_request_error");
        }
        assertThat(api.get(GROUPS + "?limit=3&page=" + encode(token), KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void expiredPageTokenGets400() {
        simulators.start(b -> b.apiKey(KEY).pageTokenTtl(Duration.ofMinutes(10)))
                .directory().populate(10, 0);
        String token = ok(api.get(GROUPS + "?limit=4", KEY)).get("next_page").asText();

        clock.advance(Duration.ofMinutes(9).plusSeconds(59));
        assertThat(api.get(GROUPS + "?limit=4&page=" + encode(token), KEY).statusCode()).isEqualTo(200);

        clock.advance(Duration.ofSeconds(1));
        HttpResponse<String> expired = api.get(GROUPS + "?limit=4&page=" + encode(token), KEY);
        assertError(expired, 400, "invalid_request_error");
        assertThat(json(expired).at("/error/message").asText()).containsIgnoringCase("expired");
    }

    @Test
    void keyWithoutTheEndpointsScopeGets403InTheDocumentedWordingGotThenNeeded() {
        simulators.start(b -> b
                .apiKey("org-only", Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA))
                .apiKey("user-only", Set.of(ComplianceApiSimulator.SCOPE_USER_DATA)));
        String id = simulator.directory().createGroup("Finance");
        String members = GROUPS + "/" + id + "/members";

        assertThat(api.get(GROUPS, "org-only").statusCode()).isEqualTo(200);
        assertThat(api.get(GROUPS + "/" + id, "org-only").statusCode()).isEqualTo(200);
        HttpResponse<String> noUserScope = api.get(members, "org-only");
        assertError(noUserScope, 403, "permission_error");
        assertThat(json(noUserScope).at("/error/message").asText()).isEqualTo("Missing required scopes."
                + " Got: ['read:compliance_org_data'] Needed: ['read:compliance_user_data']");

        assertThat(api.get(members, "user-only").statusCode()).isEqualTo(200);
        HttpResponse<String> noOrgScope = api.get(GROUPS, "user-only");
        assertError(noOrgScope, 403, "permission_error");
        assertThat(json(noOrgScope).at("/error/message").asText()).isEqualTo("Missing required scopes."
                + " Got: ['read:compliance_user_data'] Needed: ['read:compliance_org_data']");
        assertError(api.get(GROUPS + "/" + id, "user-only"), 403, "permission_error");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "2024-01-01", "2023-06-02"})
    void emptyOrUnknownVersionHeaderGets400(String version) {
        simulators.start(WITH_KEY);
        Map<String, String> headers = Map.of("x-api-key", KEY, "anthropic-version", version);

        assertError(api.getWithHeaders(GROUPS, headers), 400, "invalid_request_error");
        assertError(api.getWithHeaders(ACTIVITIES, headers), 400, "invalid_request_error");
    }

    /** The reference: the groups endpoints take a request without the header as 2023-06-01; the feed does not. */
    @Test
    void aMissingVersionHeaderIsTakenAsTheFirstVersionOnTheGroupsEndpointsAndRefusedByTheFeed() {
        simulators.start(WITH_KEY);
        String id = simulator.directory().createGroup("Finance");
        Map<String, String> keyOnly = Map.of("x-api-key", KEY);

        assertThat(api.getWithHeaders(GROUPS, keyOnly).statusCode()).isEqualTo(200);
        assertThat(api.getWithHeaders(GROUPS + "/" + id, keyOnly).statusCode()).isEqualTo(200);
        assertThat(api.getWithHeaders(GROUPS + "/" + id + "/members", keyOnly).statusCode()).isEqualTo(200);
        HttpResponse<String> feed = api.getWithHeaders(ACTIVITIES, keyOnly);
        assertError(feed, 400, "invalid_request_error");
        assertThat(json(feed).at("/error/message").asText()).contains("anthropic-version");
    }

    @Test
    void aMissingScopeSpendsOneRequestOfTheBudgetAndARejectedKeyNone() {
        simulators.start(b -> b.apiKey(KEY).apiKey("user-only", Set.of(ComplianceApiSimulator.SCOPE_USER_DATA))
                .rateLimitPerMinute(10));

        assertThat(api.get(GROUPS, "revoked").statusCode()).isEqualTo(401);
        assertThat(api.get(GROUPS, "revoked").statusCode()).isEqualTo(401);
        HttpResponse<String> refused = api.get(GROUPS, "user-only");
        assertError(refused, 403, "permission_error");
        assertThat(refused.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("9");
        assertThat(api.get(GROUPS, KEY).headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("8");
    }

    @Test
    void anAdminKeyReadsTheActivityFeedButNotTheGroupsEndpoints() {
        String admin = "sk-ant-admin01-simulated";
        simulators.start(b -> b.apiKey(KEY).apiKey(admin));
        String id = simulator.directory().createGroup("Finance");

        assertThat(api.get(ACTIVITIES, admin).statusCode()).isEqualTo(200);
        for (String path : List.of(GROUPS, GROUPS + "/" + id, GROUPS + "/" + id + "/members")) {
            HttpResponse<String> refused = api.get(path, admin);
            assertError(refused, 403, "permission_error");
            assertThat(json(refused).at("/error/message").asText()).as(path).contains("Admin");
        }
        assertThat(api.get(GROUPS, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void deletingAGroupMidListingShiftsTheNextPage() {
        simulators.start(WITH_KEY).directory().populate(10, 1);
        List<String> ids = simulator.directory().groups().stream().map(SimGroup::id).toList();
        JsonNode first = ok(api.get(GROUPS + "?limit=4", KEY));
        assertThat(ids(first)).containsExactlyElementsOf(ids.subList(0, 4));

        simulator.directory().deleteGroup(ids.get(1));
        JsonNode second = ok(api.get(GROUPS + "?limit=4&page=" + encode(first.get("next_page").asText()), KEY));

        // The position is an offset: the group that moved up into place 3 is never served.
        assertThat(ids(second)).containsExactlyElementsOf(ids.subList(5, 9));
    }

    @Test
    void removingAMemberMidListingShiftsTheNextPage() {
        simulators.start(WITH_KEY);
        String group = simulator.directory().createGroup("Design");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            users.add(simulator.directory().addMember(group, "designer" + i + "@example.com"));
        }
        String path = GROUPS + "/" + group + "/members?limit=3";
        JsonNode first = ok(api.get(path, KEY));

        simulator.directory().removeMember(group, users.get(0));
        JsonNode second = ok(api.get(path + "&page=" + encode(first.get("next_page").asText()), KEY));

        assertThat(second.get("data")).extracting(m -> m.get("user_id").asText()).containsExactly(users.get(4), users.get(5));
        assertThat(second.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void namePrefixFiltersGroupsAcrossPages() {
        simulators.start(WITH_KEY);
        Directory directory = simulator.directory();
        String alpha1 = directory.createGroup("Alpha one");
        directory.createGroup("Beta");
        String alpha2 = directory.createGroup("Alpha two");
        directory.createGroup("alpha lower case");
        String alpha3 = directory.createGroup("Alphabet");

        JsonNode first = ok(api.get(GROUPS + "?limit=2&name_prefix=Alpha", KEY));
        JsonNode second = ok(api.get(GROUPS + "?limit=2&name_prefix=Alpha&page="
                + encode(first.get("next_page").asText()), KEY));

        assertThat(ids(first)).containsExactly(alpha1, alpha2);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(ids(second)).containsExactly(alpha3);
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(ok(api.get(GROUPS + "?name_prefix=" + encode("Alpha t"), KEY)).get("data")).hasSize(1);
        assertThat(ok(api.get(GROUPS + "?name_prefix=Gamma", KEY)).get("data")).isEmpty();
    }

    @Test
    void emptyGroupAndEmptyDirectoryGiveAnEmptyLastPage() {
        simulators.start(WITH_KEY);
        JsonNode groups = ok(api.get(GROUPS, KEY));
        assertThat(groups.get("data")).isEmpty();
        assertThat(groups.get("has_more").asBoolean()).isFalse();
        assertThat(groups.get("next_page").isNull()).isTrue();

        String id = simulator.directory().createGroup("Empty");
        assertThat(ok(api.get(GROUPS + "/" + id + "/members", KEY)).get("data")).isEmpty();
    }

    @Test
    void requestLogCountsEveryRequestExactly() {
        simulators.start(b -> b.apiKey(KEY).rateLimitPerMinute(8)).directory().populate(3, 2);
        String id = simulator.directory().groups().get(0).id();

        api.get(GROUPS + "?limit=2&name_prefix=" + encode("Sales x"), KEY);
        api.get(GROUPS, null);
        api.get(GROUPS + "/" + id, KEY);
        api.get(GROUPS + "/" + id + "/members", KEY);
        api.get(GROUPS + "/rbac_group_gone/members", KEY);
        api.get("/v1/compliance/nothing", KEY);
        api.admin("GET", "/_sim/stats", null); // the admin API is not logged
        for (int i = 0; i < 6; i++) {
            api.get(GROUPS + "/" + id + "/members", KEY); // the last two of these get 429
        }

        RequestLog log = simulator.requestLog();
        assertThat(log.count(Endpoint.LIST_GROUPS)).isEqualTo(2);
        assertThat(log.count(Endpoint.GET_GROUP)).isEqualTo(1);
        assertThat(log.count(Endpoint.LIST_MEMBERS)).isEqualTo(8);
        assertThat(log.count()).isEqualTo(12);
        assertThat(log.entries()).extracting(RequestLog.Entry::status)
                .containsExactly(200, 401, 200, 200, 404, 404, 200, 200, 200, 200, 429, 429);
        RequestLog.Entry first = log.entries().get(0);
        assertThat(first.method()).isEqualTo("GET");
        assertThat(first.path()).isEqualTo(GROUPS);
        assertThat(first.query()).containsExactlyInAnyOrderEntriesOf(Map.of("limit", "2", "name_prefix", "Sales x"));
        assertThat(first.at()).isEqualTo(START);

        log.clear();
        assertThat(log.count()).isZero();
        assertThat(log.count(Endpoint.LIST_MEMBERS)).isZero();
        assertThat(log.entries()).isEmpty();
    }

    @Test
    void aCappedRequestLogKeepsTheNewestEntriesAndExactCounts() {
        simulators.start(b -> b.apiKey(KEY).requestLogCapacity(3));

        for (int limit = 1; limit <= 5; limit++) {
            api.get(GROUPS + "?limit=" + limit, KEY);
        }

        assertThat(simulator.requestLog().entries()).extracting(entry -> entry.query().get("limit"))
                .containsExactly("3", "4", "5");
        assertThat(simulator.requestLog().count()).isEqualTo(5);
        assertThat(simulator.requestLog().count(Endpoint.LIST_GROUPS)).isEqualTo(5);
    }

    @Test
    void servesConcurrentClients() throws Exception {
        simulators.start(b -> b.apiKey(KEY).threads(4)).directory().populate(50, 5);
        List<String> ids = simulator.directory().groups().stream().map(SimGroup::id).toList();
        simulator.faults().inject(Endpoint.GET_GROUP, Fault.latency(Duration.ofMillis(200)), 4);

        List<CompletableFuture<HttpResponse<String>>> calls = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            String path = switch (i % 3) {
                case 0 -> GROUPS + "?limit=10";
                case 1 -> GROUPS + "/" + ids.get(i % ids.size());
                default -> GROUPS + "/" + ids.get(i % ids.size()) + "/members";
            };
            HttpRequest request = HttpRequest.newBuilder(api.uri(path)).header("x-api-key", KEY)
                    .header("anthropic-version", ComplianceApiSimulator.API_VERSION).build();
            calls.add(api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString()));
        }
        CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);

        Set<String> requestIds = new HashSet<>();
        for (CompletableFuture<HttpResponse<String>> call : calls) {
            assertThat(call.get().statusCode()).isEqualTo(200);
            requestIds.add(call.get().headers().firstValue("request-id").orElseThrow());
        }
        assertThat(requestIds).hasSize(200);
        assertThat(simulator.requestLog().count()).isEqualTo(200);
    }

    @Test
    void closeEndsRequestsInProgressAndStopsListening() throws Exception {
        simulators.start(WITH_KEY).directory().populate(1, 1);
        simulator.faults().injectAlways(Endpoint.LIST_GROUPS, Fault.latency(Duration.ofMinutes(10)));
        HttpRequest request = HttpRequest.newBuilder(api.uri(GROUPS)).header("x-api-key", KEY)
                .header("anthropic-version", ComplianceApiSimulator.API_VERSION).build();
        CompletableFuture<HttpResponse<String>> held = api.http().sendAsync(request, HttpResponse.BodyHandlers.ofString());
        waitUntilServing();

        simulator.close();

        // The ten-minute request fails instead of completing: close() did not wait for it.
        assertThatThrownBy(() -> held.get(30, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(IOException.class);
        assertThatThrownBy(() -> api.get(GROUPS, KEY)).hasCauseInstanceOf(ConnectException.class);
        simulator.close(); // idempotent
    }

    /** Waits (bounded) until a serving thread holds the request, so close() has something to end. */
    private void waitUntilServing() throws InterruptedException {
        for (int i = 0; i < 500; i++) {
            boolean serving = Thread.getAllStackTraces().keySet().stream()
                    .anyMatch(t -> t.getName().startsWith("compliance-sim-") && t.getState() == Thread.State.TIMED_WAITING
                            && List.of(t.getStackTrace()).stream().anyMatch(f -> f.getMethodName().equals("sleep")));
            if (serving) {
                return;
            }
            Thread.sleep(10);
        }
        throw new AssertionError("the request never reached the simulator");
    }

    // ---- helpers -------------------------------------------------------------------------------

    static List<String> ids(JsonNode page) {
        List<String> ids = new ArrayList<>();
        page.get("data").forEach(item -> ids.add(item.get("id").asText()));
        return ids;
    }

    static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            names.add(it.next());
        }
        return names;
    }

    private static Instant instantOrNull(JsonNode node) {
        return node.isNull() ? null : Instant.parse(node.asText());
    }
}
