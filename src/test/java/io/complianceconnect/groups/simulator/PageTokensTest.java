package io.complianceconnect.groups.simulator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import org.junit.jupiter.api.Test;

/** The page token codec: opaque, tamper-evident, bound to its listing, expiring. */
class PageTokensTest {

    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final PageTokens tokens = new PageTokens(5, clock, Duration.ofMinutes(10));

    @Test
    void aTokenLeadsBackToItsOffset() throws Exception {
        String token = tokens.issue("groups\u0000Eng", 2_000);

        assertThat(tokens.redeem("groups\u0000Eng", token)).isEqualTo(2_000);
        assertThat(token).matches("[A-Za-z0-9_-]+"); // safe in a query string as is
    }

    @Test
    void tokensRevealNothingAndNeverRepeat() {
        String listing = "groups\u0000Engineering-prefix";
        String first = tokens.issue(listing, 1_000);
        String second = tokens.issue(listing, 1_000);

        byte[] raw = Base64.getUrlDecoder().decode(first);
        assertThat(new String(raw, StandardCharsets.ISO_8859_1)).doesNotContain("Engineering").doesNotContain("groups");
        assertThat(second).isNotEqualTo(first);
    }

    @Test
    void anyChangedByteIsRejected() {
        String token = tokens.issue("members\u0000rbac_group_1", 500);
        byte[] raw = Base64.getUrlDecoder().decode(token);

        for (int i = 0; i < raw.length; i++) {
            byte[] changed = raw.clone();
            changed[i] ^= 0x01;
            String forged = Base64.getUrlEncoder().withoutPadding().encodeToString(changed);
            assertThatThrownBy(() -> tokens.redeem("members\u0000rbac_group_1", forged))
                    .isInstanceOfSatisfying(PageTokens.RejectedToken.class,
                            e -> assertThat(e.rejection()).isEqualTo(PageTokens.Rejection.INVALID));
        }
    }

    @Test
    void aTokenOfAnotherListingOrAnotherKeyIsRejected() {
        String token = tokens.issue("members\u0000rbac_group_1", 500);
        PageTokens otherSeed = new PageTokens(6, clock, Duration.ofMinutes(10));

        assertThatThrownBy(() -> tokens.redeem("members\u0000rbac_group_2", token)).isInstanceOf(PageTokens.RejectedToken.class);
        assertThatThrownBy(() -> otherSeed.redeem("members\u0000rbac_group_1", token)).isInstanceOf(PageTokens.RejectedToken.class);
        for (String junk : new String[] {"", "!!!", "abc", "A".repeat(200)}) {
            assertThatThrownBy(() -> tokens.redeem("members\u0000rbac_group_1", junk)).isInstanceOf(PageTokens.RejectedToken.class);
        }
    }

    @Test
    void aTokenExpiresAfterTheTtl() throws Exception {
        String token = tokens.issue("groups\u0000", 10);

        clock.advance(Duration.ofMinutes(10).minusMillis(1));
        assertThat(tokens.redeem("groups\u0000", token)).isEqualTo(10);
        clock.advance(Duration.ofMillis(1));
        assertThatThrownBy(() -> tokens.redeem("groups\u0000", token))
                .isInstanceOfSatisfying(PageTokens.RejectedToken.class,
                        e -> assertThat(e.rejection()).isEqualTo(PageTokens.Rejection.EXPIRED));
    }
}
