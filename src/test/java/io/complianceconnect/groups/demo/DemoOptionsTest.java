package io.complianceconnect.groups.demo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class DemoOptionsTest {

    @Test
    void withoutArgumentsRunsReadableAgainstTheSimulatorUntilStopped() {
        DemoOptions options = DemoOptions.parse();

        assertThat(options.usesSimulator()).isTrue();
        assertThat(options.duration()).isEmpty();
        assertThat(options.json()).isFalse();
        assertThat(options.help()).isFalse();
        assertThat(options.overrides()).isEmpty();
    }

    @Test
    void readsEveryOption() {
        DemoOptions options = DemoOptions.parse("--json", "--duration", "45",
                "--api-url", "https://api.example.test", "--api-key", "sk-ant-api01-secret",
                "--set", "page.size=50", "--set", "sweep.interval.ms=10000");

        assertThat(options.json()).isTrue();
        assertThat(options.duration()).contains(Duration.ofSeconds(45));
        assertThat(options.apiUrl()).contains(URI.create("https://api.example.test"));
        assertThat(options.apiKey()).contains("sk-ant-api01-secret");
        assertThat(options.usesSimulator()).isFalse();
        assertThat(options.overrides()).containsExactly(
                Map.entry("page.size", "50"), Map.entry("sweep.interval.ms", "10000"));
    }

    @Test
    void setKeepsEverythingAfterTheFirstEqualsSignAndTheLastValueOfAKeyWins() {
        DemoOptions options = DemoOptions.parse(
                "--set", "group.name.prefix=a=b", "--set", "page.size=5", "--set", "page.size=7", "--set", "x=");

        assertThat(options.overrides()).containsExactly(
                Map.entry("group.name.prefix", "a=b"), Map.entry("page.size", "7"), Map.entry("x", ""));
    }

    @Test
    void helpIsRecognisedAmongOtherOptions() {
        assertThat(DemoOptions.parse("--json", "--help").help()).isTrue();
        assertThat(DemoOptions.parse("-h").help()).isTrue();
    }

    @Test
    void rejectsUnknownArgumentsAndMissingValues() {
        assertThatThrownBy(() -> DemoOptions.parse("--jsn"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageContaining("'--jsn'");
        assertThatThrownBy(() -> DemoOptions.parse("--duration"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessage("--duration needs a value");
        assertThatThrownBy(() -> DemoOptions.parse("--set", "--json"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessage("--set needs a value");
    }

    @Test
    void durationMustBeAPositiveWholeNumberOfSeconds() {
        for (String bad : new String[] {"0", "-5", "1.5", "ten"}) {
            assertThatThrownBy(() -> DemoOptions.parse("--duration", bad))
                    .as(bad).isInstanceOf(DemoOptions.UsageException.class).hasMessageStartingWith("--duration");
        }
    }

    @Test
    void apiUrlAndApiKeyComeTogether() {
        assertThatThrownBy(() -> DemoOptions.parse("--api-url", "https://api.anthropic.com"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessage("--api-url needs --api-key");
        assertThatThrownBy(() -> DemoOptions.parse("--api-key", "sk-ant-api01-secret"))
                .isInstanceOf(DemoOptions.UsageException.class)
                .hasMessageStartingWith("--api-key needs --api-url")
                .hasMessageNotContaining("sk-ant-api01-secret");
    }

    @Test
    void apiUrlMustBeHttpWithAHost() {
        for (String bad : new String[] {"ftp://api.anthropic.com", "api.anthropic.com", "https://", "http://exa mple"}) {
            assertThatThrownBy(() -> DemoOptions.parse("--api-url", bad, "--api-key", "k"))
                    .as(bad).isInstanceOf(DemoOptions.UsageException.class).hasMessageStartingWith("--api-url");
        }
    }

    @Test
    void malformedSetNeverEchoesAValue() {
        assertThatThrownBy(() -> DemoOptions.parse("--set", "page.size"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageContaining("'page.size'");
        assertThatThrownBy(() -> DemoOptions.parse("--set", "=sk-ant-api01-secret"))
                .isInstanceOf(DemoOptions.UsageException.class).hasMessageNotContaining("sk-ant-api01-secret");
    }

    @Test
    void toStringHidesTheKey() {
        DemoOptions options = DemoOptions.parse("--api-url", "https://api.anthropic.com", "--api-key", "sk-ant-api01-secret",
                "--set", "compliance.api.key=sk-ant-api01-other");

        assertThat(options.toString()).doesNotContain("sk-ant-api01-secret").doesNotContain("sk-ant-api01-other");
        assertThat(new DemoOptions(Optional.empty(), Optional.empty(), Optional.empty(), Map.of(), false, false).toString())
                .contains("apiKey=Optional.empty");
    }
}
