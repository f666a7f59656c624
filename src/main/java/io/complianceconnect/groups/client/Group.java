package io.complianceconnect.groups.client;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group as the Compliance API returns it. Nullability follows the API reference: {@code id} and
 * {@code name} are always present, {@code description} and {@code sourceType} may be absent in odd
 * responses and are then null, timestamps and {@code roles} may be null.
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
        Objects.requireNonNull(name, "name");
        roles = roles == null ? null : List.copyOf(roles);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
