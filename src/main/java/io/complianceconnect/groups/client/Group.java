package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group as the Compliance API returns it. Nullability follows the API reference: {@code id} is always
 * present; {@code name} is too, except in a malformed row (see {@link MalformedRow}), which is kept with
 * the field null rather than stopping the replica; {@code description} and {@code sourceType} may be
 * absent in odd responses and are then null; timestamps and {@code roles} may be null. A documented field
 * whose value did not fit its type is null here, its raw value in {@code extra} under its own name.
 *
 * @param extra every field of the JSON object that this version does not know, name to its JSON
 *              text, so fields the API adds later are carried through rather than dropped
 */
public record Group(
        String id,
        String name,
        String description,
        String sourceType,
        Instant createdAt,
        Instant updatedAt,
        List<String> roles,
        Map<String, String> extra) {

    public Group {
        Objects.requireNonNull(id, "id");
        roles = roles == null ? null : List.copyOf(roles);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }

    /**
     * Whether the name starts with {@code prefix}. A group whose name the API did not give counts as
     * under any prefix: only its real name could move it out, and nothing may be deleted on a guess.
     */
    public boolean nameStartsWith(String prefix) {
        return name == null || name.startsWith(prefix);
    }
}
