package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ApiCalls.encode;
import static io.complianceconnect.groups.simulator.ApiCalls.json;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulatorTest.fieldNames;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulatorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each injected fault, as a client sees it on the wire. */
class FaultInjectionTest {

    private static final String KEY = "test-key";
    private static final String GROUPS = "/v1/compliance/groups";

    private final MutableClock clock = new MutableClock(Instant.parse("2026-05-04T08:00:00Z"));
    private ComplianceApiSimulator simulator;
    private ApiCalls api;
    private String groupId;
    private String membersPath;

    @BeforeEach
    void start() {
        simulator = ComplianceApiSimulator.builder().apiKey(KEY).clock(clock).seed(7).start();
        simulator.directory().populate(12, 4);
        api = new ApiCalls(simulator.baseUrl());
        groupId = simulator.directory().groups().get(2).id();
        membersPath = GROUPS + "/" + groupId + "/members";
    }

    @AfterEach
    void close() {
        simulator.close();
    }

    @Test
    void statusFaultSendsTheDocumentedErrorBodyAndHeadersTheGivenNumberOfTimes() {
        simulator.faults().inject(Endpoint.LIST_MEMBERS,
                Fault.status(503, "overloaded_error").withHeader("x-should-retry", "false"), 2);

        for (int i = 0; i < 2; i++) {
            HttpResponse<String> response = api.get(membersPath, KEY);
            assertThat(response.statusCode()).isEqualTo(503);
            assertThat(json(response).at("/error/type").asText()).isEqualTo("overloaded_error");
            assertThat(json(response).at("/error/message").isTextual()).isTrue();
            assertThat(response.headers().firstValue("x-should-retry")).contains("false");
            assertThat(response.headers().firstValue("request-id")).isPresent();
        }
        HttpResponse<String> recovered = api.get(membersPath, KEY);
        assertThat(recovered.statusCode()).isEqualTo(200);
        assertThat(recovered.headers().firstValue("x-should-retry")).isEmpty();
        assertThat(simulator.requestLog().entries()).extracting(RequestLog.Entry::status).containsExactly(503, 503, 200);
    }

