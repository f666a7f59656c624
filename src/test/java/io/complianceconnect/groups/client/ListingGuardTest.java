package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ListingGuardTest {

    private static Page<String> page(String next) {
        return new Page<>(List.of("x"), next);
    }

    @Test
    void aNormalWalkPasses() {
        ListingGuard guard = new ListingGuard();

        guard.check(null, page("a"));
        guard.check("a", page("b"));
        guard.check("b", page(null));

        assertThat(guard.pages()).isEqualTo(3);
    }

    @Test
    void aTokenThatPointsBackToItselfIsRefused() {
        ListingGuard guard = new ListingGuard();
        guard.check(null, page("a"));

        assertThatThrownBy(() -> guard.check("a", page("a")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("already used");
    }

    @Test
    void aTokenSeenEarlierInTheListingIsRefused() {
        ListingGuard guard = new ListingGuard();
        guard.check(null, page("a"));
        guard.check("a", page("b"));
        guard.check("b", page("c"));

        assertThatThrownBy(() -> guard.check("c", page("a"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void aGuardMayStartMidListing() {
        ListingGuard guard = new ListingGuard();

        guard.check("stored-token", page("next"));

        assertThatThrownBy(() -> guard.check("next", page("stored-token"))).isInstanceOf(ProtocolException.class);
    }

    @Test
    void outOfOrderUseIsAProgrammingError() {
        ListingGuard guard = new ListingGuard();
        guard.check(null, page("a"));

        assertThatThrownBy(() -> guard.check(null, page("z"))).isInstanceOf(IllegalStateException.class);
        guard.check("a", page(null));
        assertThatThrownBy(() -> guard.check(null, page(null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("new ListingGuard");
    }
}
