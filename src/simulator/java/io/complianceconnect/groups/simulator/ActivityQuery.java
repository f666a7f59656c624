package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The query of {@code GET /v1/compliance/activities}, checked. Empty sets mean "no filter"; null
 * bounds and cursors mean "not given". Parameters not listed here are ignored, as on the group
 * endpoints.
 */
record ActivityQuery(Set<String> types, Set<String> organizationIds, Set<String> actorIds,
        Instant createdAtGte, Instant createdAtGt, Instant createdAtLte, Instant createdAtLt,
        String afterId, String beforeId, int limit) {

    static final int DEFAULT_LIMIT = 100;
    static final int MAX_LIMIT = 1000;

    /** A parameter that cannot be used; becomes 400 {@code invalid_request_error} with this message. */
    static final class BadParameter extends Exception {
        BadParameter(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * Reads the decoded parameters (every value of each name). Repeatable filters take the
     * {@code name[]} form; empty values in them are skipped. An empty {@code after_id}/{@code before_id}
     * counts as absent, like an empty {@code page} on the group listings.
     */
    static ActivityQuery parse(Map<String, List<String>> params) throws BadParameter {
        int limit = limit(first(params, "limit"));
        String afterId = emptyToNull(first(params, "after_id"));
        String beforeId = emptyToNull(first(params, "before_id"));
        if (afterId != null && beforeId != null) {
            throw new BadParameter("Use after_id or before_id, not both.");
        }
        return new ActivityQuery(values(params, "activity_types[]"), values(params, "organization_ids[]"),
                values(params, "actor_ids[]"),
                timestamp(params, "created_at.gte"), timestamp(params, "created_at.gt"),
                timestamp(params, "created_at.lte"), timestamp(params, "created_at.lt"),
                afterId, beforeId, limit);
    }

    /** Whether {@code activity} passes every filter (the cursors are not filters). */
    boolean matches(Activity activity) {
        Instant at = activity.createdAt();
        return (types.isEmpty() || types.contains(activity.type()))
                && (organizationIds.isEmpty() || organizationIds.contains(activity.organizationId())
                        || organizationIds.contains(activity.organizationUuid()))
                && (actorIds.isEmpty() || actorIds.contains(activity.actor().id()))
                && (createdAtGte == null || !at.isBefore(createdAtGte))
                && (createdAtGt == null || at.isAfter(createdAtGt))
                && (createdAtLte == null || !at.isAfter(createdAtLte))
                && (createdAtLt == null || at.isBefore(createdAtLt));
    }

    private static String first(Map<String, List<String>> params, String name) {
        List<String> values = params.get(name);
        return values == null || values.isEmpty() ? null : values.get(0);
    }

    private static String emptyToNull(String text) {
        return text == null || text.isEmpty() ? null : text;
    }

    private static Set<String> values(Map<String, List<String>> params, String name) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : params.getOrDefault(name, List.of())) {
            if (!value.isEmpty()) {
                values.add(value);
            }
        }
        return Set.copyOf(values);
    }

    private static int limit(String text) throws BadParameter {
        if (text == null) {
            return DEFAULT_LIMIT;
        }
        try {
            int limit = Integer.parseInt(text);
            if (limit >= 1 && limit <= MAX_LIMIT) {
                return limit;
            }
        } catch (NumberFormatException e) {
            // falls through to the same answer as a number out of range
        }
        throw new BadParameter(ErrorResponses.LIMIT_MESSAGE);
    }

    /** An RFC 3339 timestamp with a zone offset ({@code Z} or {@code ±hh:mm}); seconds fraction optional. */
    private static Instant timestamp(Map<String, List<String>> params, String name) throws BadParameter {
        String text = first(params, name);
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text, DateTimeFormatter.ISO_OFFSET_DATE_TIME).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadParameter(name + " must be an RFC 3339 timestamp such as 2026-01-31T23:59:59Z.");
        }
    }
}
