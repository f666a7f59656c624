package io.complianceconnect.groups.simulator;

import java.util.List;

/** A request path that names an endpoint, with the group id for the per-group ones. */
record ApiRoute(Endpoint endpoint, String groupId) {

    /** The route of a decoded path, or null when the path names no endpoint (404). */
    static ApiRoute of(List<String> segments) {
        if (segments.equals(List.of("v1", "compliance", "activities"))) {
            return new ApiRoute(Endpoint.LIST_ACTIVITIES, null);
        }
        if (segments.size() < 3 || !segments.get(0).equals("v1") || !segments.get(1).equals("compliance")
                || !segments.get(2).equals("groups")) {
            return null;
        }
        if (segments.size() == 3) {
            return new ApiRoute(Endpoint.LIST_GROUPS, null);
        }
        String groupId = segments.get(3);
        if (groupId.isEmpty()) {
            return null;
        }
        if (segments.size() == 4) {
            return new ApiRoute(Endpoint.GET_GROUP, groupId);
        }
        if (segments.size() == 5 && segments.get(4).equals("members")) {
            return new ApiRoute(Endpoint.LIST_MEMBERS, groupId);
        }
        return null;
    }
}
