package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.AdminRequestBody.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.complianceconnect.groups.simulator.AdminRequestBody.BadRequest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An activity to record, from {@code POST /_sim/activities}:
 * {@code {"type":"org_directory_resync_completed","actor":"scim_directory_sync_actor",
 * "details":{"note":"x","member_ids":["user_1"]}}}: an activity that happens now. {@code actor} is
 * {@code user_actor} (the directory admin, the default) or {@code scim_directory_sync_actor};
 * detail values are strings, numbers, booleans, null or arrays of strings.
 */
final class ActivityRequest {

    private ActivityRequest() {
    }

    /** Reads the body (actor, then details, then type) and records the activity in {@code feed}. */
    static Activity record(JsonNode in, ActivityFeed feed) {
        String actorType = text(in, "actor", false);
        Actor actor;
        if (actorType == null || actorType.equals(Actor.USER_ACTOR)) {
            actor = feed.directoryAdmin();
        } else if (actorType.equals(Actor.SCIM_DIRECTORY_SYNC_ACTOR)) {
            actor = feed.directorySync();
        } else {
            throw new BadRequest("actor must be user_actor or scim_directory_sync_actor");
        }
        Map<String, Object> details = new LinkedHashMap<>();
        JsonNode given = in.path("details");
        if (!given.isMissingNode() && !given.isObject()) {
            throw new BadRequest("details must be an object");
        }
        for (Map.Entry<String, JsonNode> field : given.properties()) {
            details.put(field.getKey(), detailValue(field.getKey(), field.getValue()));
        }
        return feed.record(text(in, "type", true), actor, details);
    }

    private static Object detailValue(String name, JsonNode value) {
        if (value.isNull()) {
            return null;
        }
        if (value.isTextual()) {
            return value.asText();
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isNumber()) {
            return value.numberValue();
        }
        if (value.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : value) {
                if (!item.isTextual()) {
                    throw new BadRequest(name + " must be an array of strings");
                }
                items.add(item.asText());
            }
            return items;
        }
        throw new BadRequest(name + " must be a string, number, boolean, null or array of strings");
    }
}
