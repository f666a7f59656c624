package io.complianceconnect.groups;

import io.complianceconnect.groups.client.ClientSettings;
import io.complianceconnect.groups.mapping.MemberEmails;
import io.complianceconnect.groups.simulator.ComplianceApiSimulator;
import io.complianceconnect.groups.simulator.Endpoint;
import io.complianceconnect.groups.simulator.Fault;
import org.apache.kafka.common.config.ConfigException;
import org.assertj.core.api.AbstractThrowableAssert;
import org.apache.kafka.common.config.ConfigValue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.API_URL;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.CONFIG_DEF;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_HMAC_KEY;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.MEMBER_EMAIL_MODE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.PAGE_SIZE;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_INITIAL_MS;
import static io.complianceconnect.groups.ComplianceGroupsSourceConnectorConfig.RETRY_BACKOFF_MAX_MS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

class ComplianceGroupsSourceConnectorConfigTest {

    private static final String KEY = "sk-ant-api01-test.config.only";
    /** Connect's own key (ConnectorConfig.ERRORS_TOLERANCE_CONFIG); the worker, not the plugin, defines it. */
    private static final String ERRORS_TOLERANCE = "errors.tolerance";

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:8080", "http://127.255.255.254", "http://localhost:9000",
            "http://[::1]:9000", "https://api.example.com/prefix"})
    void plainHttpIsAcceptedOnlyToLoopbackHosts(String url) {
        assertThat(new ComplianceGroupsSourceConnectorConfig(config(API_URL, url)).apiUrl()).hasToString(url);
        assertThat(errorsOf(API_URL, config(API_URL, url))).isEmpty();
    }

    /**
     * A prefix is matched character for character: "Team " must not replicate "Teamwork". Kafka's
     * ConfigDef trims every STRING value, so the prefix is taken as written.
     */
    @ParameterizedTest
    @ValueSource(strings = {"Team ", " Team", "  ", "Team"})
    void theGroupNamePrefixKeepsItsSpaces(String prefix) {
        assertThat(new ComplianceGroupsSourceConnectorConfig(config(
                ComplianceGroupsSourceConnectorConfig.GROUP_NAME_PREFIX, prefix)).groupNamePrefix()).isEqualTo(prefix);
        assertThat(new ComplianceGroupsSourceConnectorConfig(config(API_URL, "http://127.0.0.1:8080"))
                .groupNamePrefix()).isEmpty();
    }

    /** 127.999.0.1 is not an IPv4 address at all, let alone a loopback one: the key would travel in clear. */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.999.0.1:8080", "http://127.0.0.300", "http://128.0.0.1", "http://0.0.0.0"})
    void plainHttpToSomethingThatOnlyLooksLikeLoopbackIsRefused(String url) {
        assertThatThrownBy(() -> new ComplianceGroupsSourceConnectorConfig(config(API_URL, url)))
                .isInstanceOf(ConfigException.class).hasMessageContaining(API_URL);
        assertThat(errorsOf(API_URL, config(API_URL, url))).hasSize(1);
    }

    /**
     * One loopback rule: the configuration must not refuse a URL the client would use (an operator
     * would be told to use https for the address of a local proxy) nor accept one it refuses.
     */
    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1:1", "http://127.999.0.1", "http://localhost.", "http://[0::1]:8080",
            "http://[0:0:0:0:0:0:0:1]", "http://[::2]", "http://10.0.0.1", "https://user:pw@api.example.com",
            "https://api.example.com?x=1", "ftp://api.example.com"})
    void theConfigurationAcceptsABaseUrlExactlyWhenTheClientDoes(String url) {
        boolean clientAccepts;
        try {
            ClientSettings.builder().apiKey(KEY).baseUrl(url).build();
            clientAccepts = true;
        } catch (IllegalArgumentException e) {
            clientAccepts = false;
        }

        assertThat(errorsOf(API_URL, config(API_URL, url)).isEmpty()).as("the configuration accepts " + url)
                .isEqualTo(clientAccepts);
    }

    /** Every key is valid on its own here; together they are not, and the message belongs to the key at fault. */
    @Test
    void validateReportsAProblemAcrossKeysOnTheKeyItConcerns() {
        Map<String, String> backoff = config(API_URL, "http://127.0.0.1:1", RETRY_BACKOFF_INITIAL_MS, "5000",
                RETRY_BACKOFF_MAX_MS, "2000");

        assertThat(validationErrors(backoff)).containsOnlyKeys(RETRY_BACKOFF_MAX_MS);
        assertThat(validationErrors(backoff).get(RETRY_BACKOFF_MAX_MS)).singleElement().asString()
                .contains("must not be shorter than", "5000 ms", "2000 ms");
        assertThatStartRefuses(backoff).hasMessageContaining(RETRY_BACKOFF_MAX_MS);
    }

    @Test
    void aKeyTheClientCannotSendIsReportedOnTheKeyWithoutShowingIt() {
        String pasted = KEY + " " + KEY;   // pasted twice: ConfigDef trims the ends, not the middle
        Map<String, String> badKey = config(API_URL, "http://127.0.0.1:1", API_KEY, pasted);

        assertThat(validationErrors(badKey)).containsOnlyKeys(API_KEY);
        assertThat(validationErrors(badKey).get(API_KEY)).singleElement().asString()
                .contains("whitespace").doesNotContain(KEY);
        assertThatStartRefuses(badKey).hasMessageContaining(API_KEY)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    /**
     * With errors.tolerance=all, Connect acknowledges a record it failed to convert or transform as if it
     * had been written, and the connector's stored state would then claim a change no topic holds.
     */
    @Test
    void validateRefusesErrorsToleranceAllOnThatFieldSayingWhy() {
        Map<String, String> tolerant = config(API_URL, "http://127.0.0.1:1", ERRORS_TOLERANCE, "all");

        assertThat(validationErrors(tolerant)).containsOnlyKeys(ERRORS_TOLERANCE);
        assertThat(validationErrors(tolerant).get(ERRORS_TOLERANCE)).singleElement().asString()
                .contains("errors.tolerance=all", "never reached Kafka", "errors.tolerance=none");
        assertThatStartRefuses(tolerant).hasMessageContaining(ERRORS_TOLERANCE);

        Map<String, String> alsoABadPageSize = config(API_URL, "http://127.0.0.1:1", ERRORS_TOLERANCE, " all ",
                PAGE_SIZE, "0");
        assertThat(validationErrors(alsoABadPageSize)).as("reported with the other fields' problems")
                .containsOnlyKeys(ERRORS_TOLERANCE, PAGE_SIZE);
        assertThatCode(() -> new ComplianceGroupsSourceConnector().start(config(ERRORS_TOLERANCE, "none")))
                .as("the default tolerance is accepted").doesNotThrowAnyException();
    }

    @Test
    void hmacModeWithoutAKeyOrWithAShortOneIsReportedOnTheKeySayingWhatToDoAndNeverShowingIt() {
        Map<String, String> noKey = config(API_URL, "http://127.0.0.1:1", MEMBER_EMAIL_MODE, "hmac-sha256");
        assertThat(validationErrors(noKey)).containsOnlyKeys(MEMBER_EMAIL_HMAC_KEY);
        assertThat(validationErrors(noKey).get(MEMBER_EMAIL_HMAC_KEY)).singleElement().asString()
                .contains("member.email.mode=hmac-sha256 needs member.email.hmac.key", "at least 16 characters",
                        "plain or omit");
        assertThatStartRefuses(noKey).hasMessageContaining(MEMBER_EMAIL_HMAC_KEY);

        String shortKey = "too-short";
        Map<String, String> weak = config(API_URL, "http://127.0.0.1:1", MEMBER_EMAIL_MODE, "hmac-sha256",
                MEMBER_EMAIL_HMAC_KEY, shortKey);
        assertThat(validationErrors(weak)).containsOnlyKeys(MEMBER_EMAIL_HMAC_KEY);
        assertThat(validationErrors(weak).get(MEMBER_EMAIL_HMAC_KEY)).singleElement().asString()
                .contains("shorter than 16").doesNotContain(shortKey);
        assertThatStartRefuses(weak)
                .satisfies(e -> assertThat(e.getMessage()).contains(MEMBER_EMAIL_HMAC_KEY).doesNotContain(shortKey));

        Map<String, String> alsoNoApiKey = new HashMap<>(noKey);
        alsoNoApiKey.remove(API_KEY);
        assertThat(validationErrors(alsoNoApiKey)).as("reported with the other fields' problems")
                .containsKeys(MEMBER_EMAIL_HMAC_KEY, API_KEY);
        assertThat(validationErrors(config(API_URL, "http://127.0.0.1:1", MEMBER_EMAIL_MODE, "omit")))
                .as("the other modes need no key").isEmpty();
        ComplianceGroupsSourceConnectorConfig keyed = new ComplianceGroupsSourceConnectorConfig(config(
                MEMBER_EMAIL_MODE, "hmac-sha256", MEMBER_EMAIL_HMAC_KEY, "a-secret-of-enough-length"));
        assertThat(keyed.memberEmails().mode()).isEqualTo(MemberEmails.Mode.HMAC_SHA256);
        assertThat(keyed.sweepSettings("c").toString()).doesNotContain("a-secret-of-enough-length");
    }

    /** A server that answers 404 without the API's error body is not the API: the URL is wrong, not the directory. */
    @Test
    void validateReportsABaseUrlThatAnswers404WithoutTheApisErrorBodyOnTheUrl() {
        try (ComplianceApiSimulator sim = ComplianceApiSimulator.builder().apiKey(KEY).start()) {
            sim.faults().injectAlways(Endpoint.LIST_GROUPS, Fault.statusWithoutErrorBody(404));

            Map<String, List<String>> errors = validationErrors(config(API_URL, sim.baseUrl().toString()));

            assertThat(errors).containsOnlyKeys(API_URL);
            assertThat(errors.get(API_URL)).singleElement().asString().contains("HTTP 404", "base URL");
        }
    }

    /**
     * What start() throws for a configuration that never went through validate(), which Connect allows:
     * the connector and the task refuse it alike.
     */
    private static AbstractThrowableAssert<?, ? extends Throwable> assertThatStartRefuses(Map<String, String> config) {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", "config-test");
        Throwable byTask = catchThrowable(() -> new ComplianceGroupsSourceTask().start(withName));
        assertThat(byTask).as("the task's start").isInstanceOf(ConfigException.class);
        return assertThatThrownBy(() -> new ComplianceGroupsSourceConnector().start(withName))
                .as("the connector's start").isInstanceOf(ConfigException.class).hasMessage(byTask.getMessage());
    }

    private static Map<String, List<String>> validationErrors(Map<String, String> config) {
        Map<String, String> withName = new HashMap<>(config);
        withName.put("name", "config-test");
        Map<String, List<String>> errors = new TreeMap<>();
        for (ConfigValue value : new ComplianceGroupsSourceConnector().validate(withName).configValues()) {
            if (!value.errorMessages().isEmpty()) {
                errors.put(value.name(), value.errorMessages());
            }
        }
        return errors;
    }

    private static Map<String, String> config(String... keysAndValues) {
        Map<String, String> config = new HashMap<>();
        config.put(API_KEY, KEY);
        for (int i = 0; i < keysAndValues.length; i += 2) {
            config.put(keysAndValues[i], keysAndValues[i + 1]);
        }
        return config;
    }

    /** The messages the per-key validation (what {@code validate()} starts from) puts on {@code key}. */
    private static List<String> errorsOf(String key, Map<String, String> config) {
        return CONFIG_DEF.validate(config).stream().filter(v -> v.name().equals(key)).findFirst()
                .map(ConfigValue::errorMessages).orElseThrow();
    }

    /** Every request is audited for six years: with the feed carrying the changes, sweep once a day by default. */
    @Test
    void anUnsetSweepIntervalIsADayWhileTheFeedIsFollowedAndFifteenMinutesWithoutIt() {
        ComplianceGroupsSourceConnectorConfig auto = new ComplianceGroupsSourceConnectorConfig(Map.of(API_KEY, KEY));
        assertThat(auto.sweepSettings("c").sweepInterval()).isEqualTo(java.time.Duration.ofHours(24));
        assertThat(auto.sweepSettings("c").sweepIntervalWithoutFeed()).isEqualTo(java.time.Duration.ofMinutes(15));

        ComplianceGroupsSourceConnectorConfig disabled = new ComplianceGroupsSourceConnectorConfig(
                Map.of(API_KEY, KEY, "activity.feed.mode", "disabled"));
        assertThat(disabled.sweepSettings("c").sweepInterval()).isEqualTo(java.time.Duration.ofMinutes(15));

        ComplianceGroupsSourceConnectorConfig set = new ComplianceGroupsSourceConnectorConfig(
                Map.of(API_KEY, KEY, "sweep.interval.ms", "3600000"));
        assertThat(set.sweepSettings("c").sweepInterval()).isEqualTo(java.time.Duration.ofHours(1));
        assertThat(set.sweepSettings("c").sweepIntervalWithoutFeed()).as("a value set is kept in every case")
                .isEqualTo(java.time.Duration.ofHours(1));
        assertThatThrownBy(() -> new ComplianceGroupsSourceConnectorConfig(Map.of(API_KEY, KEY, "sweep.interval.ms", "-1")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("sweep.interval.ms");
    }
}
