package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ApiCalls.json;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.IntUnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The standalone command, run in-process on port 0, and its command line. */
class SimulatorMainTest {

    @Test
    void launchesPopulatesPrintsTheReadyLineAndLogsRequestsToStderr() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimulatorMain.Options options = parseOrFail("--port", "0", "--groups", "25", "--members-per-group", "3",
                "--api-key", "sk-secret-one", "--api-key", "sk-secret-two", "--rate-limit-rpm", "100", "--seed", "9");

        try (ComplianceApiSimulator simulator = SimulatorMain.launch(options, print(out), print(err))) {
            List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
            assertThat(lines).hasSize(1);
            assertThat(lines.get(0)).startsWith(SimulatorMain.READY_PREFIX);
            URI baseUrl = URI.create(lines.get(0).substring(SimulatorMain.READY_PREFIX.length()));
            assertThat(baseUrl).isEqualTo(simulator.baseUrl());
            assertThat(baseUrl.getHost()).isEqualTo("127.0.0.1");
            assertThat(baseUrl.getPort()).isPositive();

            ApiCalls api = new ApiCalls(baseUrl);
            JsonNode page = json(api.get("/v1/compliance/groups?limit=10", "sk-secret-two"));
            assertThat(page.get("data")).hasSize(10);
            assertThat(api.get("/v1/compliance/groups", "sk-secret-one").headers()
                    .firstValue("anthropic-ratelimit-requests-limit")).contains("100");
            assertThat(api.get("/v1/compliance/groups", null).statusCode()).isEqualTo(401);
            JsonNode stats = json(api.admin("GET", "/_sim/stats", null));
            assertThat(stats.get("groups").asInt()).isEqualTo(25);
            assertThat(stats.get("memberships").asInt()).isEqualTo(75);
            assertThat(stats.at("/requests/list_groups").asInt()).isEqualTo(3);
        }

