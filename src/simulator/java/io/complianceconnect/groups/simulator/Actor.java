package io.complianceconnect.groups.simulator;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Who performed an {@link Activity}: served as the activity's {@code actor} object, {@code type}
 * first, then {@code fields} in order. Made by the factories, which give each actor type the fields
 * the simulator serves for it.
 *
 * @param fields the actor's other JSON fields (all strings); a user actor's {@code email_address} is
 *               personal data, so {@link #toString()} leaves it out
 */
public record Actor(String type, Map<String, String> fields) {

    public static final String USER_ACTOR = "user_actor";
    public static final String API_ACTOR = "api_actor";
    public static final String SCIM_DIRECTORY_SYNC_ACTOR = "scim_directory_sync_actor";

    public Actor {
        Objects.requireNonNull(type, "type");
        if (fields.containsKey("type")) {
            throw new IllegalArgumentException("type is the actor's type, not one of its fields");
        }
        fields = Collections.unmodifiableMap(new LinkedHashMap<>(fields));
    }

    /** A person in claude.ai: {@code user_id}, {@code email_address}, {@code ip_address}, {@code user_agent}. */
    public static Actor user(String userId, String email) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("email_address", Objects.requireNonNull(email, "email"));
        fields.put("user_id", Objects.requireNonNull(userId, "userId"));
        fields.put("ip_address", "192.0.2." + (1 + Math.floorMod(userId.hashCode(), 254))); // TEST-NET-1
        fields.put("user_agent", "Mozilla/5.0 (simulated)");
        return new Actor(USER_ACTOR, fields);
    }

    /** A program with an API key: {@code api_key_id}. */
    public static Actor api(String apiKeyId) {
        return new Actor(API_ACTOR, Map.of("api_key_id", Objects.requireNonNull(apiKeyId, "apiKeyId")));
    }

    /** The identity provider's SCIM sync: {@code directory_id}. */
    public static Actor scimDirectorySync(String directoryId) {
        return new Actor(SCIM_DIRECTORY_SYNC_ACTOR, Map.of("directory_id", Objects.requireNonNull(directoryId, "directoryId")));
    }

    /**
     * The id that {@code actor_ids[]} matches: the {@code user_id}, {@code api_key_id} or
     * {@code directory_id}, whichever the actor has; null if none.
     */
    public String id() {
        for (String name : new String[] {"user_id", "api_key_id", "directory_id"}) {
            String id = fields.get(name);
            if (id != null) {
                return id;
            }
        }
        return null;
    }

    /** Never prints the email address. */
    @Override
    public String toString() {
        return "Actor[" + type + (id() == null ? "" : " " + id()) + "]";
    }
}
