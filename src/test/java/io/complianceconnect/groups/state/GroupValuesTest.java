package io.complianceconnect.groups.state;

import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.mapping.GroupChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * What an UPDATED group record says was before, from the values the state keeps of the last
 * record: the previous values, every changed field named, within a bounded size.
 */
class GroupValuesTest {

    private static final Instant CREATED = Instant.parse("2026-01-02T03:04:05.678Z");
    private static final Instant UPDATED = Instant.parse("2026-03-04T05:06:07.890Z");

    private static Group group(String name, String description, List<String> roles, Map<String, String> extra) {
        return new Group("rbac_group_1", name, description, "scim", CREATED, UPDATED, roles, extra);
    }

    @Test
    void aRenamedGroupThatGainedAndLostARoleSaysSoWithItsPreviousValues() {
        Group before = group("Engineering", "all engineers", List.of("role_admin", "role_viewer"), Map.of());
        Group after = new Group("rbac_group_1", "Platform", "all engineers", "scim", CREATED,
                UPDATED.plusSeconds(60), List.of("role_viewer", "role_auditor"), Map.of());

        GroupChange change = GroupValues.change(GroupValues.stored(before), after);

        assertThat(change.changedFields()).containsExactly("name", "updated_at", "roles");
        GroupChange.Previous previous = change.previous();
        assertThat(previous.name()).isEqualTo("Engineering");
        assertThat(previous.description()).isEqualTo("all engineers");
        assertThat(previous.sourceType()).isEqualTo("scim");
        assertThat(previous.createdAt()).isEqualTo(CREATED);
        assertThat(previous.updatedAt()).isEqualTo(UPDATED);
        assertThat(previous.roles()).containsExactly("role_admin", "role_viewer");
        assertThat(previous.notKept()).isEmpty();
    }

    @Test
    void extraKeysAddedChangedAndRemovedAreNamedEachAsExtraDotKey() {
        Group before = group("g", "", List.of(), Map.of("visibility", "\"private\"", "colour", "\"red\"",
                "gone", "1"));
        Group after = group("g", "", List.of(), Map.of("visibility", "\"public\"", "colour", "\"red\"",
                "new:key", "true"));

        assertThat(GroupValues.change(GroupValues.stored(before), after).changedFields())
                .containsExactly("extra.gone", "extra.new:key", "extra.visibility");
    }

    @Test
    void nullsEmptiesAndReservedCharactersKeepTheirExactPreviousValues() {
        Group before = new Group("rbac_group_1", "a|b;c%d, e:f", null, null, null, null,
                List.of("", "role,with|odd;chars%"), Map.of("k|;,:%", "\"v\""));
        Group after = new Group("rbac_group_1", "a|b;c%d, e:f", "", null, null, null, null, Map.of("k|;,:%", "\"v\""));

        GroupChange change = GroupValues.change(GroupValues.stored(before), after);

        assertThat(change.changedFields()).as("null and empty differ").containsExactly("description", "roles");
        assertThat(change.previous().name()).isEqualTo("a|b;c%d, e:f");
        assertThat(change.previous().description()).isNull();
        assertThat(change.previous().roles()).containsExactly("", "role,with|odd;chars%");
        assertThat(GroupValues.stored(before)).doesNotContain(";", "\t", "\n");
    }

    @Test
    void anUnchangedGroupHasNoChangedFieldsAndItsValuesAsPrevious() {
        Group g = group("g", "d", List.of("r"), Map.of("x", "1"));

        GroupChange change = GroupValues.change(GroupValues.stored(g), g);

        assertThat(change.changedFields()).isEmpty();
        assertThat(change.previous().roles()).containsExactly("r");
    }

    @Test
    void aValueBeyondTheBudgetIsNotKeptButItsChangeIsStillNamed() {
        String longText = "x".repeat(GroupValues.BUDGET);
        Group before = group("g", longText, List.of("r"), Map.of());
        String stored = GroupValues.stored(before);

        GroupChange same = GroupValues.change(stored, before);
        GroupChange edited = GroupValues.change(stored, group("g", longText + "!", List.of("r"), Map.of()));

        assertThat(stored.length()).isLessThan(100);
        assertThat(same.changedFields()).isEmpty();
        assertThat(same.previous().description()).isNull();
        assertThat(same.previous().notKept()).containsExactly("description");
        assertThat(same.previous().name()).isEqualTo("g");
        assertThat(same.previous().roles()).containsExactly("r");
        assertThat(edited.changedFields()).containsExactly("description");
    }

    @Test
    void rolesAreKeptBeforeTheDescriptionWhenBothDoNotFit() {
        List<String> roles = List.of("r".repeat(200), "s".repeat(200));
        Group before = group("g", "d".repeat(200), roles, Map.of());

        GroupChange change = GroupValues.change(GroupValues.stored(before), group("g", "d".repeat(200), List.of(), Map.of()));

        assertThat(change.previous().roles()).isEqualTo(roles);
        assertThat(change.previous().notKept()).containsExactly("description");
        assertThat(change.changedFields()).containsExactly("roles");
    }

    @Test
    void nothingStoredMeansThePreviousValuesAreNotKnown() {
        assertThat(GroupValues.change(null, group("g", "d", null, Map.of()))).isEqualTo(GroupChange.UNKNOWN);
    }

    @Test
    void damagedStoredValuesAreRefusedNamingWhatWasRead() {
        assertThatThrownBy(() -> GroupValues.validated("group index shard 3: the values of g", "=a|=b"))
                .hasMessageContaining("shard 3").hasMessageContaining("values of g").hasMessageContaining("7 forms");
        assertThatThrownBy(() -> GroupValues.validated("shard 3", "=a|=b|-|-|-|x|="))
                .hasMessageContaining("must start with");
    }
}
