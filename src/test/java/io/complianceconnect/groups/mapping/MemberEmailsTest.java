package io.complianceconnect.groups.mapping;

import io.complianceconnect.groups.client.GroupMember;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MemberEmailsTest {

    private static final String KEY = "0123456789abcdef-test-key";

    /** Computed apart from this code: {@code hmac.new(key, email, sha256).hexdigest()} in Python. */
    @Test
    void thePseudonymIsTheLowerCaseHexHmacSha256OfTheLowerCasedEmailUnderTheKeysUtf8Bytes() {
        MemberEmails emails = MemberEmails.hmacSha256(KEY);

        assertThat(emails.published("alice.smith@example.com"))
                .isEqualTo("c47ab02f2dbd402eafbadfcda12664ad9de0df9e38c98aeb872a5e7deadce57f");
        assertThat(emails.published("Alice.Smith@EXAMPLE.com")).as("the same address in another case")
                .isEqualTo(emails.published("alice.smith@example.com"));
        assertThat(MemberEmails.hmacSha256(KEY).published("alice.smith@example.com")).as("another instance, same key")
                .isEqualTo(emails.published("alice.smith@example.com"));
        assertThat(MemberEmails.hmacSha256(KEY + "2").published("alice.smith@example.com")).as("another key")
                .isNotEqualTo(emails.published("alice.smith@example.com"));
    }

    /** In a Turkish locale "I".toLowerCase() is a dotless ı: the pseudonym must not depend on the JVM's locale. */
    @Test
    void lowerCasingIgnoresTheJvmsDefaultLocale() {
        Locale before = Locale.getDefault();
        try {
            Locale.setDefault(Locale.forLanguageTag("tr-TR"));
            assertThat(MemberEmails.hmacSha256(KEY).published("ISTANBUL@example.com"))
                    .isEqualTo("f1b3b5e41d98cf8ab60540defc8803ffbe4d4230eb7281988dddecba796c0774");
        } finally {
            Locale.setDefault(before);
        }
    }

    @Test
    void plainKeepsTheEmailOmitDropsItAndNullStaysNullInEveryMode() {
        assertThat(MemberEmails.plain().published("Bob@example.com")).isEqualTo("Bob@example.com");
        assertThat(MemberEmails.omit().published("Bob@example.com")).isNull();
        for (MemberEmails emails : new MemberEmails[] {MemberEmails.plain(), MemberEmails.omit(),
                MemberEmails.hmacSha256(KEY)}) {
            assertThat(emails.published((String) null)).as(emails.toString()).isNull();
        }
    }

    @Test
    void aPublishedMemberDiffersOnlyInItsEmail() {
        GroupMember member = new GroupMember("g1", "u1", "carol@example.com", Instant.EPOCH,
                Instant.ofEpochSecond(5), Map.of("role", "\"owner\""));

        GroupMember published = MemberEmails.hmacSha256(KEY).published(member);

        assertThat(published).usingRecursiveComparison().ignoringFields("email").isEqualTo(member);
        assertThat(published.email()).hasSize(64).matches("[0-9a-f]+");
        assertThat(MemberEmails.plain().published(member)).isSameAs(member);
        assertThat(MemberEmails.omit().published(member).email()).isNull();
    }

    @Test
    void theModesAreNamedAsTheConfigurationSpellsThemAndTheKeyIsNeverPrinted() {
        assertThat(MemberEmails.Mode.fromConfig(" HMAC-SHA256 ")).isEqualTo(MemberEmails.Mode.HMAC_SHA256);
        assertThat(MemberEmails.Mode.fromConfig("omit")).isEqualTo(MemberEmails.Mode.OMIT);
        assertThatThrownBy(() -> MemberEmails.Mode.fromConfig("sha1")).isInstanceOf(IllegalArgumentException.class);
        assertThat(MemberEmails.hmacSha256(KEY).toString()).isEqualTo("MemberEmails[hmac-sha256]")
                .doesNotContain(KEY);
        assertThatThrownBy(() -> MemberEmails.of(MemberEmails.Mode.HMAC_SHA256, null))
                .isInstanceOf(IllegalArgumentException.class);
        assertThat(MemberEmails.of(MemberEmails.Mode.OMIT, null).mode()).isEqualTo(MemberEmails.Mode.OMIT);
    }

    /** A non-string email lands in extra.email as raw JSON: in omit and hmac modes none of it may be published. */
    @Test
    void anEmailThatIsNotAStringNeverReachesTheRecordInClearWhenEmailsAreOmittedOrPseudonymised() {
        String object = "{\"primary\":\"dave@example.com\"}";
        GroupMember member = new GroupMember("g1", "u1", null, null, null, Map.of("email", object, "seat", "3"));

        assertThat(MemberEmails.omit().published(member).extra()).containsOnlyKeys("seat");
        GroupMember pseudonymised = MemberEmails.hmacSha256(KEY).published(member);
        assertThat(pseudonymised.extra()).containsEntry("seat", "3").containsKey("email");
        assertThat(pseudonymised.extra().get("email")).doesNotContain("dave").matches("\"[0-9a-f]{64}\"");
        assertThat(MemberEmails.plain().published(member).extra()).as("plain publishes what the API gave")
                .containsEntry("email", object);
    }

    @Test
    void aNumberAsTheEmailIsPseudonymisedAsItsJsonText() {
        GroupMember member = new GroupMember("g1", "u1", null, null, null, Map.of("email", "4155550100"));

        assertThat(MemberEmails.hmacSha256(KEY).published(member).extra().get("email"))
                .isNotEqualTo("4155550100").matches("\"[0-9a-f]{64}\"");
    }

    /**
     * Fields the API may add about the person (a name, a phone, another address) are personal data like the
     * email: omit drops them, hmac-sha256 pseudonymises them; other extras pass unchanged.
     */
    @Test
    void personalFieldsTheApiMayAddAreDroppedOrPseudonymisedLikeTheEmail() {
        Map<String, String> extra = Map.of("display_name", "\"Dave Jones\"", "fullName", "\"Dave Jones\"",
                "phone_number", "\"+1 415 555 0100\"", "secondary_email", "\"DAVE@example.org\"",
                "seat_type", "\"premium\"", "is_admin", "false");
        GroupMember member = new GroupMember("g1", "u1", "dave@example.com", null, null, extra);

        assertThat(MemberEmails.omit().published(member).extra()).containsOnlyKeys("seat_type", "is_admin");
        Map<String, String> pseudonymised = MemberEmails.hmacSha256(KEY).published(member).extra();
        assertThat(pseudonymised).containsEntry("seat_type", "\"premium\"").containsEntry("is_admin", "false")
                .containsKeys("display_name", "fullName", "phone_number", "secondary_email");
        assertThat(String.join(" ", pseudonymised.values())).doesNotContain("Dave", "415", "example.org");
        assertThat(pseudonymised.get("secondary_email")).as("an address: the same pseudonym as the email field")
                .isEqualTo("\"" + MemberEmails.hmacSha256(KEY).published("dave@example.org") + "\"");
    }
}