    @Test
    void rateLimitedFaultSendsRetryAfterOnlyWhenGiven() {
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.rateLimited(7), 1);
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.rateLimited(null), 1);

        HttpResponse<String> withRetryAfter = api.get(GROUPS, KEY);
        HttpResponse<String> without = api.get(GROUPS, KEY);

        assertThat(withRetryAfter.statusCode()).isEqualTo(429);
        assertThat(json(withRetryAfter).at("/error/type").asText()).isEqualTo("rate_limit_error");
        assertThat(withRetryAfter.headers().firstValue("retry-after")).contains("7");
        assertThat(without.statusCode()).isEqualTo(429);
        assertThat(without.headers().firstValue("retry-after")).isEmpty();
        assertThat(api.get(GROUPS, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void latencyFaultDelaysThenServesNormally() {
        String expected = api.get(GROUPS + "/" + groupId, KEY).body();
        simulator.faults().inject(Endpoint.GET_GROUP, Fault.latency(Duration.ofMillis(300)), 1);

        long started = System.nanoTime();
        HttpResponse<String> delayed = api.get(GROUPS + "/" + groupId, KEY);
        long elapsedMillis = (System.nanoTime() - started) / 1_000_000;

        assertThat(delayed.statusCode()).isEqualTo(200);
        assertThat(delayed.body()).isEqualTo(expected);
        assertThat(elapsedMillis).isGreaterThanOrEqualTo(300); // a lower bound only: the delay happened
    }

    @Test
    void truncatedBodyIsA200WithHalfTheJson() {
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.truncatedBody(), 1);

        HttpResponse<String> truncated = api.get(GROUPS + "?limit=5", KEY);
        HttpResponse<String> whole = api.get(GROUPS + "?limit=5", KEY);

        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(whole.body()).startsWith(truncated.body());
        assertThat(truncated.body().length()).isEqualTo(whole.body().length() / 2);
        assertThatThrownBy(() -> ApiCalls.JSON.readTree(truncated.body())).isInstanceOf(JsonProcessingException.class);
    }

    @Test
    void connectionResetLeavesTheClientWithoutACompleteResponse() {
        simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.connectionReset(), 1);

        assertThatThrownBy(() -> api.get(membersPath, KEY)).isInstanceOf(UncheckedIOException.class)
                .hasCauseInstanceOf(IOException.class)
                .satisfies(e -> assertThat(e.getCause()).isNotInstanceOf(HttpTimeoutException.class));

        assertThat(api.get(membersPath, KEY).statusCode()).isEqualTo(200);
        assertThat(simulator.requestLog().entries()).extracting(RequestLog.Entry::status).containsExactly(0, 200);
    }

    @Test
    void hasMoreWithoutTokenSaysMoreButGivesNoToken() {
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.hasMoreWithoutToken(), 1);

        JsonNode page = json(api.get(GROUPS + "?limit=100", KEY));

        assertThat(page.get("data")).hasSize(12);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.has("next_page")).isTrue();
        assertThat(page.get("next_page").isNull()).isTrue();
    }

    @Test
    void repeatedTokenOnAFirstPageLeadsBackToTheFirstPage() {
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.repeatedToken(), 1);

        JsonNode first = json(api.get(GROUPS + "?limit=5", KEY));
        JsonNode again = json(api.get(GROUPS + "?limit=5&page=" + encode(first.get("next_page").asText()), KEY));

        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(ids(again)).isEqualTo(ids(first));
    }

    @Test
    void repeatedTokenOnALaterPageRepeatsTheTokenItWasAskedWith() {
        String token = json(api.get(membersPath + "?limit=1", KEY)).get("next_page").asText();
        simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.repeatedToken(), 1);

        JsonNode page = json(api.get(membersPath + "?limit=1&page=" + encode(token), KEY));

        assertThat(page.get("next_page").asText()).isEqualTo(token);
        assertThat(page.get("has_more").asBoolean()).isTrue();
        assertThat(page.get("data")).hasSize(1);
    }

    @Test
    void expiredTokenFaultLooksExactlyLikeARealExpiry() {
        String token = json(api.get(GROUPS + "?limit=5", KEY)).get("next_page").asText();
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.expiredToken(), 1);

        HttpResponse<String> injected = api.get(GROUPS + "?limit=5&page=" + encode(token), KEY);
        assertThat(api.get(GROUPS + "?limit=5&page=" + encode(token), KEY).statusCode()).isEqualTo(200);
        clock.advance(Duration.ofMinutes(11));
        HttpResponse<String> real = api.get(GROUPS + "?limit=5&page=" + encode(token), KEY);

        assertThat(injected.statusCode()).isEqualTo(400).isEqualTo(real.statusCode());
        assertThat(json(injected)).isEqualTo(json(real));
        assertThat(json(injected).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void extraFieldsAppearOnEveryObjectOfTheResponse() {
        simulator.faults().injectAlways(Endpoint.LIST_GROUPS, Fault.extraFields());
        simulator.faults().injectAlways(Endpoint.GET_GROUP, Fault.extraFields());
        simulator.faults().injectAlways(Endpoint.LIST_MEMBERS, Fault.extraFields());

        JsonNode groups = json(api.get(GROUPS, KEY));
        JsonNode group = json(api.get(GROUPS + "/" + groupId, KEY));
        JsonNode members = json(api.get(membersPath, KEY));

        List<JsonNode> objects = new java.util.ArrayList<>(List.of(groups, group, members));
        groups.get("data").forEach(objects::add);
        members.get("data").forEach(objects::add);
        assertThat(objects).hasSize(3 + 12 + 4).allSatisfy(object -> {
            assertThat(fieldNames(object)).contains("x_sim_string", "x_sim_number", "x_sim_boolean", "x_sim_null",
                    "x_sim_object", "x_sim_array");
            assertThat(object.at("/x_sim_object/nested/list/1").asText()).isEqualTo("two");
        });
        assertThat(group.get("id").asText()).isEqualTo(groupId); // the documented fields are still there
    }

    @Test
    void nullTimestampsAndRolesOnEveryObject() {
        simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.nullTimestampsAndRoles(), 1);
        simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.nullTimestampsAndRoles(), 1);

        JsonNode groups = json(api.get(GROUPS, KEY));
        JsonNode members = json(api.get(membersPath, KEY));

        assertThat(groups.get("data")).hasSize(12).allSatisfy(group -> {
            assertThat(group.get("created_at").isNull()).isTrue();
            assertThat(group.get("updated_at").isNull()).isTrue();
            assertThat(group.get("roles").isNull()).isTrue();
            assertThat(group.get("name").isTextual()).isTrue();
        });
        assertThat(members.get("data")).hasSize(4).allSatisfy(member -> {
            assertThat(member.get("created_at").isNull()).isTrue();
            assertThat(member.get("updated_at").isNull()).isTrue();
        });
        long withTimestamps = json(api.get(GROUPS, KEY)).findValues("created_at").stream().filter(JsonNode::isTextual).count();
        assertThat(withTimestamps).isPositive();
    }

    @Test
    void countedFaultsComeFirstInOrderThenTheStandingOneUntilCleared() {
        simulator.faults().injectAlways(Endpoint.GET_GROUP, Fault.status(502, "api_error"));
        simulator.faults().inject(Endpoint.GET_GROUP, Fault.status(500, "internal_error"), 1);
        simulator.faults().inject(Endpoint.GET_GROUP, Fault.status(504, "api_error"), 2);
        String path = GROUPS + "/" + groupId;

        for (int expected : new int[] {500, 504, 504, 502, 502}) {
            assertThat(api.get(path, KEY).statusCode()).isEqualTo(expected);
        }
        simulator.faults().clear();
        assertThat(api.get(path, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void aFaultOnlyHitsItsEndpointAndRejectedRequestsDoNotUseItUp() {
        simulator.faults().inject(Endpoint.LIST_MEMBERS, Fault.status(500, "api_error"), 1);

        assertThat(api.get(GROUPS, KEY).statusCode()).isEqualTo(200);
        assertThat(api.get(GROUPS + "/" + groupId, KEY).statusCode()).isEqualTo(200);
        assertThat(api.get(membersPath, "wrong-key").statusCode()).isEqualTo(401);
        assertThat(api.get(membersPath, KEY).statusCode()).isEqualTo(500);
        assertThat(api.get(membersPath, KEY).statusCode()).isEqualTo(200);
    }

    @Test
    void listingFaultsAreRefusedForTheGetGroupEndpoint() {
        for (Fault fault : List.of(Fault.hasMoreWithoutToken(), Fault.repeatedToken(), Fault.expiredToken())) {
            assertThatThrownBy(() -> simulator.faults().inject(Endpoint.GET_GROUP, fault, 1))
                    .isInstanceOf(IllegalArgumentException.class);
            assertThatThrownBy(() -> simulator.faults().injectAlways(Endpoint.GET_GROUP, fault))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> simulator.faults().inject(Endpoint.LIST_GROUPS, Fault.truncatedBody(), 0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void faultsAreImmutableValues() {
        Fault plain = Fault.status(500, "api_error");
        Fault withHeader = plain.withHeader("x-should-retry", "true");

        assertThat(plain.headers()).isEmpty();
        assertThat(withHeader.headers()).containsEntry("x-should-retry", "true");
        assertThat(withHeader).isNotEqualTo(plain).isEqualTo(Fault.status(500, "api_error").withHeader("x-should-retry", "true"));
        assertThatThrownBy(() -> Fault.status(200, "api_error")).isInstanceOf(IllegalArgumentException.class);
    }
}