        String log = err.toString(StandardCharsets.UTF_8);
        assertThat(log.lines().filter(line -> line.contains(" GET /v1/compliance/groups")))
                .hasSize(3)
                .anySatisfy(line -> assertThat(line).contains("limit=10").contains("-> 200").contains("LIST_GROUPS"))
                .anySatisfy(line -> assertThat(line).contains("-> 401"));
        assertThat(log).contains("25 groups", "75 memberships").doesNotContain("sk-secret");
    }

    @Test
    void withoutARateLimitFlagItHasTheRealApisBudgetAndSaysSoOnEveryResponseToAKnownKey() {
        SimulatorMain.Options options = parseOrFail("--port", "0", "--groups", "3", "--api-key", "k");

        try (ComplianceApiSimulator simulator = SimulatorMain.launch(options, print(new ByteArrayOutputStream()),
                print(new ByteArrayOutputStream()))) {
            ApiCalls api = new ApiCalls(simulator.baseUrl());
            String group = simulator.directory().groups().get(0).id();
            List<HttpResponse<String>> responses = List.of(
                    api.get("/v1/compliance/groups", "k"),
                    api.get("/v1/compliance/groups/" + group, "k"),
                    api.get("/v1/compliance/groups/" + group + "/members", "k"),
                    api.get("/v1/compliance/groups/rbac_group_gone", "k"),
                    api.get("/v1/compliance/groups?limit=0", "k"),
                    api.get("/v1/compliance/activities", "k"),
                    api.getWithHeaders("/v1/compliance/groups", Map.of("x-api-key", "k", "anthropic-version", "1999-01-01")));

            assertThat(responses).extracting(HttpResponse::statusCode).containsExactly(200, 200, 200, 404, 400, 200, 400);
            for (HttpResponse<String> response : responses) {
                assertThat(response.headers().firstValue("anthropic-ratelimit-requests-limit"))
                        .as("limit on a %d", response.statusCode()).contains("600");
                Instant reset = Instant.parse(response.headers().firstValue("anthropic-ratelimit-requests-reset").orElseThrow());
                assertThat(reset.getEpochSecond() % 60).as("the window ends at a full minute").isZero();
            }
            assertThat(responses.subList(0, 6)).extracting(r -> r.headers().firstValue("anthropic-ratelimit-requests-remaining")
                    .orElseThrow()).containsExactly("599", "598", "597", "596", "595", "594");
            assertThat(responses.get(6).headers().firstValue("anthropic-ratelimit-requests-remaining"))
                    .as("a request refused for its version is not charged").contains("594");
        }
    }

    @Test
    void rateLimitZeroMeansNoBudgetAndNoRateLimitHeaders() {
        SimulatorMain.Options options = parseOrFail("--port", "0", "--groups", "3", "--api-key", "k", "--rate-limit-rpm", "0");

        try (ComplianceApiSimulator simulator = SimulatorMain.launch(options, print(new ByteArrayOutputStream()),
                print(new ByteArrayOutputStream()))) {
            ApiCalls api = new ApiCalls(simulator.baseUrl());
            for (int i = 0; i < 700; i++) {
                HttpResponse<String> response = api.get("/v1/compliance/groups?limit=1", "k");
                assertThat(response.statusCode()).isEqualTo(200);
                assertThat(response.headers().map()).doesNotContainKey("anthropic-ratelimit-requests-limit");
            }
        }
    }

    @Test
    void activityOptionsShapeTheFeedAndKeysGetItsScope() {
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        SimulatorMain.Options options = parseOrFail("--port", "0", "--groups", "2", "--api-key", "k",
                "--activity-delay-seconds", "30", "--activity-noise");

        try (ComplianceApiSimulator simulator = SimulatorMain.launch(options, print(new ByteArrayOutputStream()), print(err))) {
            assertThat(simulator.activityFeed().visibilityDelay()).isEqualTo(Duration.ofSeconds(30));
            assertThat(simulator.activityFeed().noise()).isTrue();
            JsonNode page = json(new ApiCalls(simulator.baseUrl()).get("/v1/compliance/activities", "k"));
            assertThat(page.get("data")).isNotEmpty(); // ten minutes of noise before the start, long visible
        }
        assertThat(err.toString(StandardCharsets.UTF_8)).contains("activities listed after 30s, noise on");
    }

    @Test
    void aDistributionSpecShapesTheGroupSizes() {
        SimulatorMain.Options options = parseOrFail("--port", "0", "--groups", "200", "--members-distribution", "uniform:2-4");

        try (ComplianceApiSimulator simulator = SimulatorMain.launch(options, print(new ByteArrayOutputStream()),
                print(new ByteArrayOutputStream()))) {
            List<Integer> sizes = simulator.directory().groups().stream()
                    .map(g -> simulator.directory().members(g.id()).size()).toList();
            assertThat(sizes).hasSize(200).containsOnly(2, 3, 4).contains(2, 3, 4);
        }
    }

    @Test
    void defaultsAreDocumented() {
        SimulatorMain.Options options = parseOrFail();

        assertThat(options.port()).isEqualTo(18089);
        assertThat(options.groups()).isEqualTo(100);
        assertThat(options.membersDistribution()).isEqualTo("fixed:3");
        assertThat(options.apiKeys()).isEmpty();
        assertThat(options.rateLimitPerMinute()).isEqualTo(600);
        assertThat(options.pageTokenTtl()).isEqualTo(Duration.ofMinutes(10));
        assertThat(options.activityDelay()).isZero();
        assertThat(options.activityNoise()).isFalse();
        assertThat(options.help()).isFalse();
        assertThat(parseOrFail("--activity-noise", "--groups", "5").activityNoise()).isTrue();
        assertThat(parseOrFail("--page-token-ttl-seconds", "30").pageTokenTtl()).isEqualTo(Duration.ofSeconds(30));
        assertThat(parseOrFail("--groups", "5", "--help").help()).isTrue();
        assertThat(SimulatorMain.USAGE).contains("--port", "--groups", "--members-per-group", "--members-distribution",
                "--seed", "--api-key", "--rate-limit-rpm", "--page-token-ttl-seconds", "--activity-delay-seconds",
                "--activity-noise", "--help", "/_sim/", "/_sim/activities", "read:compliance_activities");
    }

    @Test
    void optionsNeverShowTheKeys() {
        assertThat(parseOrFail("--api-key", "sk-ant-api01-secret").toString()).doesNotContain("secret");
    }

    @Test
    void badCommandLinesAreRefusedWithAReason() {
        List<String[]> bad = new ArrayList<>();
        bad.add(new String[] {"--port"});
        bad.add(new String[] {"--port", "70000"});
        bad.add(new String[] {"--groups", "many"});
        bad.add(new String[] {"--frobnicate", "1"});
        bad.add(new String[] {"--members-per-group", "3", "--members-distribution", "fixed:3"});
        bad.add(new String[] {"--members-distribution", "poisson:3"});
        bad.add(new String[] {"--members-distribution", "uniform:5-2"});
        bad.add(new String[] {"--api-key", ""});
        bad.add(new String[] {"--page-token-ttl-seconds", "0"});
        bad.add(new String[] {"--activity-delay-seconds", "-1"});
        bad.add(new String[] {"--activity-delay-seconds"});
        for (String[] args : bad) {
            assertThatThrownBy(() -> SimulatorMain.parse(args)).as(String.join(" ", args))
                    .isInstanceOf(SimulatorMain.UsageException.class).hasMessageContaining("-");
        }
    }

    @Test
    void distributionsAreReproducibleAndHaveTheirShape() {
        IntUnaryOperator fixed = MembersDistribution.parse("fixed:7", 1);
        IntUnaryOperator uniform = MembersDistribution.parse("uniform:1-10", 1);
        IntUnaryOperator zipf = MembersDistribution.parse("zipf:500", 1);

        assertThat(IntStream.range(0, 50).map(fixed)).containsOnly(7);
        int[] uniformSizes = IntStream.range(0, 2_000).map(uniform).toArray();
        assertThat(uniformSizes).containsOnly(1, 2, 3, 4, 5, 6, 7, 8, 9, 10);
        assertThat(IntStream.range(0, 2_000).map(MembersDistribution.parse("uniform:1-10", 1)).toArray())
                .isEqualTo(uniformSizes);
        int[] zipfSizes = IntStream.range(0, 5_000).map(zipf).toArray();
        assertThat(IntStream.of(zipfSizes).allMatch(size -> size >= 1 && size <= 500)).isTrue();
        long ones = IntStream.of(zipfSizes).filter(size -> size == 1).count();
        long large = IntStream.of(zipfSizes).filter(size -> size > 100).count();
        assertThat(ones).isGreaterThan(zipfSizes.length / 2).isGreaterThan(large); // mostly small, a tail of big ones
        assertThat(large).isPositive();
        assertThat(IntStream.range(0, 5_000).map(MembersDistribution.parse("zipf:500", 2)).toArray()).isNotEqualTo(zipfSizes);
    }

    private static SimulatorMain.Options parseOrFail(String... args) {
        try {
            return SimulatorMain.parse(args);
        } catch (SimulatorMain.UsageException e) {
            throw new AssertionError("refused " + String.join(" ", args) + ": " + e.getMessage(), e);
        }
    }

    private static PrintStream print(ByteArrayOutputStream bytes) {
        return new PrintStream(bytes, true, StandardCharsets.UTF_8);
    }
}
