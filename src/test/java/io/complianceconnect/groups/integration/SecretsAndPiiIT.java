package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnector;
import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.integration.TopicReplica.Change;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.Fault;
import io.complianceconnect.groups.simulator.FaultInjector;
import io.complianceconnect.groups.simulator.SimMember;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.complianceconnect.groups.integration.RequestHooks.taskRequest;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_GROUPS;
import static io.complianceconnect.groups.simulator.Endpoint.LIST_MEMBERS;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The API key never appears in a log line (at any level captured: INFO for everything, DEBUG for
 * the connector's own packages), in an exception, or in what the Connect REST API shows; members'
 * emails never appear in a log line above DEBUG nor in the REST API. Checked over a run that goes
 * through the failures that put the most into logs and task traces: retried 5xx, resets and
 * truncated bodies; a revoked key (401) and then a fixed one; a broken page; retries exhausted.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecretsAndPiiIT {

    private static final String PLUGIN = ComplianceGroupsSourceConnector.class.getSimpleName();

    // Distinctive, and made at run time: no key-shaped literal is kept in the sources.
    private final String firstKey = "sk-ant-api01-" + randomSuffix();
    private final String revokedKey = "sk-ant-api01-" + randomSuffix();
    private final String fixedKey = "sk-ant-api01-" + randomSuffix();

    private ConnectHarness harness;
    private Directory directory;
    private FaultInjector faults;
    private RequestHooks hooks;
    private Path secrets;
    private LogCapture logs;
    private IsolatedConnector run;

    @BeforeAll
    void startCluster() throws Exception {
        secrets = Files.createTempDirectory("compliance-it-secrets");
        harness = new ConnectHarness(1, false, SecretFile.WORKER_PROPS,
                simulator -> simulator.apiKey(firstKey).apiKey(fixedKey));
        directory = harness.simulator.directory();
        faults = harness.simulator.faults();
        hooks = new RequestHooks(harness.simulator);
        logs = LogCapture.attach("io.complianceconnect");
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (run != null) {
                run.delete();
            }
        } finally {
            if (logs != null) {
                logs.close();
            }
            if (harness != null) {
                harness.close();
            }
            try (var files = Files.walk(secrets)) {
                files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
            }
        }
    }

    @Test
    void theKeyNeverAppearsAndEmailsNeverAppearAboveDebug() throws Exception {
        run = new IsolatedConnector(harness, "secrets");
        List<String> ids = run.populate(6, i -> i % 2 == 0 ? 6 : 2);
        SecretFile key = new SecretFile(secrets, run.name, firstKey);
        Map<String, String> config = run.config();
        config.put(ComplianceGroupsSourceConnectorConfig.API_KEY, key.reference());
        config.put(ComplianceGroupsSourceConnectorConfig.RETRY_MAX_ATTEMPTS, "2");
        List<String> rest = new ArrayList<>();

        // Retried failures during the snapshot.
        hooks.onFirst(taskRequest(LIST_GROUPS).and(run::owns), e -> {
            faults.inject(LIST_GROUPS, Fault.status(503, "overloaded_error"), 2);
            // Two failures of one request: the third attempt (retry.max.attempts=2) gets through.
            faults.inject(LIST_MEMBERS, Fault.connectionReset(), 1);
            faults.inject(LIST_MEMBERS, Fault.truncatedBody(), 1);
        });
        run.start(config);
        run.awaitSweepCompletedAfter(0);
        hooks.clear();   // fails if the snapshot's faults were never armed
        rest.addAll(restViews(config));

        // The key is revoked: the task fails with 401; then a fixed key is put in its place.
        run.stopThenResume(() -> key.write(revokedKey));
        assertThat(run.awaitTaskFailed()).contains("HTTP 401");
        rest.addAll(restViews(config));
        key.write(fixedKey);
        run.restartTask();
        rest.addAll(restViews(config));

        // A member page that fails twice and then cannot be used; then one that keeps arriving cut
        // short: both fail the task.
        faults.inject(LIST_MEMBERS, Fault.status(500, "api_error"), 2);
        faults.inject(LIST_MEMBERS, Fault.hasMoreWithoutToken(), 1);
        assertThat(run.awaitTaskFailed()).contains("has_more is true but next_page is null");
        rest.addAll(restViews(config));
        faults.inject(LIST_MEMBERS, Fault.truncatedBody(), 3);
        run.restartTask();
        assertThat(run.awaitTaskFailed()).contains("Gave up", "truncated");
        rest.addAll(restViews(config));

        // Changes with new emails, then a clean finish.
        SimMember moving = directory.members(ids.get(0)).get(0);
        directory.updateMemberEmail(moving.userId(), run.email("changed"));
        directory.addMember(ids.get(1), run.email("joined"));
        run.restartTask();
        run.awaitSweepStartedAfter(Instant.now());
        run.assertReplicaEqualsDirectory();
        rest.addAll(restViews(config));

        Set<String> keys = Set.of(firstKey, revokedKey, fixedKey);
        Set<String> emails = emailsOfTheRun(ids);
        emails.addAll(List.of(moving.email(), run.email("changed"), run.email("joined")));
        List<LogCapture.Line> lines = logs.lines();

        // The checks below can see what they look for.
        assertThat(lines).as("the connector's DEBUG lines were captured")
                .anyMatch(l -> !l.aboveDebug() && l.logger().startsWith("io.complianceconnect"));
        assertThat(lines).as("the task failures were captured").anyMatch(l -> l.text().contains("HTTP 401"));
        assertThat(String.join("\n", rest)).as("the REST API showed the failures").contains("HTTP 401", "Gave up");
        assertThat(run.feed.changes(run.membersTopic)).extracting(Change::value).filteredOn(v -> v != null)
                .extracting(v -> v.getString("email")).as("the emails did flow through the connector")
                .containsAll(Set.of(run.email("changed"), run.email("joined")));

        for (LogCapture.Line line : lines) {
            for (String k : keys) {
                assertThat(line.text()).as("a log line").doesNotContain(k);
            }
            if (line.aboveDebug()) {
                for (String email : emails) {
                    assertThat(line.text()).as("a %s log line of %s", line.level(), line.logger()).doesNotContain(email);
                }
            }
        }
        for (String body : rest) {
            for (String k : keys) {
                assertThat(body).as("a REST response").doesNotContain(k);
            }
            for (String email : emails) {
                assertThat(body).as("a REST response").doesNotContain(email);
            }
        }
    }

    /** Every email the run's groups hold now. */
    private Set<String> emailsOfTheRun(List<String> ids) {
        Set<String> emails = new LinkedHashSet<>();
        for (String id : ids) {
            directory.members(id).forEach(m -> emails.add(m.email()));
        }
        return emails;
    }

    /**
     * What an operator reads from the REST API: the connector with its configuration, status (task
     * traces included), task configurations, offsets, and the answers of validate with the key
     * reference and with the key itself.
     */
    private List<String> restViews(Map<String, String> config) {
        List<String> bodies = new ArrayList<>();
        for (String resource : List.of("connectors/" + run.name, "connectors/" + run.name + "/config",
                "connectors/" + run.name + "/status", "connectors/" + run.name + "/tasks",
                "connectors/" + run.name + "/offsets", "connectors?expand=status&expand=info")) {
            bodies.add(get(resource));
        }
        Map<String, String> withName = new LinkedHashMap<>(config);
        withName.put("name", run.name);
        bodies.add(validate(withName));
        withName.put(ComplianceGroupsSourceConnectorConfig.API_KEY, fixedKey);
        bodies.add(validate(withName));
        withName.put(ComplianceGroupsSourceConnectorConfig.API_KEY, revokedKey);
        bodies.add(validate(withName));
        return bodies;
    }

    private String get(String resource) {
        try (var response = harness.connect.requestGet(harness.connect.endpointForResource(resource))) {
            return String.valueOf(response.getEntity());
        }
    }

    private String validate(Map<String, String> config) {
        try {
            String body = new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(config);
            try (var response = harness.connect.requestPut(
                    harness.connect.endpointForResource("connector-plugins/" + PLUGIN + "/config/validate"), body)) {
                return String.valueOf(response.getEntity());
            }
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String randomSuffix() {
        SecureRandom random = new SecureRandom();
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder suffix = new StringBuilder();
        for (int i = 0; i < 12; i++) {
            suffix.append(alphabet.charAt(random.nextInt(alphabet.length())));
        }
        return suffix.toString();
    }
}
