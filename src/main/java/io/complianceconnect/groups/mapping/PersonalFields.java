package io.complianceconnect.groups.mapping;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Which of a member's {@code extra} fields carry personal data, and how one is pseudonymised. The API
 * documents only {@code email} as personal, but it may add fields (a name, a phone, another address),
 * and a malformed {@code email} (an object, a number) is kept in {@code extra.email}: under
 * {@code member.email.mode} {@code omit} or {@code hmac-sha256} none of them may reach a topic in clear.
 *
 * <p>A field is personal when a word of its name (split at {@code _ - .} and lower-to-upper case
 * changes) is one of {@link #PERSONAL_WORDS}. A deny-list errs on the safe side: {@code group_name}
 * counts too, which costs a non-personal value at most its clear text in those modes.
 */
final class PersonalFields {

    /** Words that name a person or a way to reach one. */
    static final Set<String> PERSONAL_WORDS = Set.of("email", "emails", "mail", "name", "names", "username",
            "login", "phone", "phones", "mobile", "telephone", "address", "addresses", "avatar", "photo", "picture",
            "birthday", "birthdate");

    private static final Pattern WORD_BOUNDARY = Pattern.compile("[^A-Za-z0-9]+|(?<=[a-z0-9])(?=[A-Z])");
    private static final ObjectMapper JSON = new ObjectMapper();

    private PersonalFields() {
    }

    /** Whether a member's extra field of this name is treated as personal data. */
    static boolean isPersonal(String fieldName) {
        for (String word : WORD_BOUNDARY.split(fieldName)) {
            if (PERSONAL_WORDS.contains(word.toLowerCase(Locale.ROOT))) {
                return true;
            }
        }
        return false;
    }

    /**
     * The pseudonymised JSON text of an extra value: a JSON string of the pseudonym of a string's content
     * (so an address gets the same pseudonym as in the {@code email} field), or of any other value's
     * compact JSON text.
     */
    static String pseudonymised(String jsonText, MemberEmails emails) {
        String clear = jsonText;
        try {
            JsonNode node = JSON.readTree(jsonText);
            if (node != null && node.isTextual()) {
                clear = node.textValue();
            }
        } catch (JsonProcessingException e) {
            // Not JSON after all: pseudonymise the text as it is.
        }
        return "\"" + emails.published(clear) + "\"";
    }
}
