package io.complianceconnect.groups.client;

/**
 * A row of a response that did not match the documented types. The row is kept with the offending
 * field null and the raw value in its {@code extra}, or, when it cannot be used at all, skipped; either
 * way the rest of the page is used. Carries names, never values: a value may be a member's email.
 *
 * @param field the JSON field at fault, or null when the whole row is
 */
public record MalformedRow(Kind kind, String field) {

    /** What was wrong, and what the client did about it. */
    public enum Kind {
        /** A listed row without a usable id (missing, null, empty, not a string, or not an object): skipped. */
        SKIPPED_WITHOUT_ID(true, "a row without a usable id was skipped"),
        /** An activity without its id or type, or without the group or user id its type is about: skipped. */
        SKIPPED_ACTIVITY(true, "an activity that cannot be used was skipped"),
        /** A required field (a group's name; a fetched group's id) missing or null: kept (the id from the request). */
        MISSING_REQUIRED_FIELD(false, "a required field was missing or null; the row was kept without it"),
        /** A documented field with a value of the wrong JSON type: kept null, the raw value in {@code extra}. */
        WRONG_TYPE(false, "a field had the wrong type; the row was kept with it null and the raw value in extra"),
        /** A timestamp that is not RFC 3339 with an offset: kept null, the raw text in {@code extra}. */
        BAD_TIMESTAMP(false, "a timestamp was not RFC 3339 with an offset; the row was kept with it null and the"
                + " raw value in extra");

        private final boolean skipped;
        private final String description;

        Kind(boolean skipped, String description) {
            this.skipped = skipped;
            this.description = description;
        }

        /** Whether the row was left out of the page (rather than kept with a field null). */
        public boolean skipped() {
            return skipped;
        }

        /** What happened, for an operator's log line. */
        public String description() {
            return description;
        }
    }
}
