package io.complianceconnect.groups.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Which scope a 403 says is missing: the operator creates a key with exactly that one. */
class ErrorMappingTest {

    @Test
    void theDocumentedMessageNamesTheNeededScopeNotTheOneTheKeyHas() {
        assertThat(ErrorMapping.scopeIn("Missing required scopes. Got: ['read:compliance_user_data']"
                + " Needed: ['read:compliance_org_data']")).isEqualTo("read:compliance_org_data");
    }

    @Test
    void severalNeededScopesAreAllNamed() {
        assertThat(ErrorMapping.scopeIn("Missing required scopes. Got: [] Needed: ['read:compliance_org_data',"
                + " \"read:compliance_user_data\"]")).isEqualTo("read:compliance_org_data and read:compliance_user_data");
    }

    @Test
    void aNeededOneOfListNamesTheAlternatives() {
        assertThat(ErrorMapping.scopeIn("Missing required scopes. Got: ['read:compliance_activities'] Needed one of:"
                + " ['read:compliance_user_data', 'read:org_audit']"))
                .isEqualTo("read:compliance_user_data or read:org_audit");
    }

    @Test
    void aKeyWithNoScopesAtAllStillGetsTheNeededOne() {
        assertThat(ErrorMapping.scopeIn("Missing required scopes. Got: [] Needed: ['read:compliance_user_data']"))
                .isEqualTo("read:compliance_user_data");
    }

    @Test
    void otherWordingsFallBackToTheScopeTheyNameWhenTheyNameOnlyOne() {
        assertThat(ErrorMapping.scopeIn("This API key lacks the required scope read:compliance_user_data."))
                .isEqualTo("read:compliance_user_data");
        assertThat(ErrorMapping.scopeIn("missing scope: read:compliance_org_data")).isEqualTo("read:compliance_org_data");
    }

    @Test
    void anUnlabelledMessageNamingSeveralScopesIsNotGuessedFrom() {
        // Without "Needed:" there is no telling the scopes the key has from the one it lacks.
        assertThat(ErrorMapping.scopeIn("scopes read:compliance_user_data; requires read:compliance_org_data"))
                .isNull();
    }

    @Test
    void noScopeOrNoMessageIsNull() {
        assertThat(ErrorMapping.scopeIn("Forbidden.")).isNull();
        assertThat(ErrorMapping.scopeIn(null)).isNull();
    }
}
