package io.complianceconnect.groups.mapping;

import java.time.Instant;
import java.util.List;

/**
 * What an UPDATED group record says about its change: the group's values before it, as the
 * connector last stored them, and the names of the fields that changed.
 *
 * @param previous      the values before the change; null when the connector has none stored
 * @param changedFields the top-level fields that changed, keys of {@code extra} as
 *                      {@code extra.<key>} (or {@code extra} alone when only a digest of the whole
 *                      map was stored); null when the connector has nothing stored to compare with
 */
public record GroupChange(Previous previous, List<String> changedFields) {

    /** Nothing stored to compare with: a state written before contract version 3. */
    public static final GroupChange UNKNOWN = new GroupChange(null, null);

    public GroupChange {
        changedFields = changedFields == null ? null : List.copyOf(changedFields);
    }

    /**
     * A group's values before a change. A field is null when it was null, and when its value was not
     * kept (it is then named in {@code notKept}).
     *
     * @param notKept fields whose previous value was too long to keep in the offsets: null here
     *                although they had a value
     */
    public record Previous(String name, String description, String sourceType, Instant createdAt,
                           Instant updatedAt, List<String> roles, List<String> notKept) {

        public Previous {
            roles = roles == null ? null : List.copyOf(roles);
            notKept = notKept == null ? List.of() : List.copyOf(notKept);
        }
    }
}
