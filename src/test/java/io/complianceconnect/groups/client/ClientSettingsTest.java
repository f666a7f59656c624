package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientSettingsTest {

    private static final String KEY = "sk-ant-api01-test.settings.secret";

    @Test
    void defaultsFollowTheApiDocumentation() {
        ClientSettings s = ClientSettings.builder().apiKey(KEY).build();

        assertThat(s.baseUrl()).isEqualTo(URI.create("https://api.anthropic.com"));
        assertThat(s.apiVersion()).isEqualTo("2023-06-01");
        assertThat(s.userAgent()).startsWith("kafka-connect-compliance-groups/");
        assertThat(s.connectTimeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(s.requestTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(s.requestsPerMinute()).isEqualTo(300);
        assertThat(s.backoffInitial()).isEqualTo(Duration.ofSeconds(1));
        assertThat(s.backoffMax()).isEqualTo(Duration.ofSeconds(60));
        assertThat(s.maxRetries()).isEqualTo(10);
        assertThat(s.retryBudget()).isEqualTo(Duration.ofMinutes(10));
        assertThat(s.sleeper()).isSameAs(Sleeper.system());
    }

    @Test
    void toStringNeverShowsTheKey() {
        ClientSettings s = ClientSettings.builder().apiKey(KEY).build();

        assertThat(s.toString()).doesNotContain(KEY).doesNotContain("secret").contains("apiKey=[hidden]");
    }

    @Test
    void missingKeyIsRefusedNamingTheField() {
        assertThatThrownBy(() -> ClientSettings.builder().build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("apiKey:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey("  ").build())
                .hasMessageStartingWith("apiKey:");
    }

    @Test
    void keyWithWhitespaceIsRefusedWithoutEchoingIt() {
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY + "\n").build())
                .hasMessageStartingWith("apiKey:").satisfies(e -> assertThat(e.getMessage()).doesNotContain(KEY));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://localhost:8080", "http://127.0.0.1:1", "http://127.5.6.7", "http://[::1]:9000",
            "http://LOCALHOST", "https://api.example.com", "https://10.0.0.1/prefix"})
    void httpsEverywhereAndPlainHttpOnlyToLoopback(String url) {
        ClientSettings s = ClientSettings.builder().apiKey(KEY).baseUrl(url).build();

        assertThat(s.baseUrl().toString()).isEqualTo(url);
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://api.anthropic.com", "http://10.0.0.1", "http://128.0.0.1", "http://localhost.example.com",
            "http://127.0.0.1.example.com", "http://[::2]", "http://0.0.0.0"})
    void plainHttpToAnyOtherHostIsRefused(String url) {
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).baseUrl(url).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("baseUrl: must use https")
                .hasMessageContaining("loopback");
    }

    @ParameterizedTest
    @ValueSource(strings = {"api.anthropic.com", "ftp://api.anthropic.com", "https://user:pw@api.anthropic.com",
            "https://api.anthropic.com?x=1", "https://api.anthropic.com#frag"})
    void malformedBaseUrlsAreRefused(String url) {
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).baseUrl(url).build())
                .hasMessageStartingWith("baseUrl:");
    }

    @Test
    void trailingSlashOfTheBaseUrlIsDropped() {
        ClientSettings s = ClientSettings.builder().apiKey(KEY).baseUrl("https://proxy.example.com/anthropic/").build();

        assertThat(s.baseUrl()).isEqualTo(URI.create("https://proxy.example.com/anthropic"));
    }

    @Test
    void numericAndDurationFieldsAreValidatedByName() {
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).requestsPerMinute(-1).build())
                .hasMessageStartingWith("requestsPerMinute:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).maxRetries(-1).build())
                .hasMessageStartingWith("maxRetries:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).connectTimeout(Duration.ZERO).build())
                .hasMessageStartingWith("connectTimeout:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).requestTimeout(null).build())
                .hasMessageStartingWith("requestTimeout:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).backoffInitial(Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("backoffInitial:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY)
                .backoffInitial(Duration.ofSeconds(5)).backoffMax(Duration.ofSeconds(2)).build())
                .hasMessageStartingWith("backoffMax:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).retryBudget(Duration.ofSeconds(-1)).build())
                .hasMessageStartingWith("retryBudget:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).apiVersion("").build())
                .hasMessageStartingWith("apiVersion:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).userAgent(null).build())
                .hasMessageStartingWith("userAgent:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).clock(null).build())
                .hasMessageStartingWith("clock:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).random(null).build())
                .hasMessageStartingWith("random:");
        assertThatThrownBy(() -> ClientSettings.builder().apiKey(KEY).sleeper(null).build())
                .hasMessageStartingWith("sleeper:");
    }

    @Test
    void zeroRequestsPerMinuteMeansNoLocalCeiling() {
        assertThat(ClientSettings.builder().apiKey(KEY).requestsPerMinute(0).build().requestsPerMinute()).isZero();
    }

    @Test
    void toBuilderCopiesEverySetting() {
        ClientSettings s = ClientSettings.builder().apiKey(KEY).baseUrl("http://127.0.0.1:9").maxRetries(3)
                .requestsPerMinute(60).retryBudget(Duration.ofSeconds(7)).build();

        ClientSettings copy = s.toBuilder().build();

        assertThat(copy.toString()).isEqualTo(s.toString());
        assertThat(copy.apiKey()).isEqualTo(KEY);
    }
}
