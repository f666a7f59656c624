package io.complianceconnect.groups.simulator;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A group as the simulator serves it: the API's group object with timestamps as instants. The
 * simulator has its own value types rather than the connector's client records, so that it is a
 * separate implementation of the API (a fault in the client's model cannot hide in a simulator
 * that shares it) and its jar runs without the connector.
 *
 * @param roles null when the group reports none (the API's {@code "roles": null})
 * @param extra fields beyond the documented ones, name to JSON text, served as they are
 */
public record SimGroup(
        String id,
        String name,
        String description,
        String sourceType,
        Instant createdAt,
        Instant updatedAt,
        List<String> roles,
        Map<String, String> extra) {

    public SimGroup {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        roles = roles == null ? null : List.copyOf(roles);
        extra = extra == null ? Map.of() : Map.copyOf(extra);
    }
}
