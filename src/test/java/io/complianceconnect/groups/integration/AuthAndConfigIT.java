package io.complianceconnect.groups.integration;

import io.complianceconnect.groups.ComplianceGroupsSourceConnector;
import io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Directory;
import io.complianceconnect.groups.simulator.SimMember;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfo;
import org.apache.kafka.connect.runtime.rest.entities.ConfigInfos;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestInstance;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;


import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_URL;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.PAGE_SIZE;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulator.SCOPE_ORG_DATA;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulator.SCOPE_USER_DATA;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What an operator sees when the key or the configuration is wrong: {@code validate()} (the REST
 * {@code PUT /connector-plugins/.../config/validate} that also guards every configuration update)
 * answers with a message on the field at fault, and a running task whose key is revoked or loses a
 * scope fails with a message that says what to do, then resumes without loss once the key is fixed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AuthAndConfigIT {

    private static final String OTHER_KEY = "it-key-rotated";
    private static final String ORG_ONLY_KEY = "it-key-org-data-only";
    private static final String USER_ONLY_KEY = "it-key-user-data-only";
    private static final String UNKNOWN_KEY = "it-key-revoked";
    private static final String PLUGIN = ComplianceGroupsSourceConnector.class.getSimpleName();

    private ConnectHarness harness;
    private Directory directory;
    private Path secrets;
    private IsolatedConnector run;
    /** The directory as the replica last equalled it, and every change record emitted by then. */
    private DirectoryView replicated;
    private List<String> emittedWhenReplicated;

    @BeforeAll
    void startCluster() throws Exception {
        secrets = Files.createTempDirectory("compliance-it-secrets");
        harness = new ConnectHarness(1, false, SecretFile.WORKER_PROPS, simulator -> simulator
                .apiKey(OTHER_KEY)
                .apiKey(ORG_ONLY_KEY, Set.of(SCOPE_ORG_DATA))
                .apiKey(USER_ONLY_KEY, Set.of(SCOPE_USER_DATA)));
        directory = harness.simulator.directory();
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (harness != null) {
            harness.close();
        }
        try (var files = Files.walk(secrets)) {
            files.sorted((a, b) -> b.compareTo(a)).forEach(p -> p.toFile().delete());
        }
    }

    @BeforeEach
    void newConnector(TestInfo test) {
        run = new IsolatedConnector(harness, "auth-" + test.getTestMethod().orElseThrow().getName()
                .replaceAll("[^A-Za-z0-9]", "").toLowerCase().substring(0, 12));
    }

    @AfterEach
    void removeConnector() throws InterruptedException {
        run.delete();
    }

    // ---- validate(): one message per field at fault ---------------------------------------------

    @Test
    void validateNamesEachBadFieldOnItsOwn() {
        Map<String, String> badPageSize = validConfig();
        badPageSize.put(PAGE_SIZE, "0");
        assertThat(errors(badPageSize)).containsOnlyKeys(PAGE_SIZE);
        assertThat(errors(badPageSize).get(PAGE_SIZE)).anyMatch(m -> m.contains("at least 1"));

        Map<String, String> tooLarge = validConfig();
        tooLarge.put(PAGE_SIZE, "1001");
        assertThat(errors(tooLarge).get(PAGE_SIZE)).anyMatch(m -> m.contains("no more than 1000"));

        Map<String, String> noKey = validConfig();
        noKey.remove(API_KEY);
        assertThat(errors(noKey)).containsOnlyKeys(API_KEY);

        Map<String, String> plainHttp = validConfig();
        plainHttp.put(API_URL, "http://compliance.example.com");
        assertThat(errors(plainHttp)).containsOnlyKeys(API_URL);
        assertThat(errors(plainHttp).get(API_URL)).anyMatch(m -> m.contains("must use https"));

        // Several at once: each on its own field.
        Map<String, String> all = validConfig();
        all.put(PAGE_SIZE, "lots");
        all.remove(API_KEY);
        all.put(API_URL, "http://10.1.2.3:8080");
        assertThat(errors(all)).containsOnlyKeys(PAGE_SIZE, API_KEY, API_URL);

        assertThat(errors(validConfig())).as("the control: a good configuration passes").isEmpty();
    }

    /** Connect's own key, reported by this connector's validate() and shown on that field by the REST API. */
    @Test
    void validateRefusesErrorsToleranceAllOnThatField() {
        Map<String, String> tolerant = validConfig();
        tolerant.put("errors.tolerance", "all");

        assertThat(errors(tolerant)).containsOnlyKeys("errors.tolerance");
        assertThat(errors(tolerant).get("errors.tolerance")).singleElement().asString()
                .contains("errors.tolerance=all", "never reached Kafka");
        tolerant.put("errors.tolerance", "none");
        assertThat(errors(tolerant)).as("the default tolerance").isEmpty();
    }

    /**
     * A filtering transform, as users usually write one (with a predicate), refused on its type field through
     * the REST API; Connect's own checks of the same chain (the predicate, the router) still pass.
     */
    @Test
    void validateRefusesAFilterTransformOnItsTypeField() {
        Map<String, String> filtered = validConfig();
        filtered.put("transforms", "route,dropSweeps");
        filtered.put("transforms.route.type", "org.apache.kafka.connect.transforms.RegexRouter");
        filtered.put("transforms.route.regex", "(.*)");
        filtered.put("transforms.route.replacement", "$1-copy");
        filtered.put("transforms.dropSweeps.type", "org.apache.kafka.connect.transforms.Filter");
        filtered.put("transforms.dropSweeps.predicate", "isSweeps");
        filtered.put("predicates", "isSweeps");
        filtered.put("predicates.isSweeps.type", "org.apache.kafka.connect.transforms.predicates.TopicNameMatches");
        filtered.put("predicates.isSweeps.pattern", ".*sweeps.*");

        assertThat(errors(filtered)).containsOnlyKeys("transforms.dropSweeps.type");
        assertThat(errors(filtered).get("transforms.dropSweeps.type")).singleElement().asString()
                .contains("drops records", "never reached", "group.name.prefix");
        filtered.put("transforms", "route");
        assertThat(errors(filtered)).as("the router alone").isEmpty();
    }

    @Test
    void validateRejectsAWrongKeyOrAMissingScopeOnTheKeyField() {
        run.populate(2, i -> 1);   // a group to probe the members scope with

        Map<String, String> wrongKey = validConfig();
        wrongKey.put(API_KEY, UNKNOWN_KEY);
        assertThat(errors(wrongKey)).containsOnlyKeys(API_KEY);
        assertThat(errors(wrongKey).get(API_KEY)).singleElement().asString()
                .contains("HTTP 401", "invalid or revoked", "Compliance Access Key").doesNotContain(UNKNOWN_KEY);

        Map<String, String> noOrgScope = validConfig();
        noOrgScope.put(API_KEY, USER_ONLY_KEY);
        assertThat(errors(noOrgScope)).containsOnlyKeys(API_KEY);
        assertThat(errors(noOrgScope).get(API_KEY)).singleElement().asString()
                .contains("HTTP 403", "lacks the scope " + SCOPE_ORG_DATA);

        Map<String, String> noUserScope = validConfig();
        noUserScope.put(API_KEY, ORG_ONLY_KEY);
        assertThat(errors(noUserScope)).containsOnlyKeys(API_KEY);
        assertThat(errors(noUserScope).get(API_KEY)).singleElement().asString()
                .contains("HTTP 403", "lacks the scope " + SCOPE_USER_DATA);

        assertThat(errors(validConfig())).isEmpty();
    }

    // ---- a running task whose key goes bad ------------------------------------------------------

    @Test
    void revokedKeyFailsTheTaskSayingWhatToDoAndAFixedKeyResumes() throws Exception {
        SecretFile key = started();
        run.stopThenResume(() -> key.write(UNKNOWN_KEY));

        String trace = run.awaitTaskFailed();
        assertThat(trace).contains("rejected the key (HTTP 401", "invalid or revoked",
                "Create a new Compliance Access Key", "update compliance.api.key", "restart the connector")
                .doesNotContain(UNKNOWN_KEY);
        fixKeyAndAssertResumed(key);
    }

    @Test
    void keyWithoutTheOrgScopeFailsTheTaskNamingTheScope() throws Exception {
        SecretFile key = started();
        run.stopThenResume(() -> key.write(USER_ONLY_KEY));

        assertThat(run.awaitTaskFailed()).contains("lacks a scope (HTTP 403", "it needs " + SCOPE_ORG_DATA,
                "Scopes are fixed when a key is created", "create a new Compliance Access Key with "
                        + SCOPE_ORG_DATA);
        fixKeyAndAssertResumed(key);
    }

    /**
     * Decided: a key without the members scope fails the task, naming the scope. Replicating groups
     * without members would leave a members topic that looks complete and is not, and could not tell
     * a group emptied from a group it may not read; failing says at once what is missing. Nothing
     * about memberships is emitted meanwhile (no membership is taken for removed).
     */
    @Test
    void keyWithoutTheMembersScopeFailsTheTaskNamingTheScopeAndDeletesNoMembership() throws Exception {
        SecretFile key = started();
        List<String> ids = directory.groups().stream().filter(g -> g.name().startsWith(run.prefix))
                .map(g -> g.id()).toList();
        long emittedBefore = run.allChanges().size();
        SimMember leaving = directory.members(ids.get(0)).get(0);
        run.stopThenResume(() -> {
            directory.removeMember(ids.get(0), leaving.userId());
            key.write(ORG_ONLY_KEY);
        });

        assertThat(run.awaitTaskFailed()).contains("lacks a scope (HTTP 403", "it needs " + SCOPE_USER_DATA);
        assertThat(run.allChanges()).as("no membership change without the scope to see memberships")
                .hasSize((int) emittedBefore);
        fixKeyAndAssertResumed(key);
        assertThat(run.allChanges()).contains("DELETED " + ids.get(0) + "/" + leaving.userId());
    }

    // ---- helpers -----------------------------------------------------------------------------------

    /** A connector whose key comes from a secret file, after its snapshot. */
    private SecretFile started() throws Exception {
        SecretFile key = new SecretFile(secrets, run.name, ConnectHarness.API_KEY);
        run.populate(6, i -> i % 2 == 0 ? 5 : 1);
        Map<String, String> config = run.config();
        config.put(API_KEY, key.reference());
        run.start(config);
        run.awaitSweepCompletedAfter(0);
        run.assertReplicaEqualsDirectory();
        replicated = run.view();
        emittedWhenReplicated = run.allChanges();
        return key;
    }

    /**
     * Puts a good key in place, restarts, and checks that the sweep after emits exactly the changes
     * since the replica last equalled the directory: each once, and nothing already emitted again.
     */
    private void fixKeyAndAssertResumed(SecretFile key) throws Exception {
        directory.addMember(directory.groups().stream().filter(g -> g.name().startsWith(run.prefix)).findFirst()
                .orElseThrow().id(), run.email("while-failed"));
        key.write(OTHER_KEY);
        run.restartTask();
        run.awaitSweepStartedAfter(Instant.now());
        run.assertReplicaEqualsDirectory();
        List<String> emittedSince = new ArrayList<>(run.allChanges());
        emittedWhenReplicated.forEach(emittedSince::remove);
        assertThat(DirectoryView.sorted(emittedSince)).as("what the key rotation emitted")
                .isEqualTo(replicated.changesTo(run.view()));
    }

    private Map<String, String> validConfig() {
        Map<String, String> config = run.config();
        config.put("name", run.name);
        return config;
    }

    /** The validation errors by field, from the REST API. */
    private Map<String, List<String>> errors(Map<String, String> config) {
        ConfigInfos result = harness.connect.validateConnectorConfig(PLUGIN, config);
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigInfo info : result.values()) {
            if (!info.configValue().errors().isEmpty()) {
                errors.put(info.configValue().name(), info.configValue().errors());
            }
        }
        assertThat(result.errorCount()).isEqualTo(errors.values().stream().mapToInt(List::size).sum());
        return errors;
    }
}
