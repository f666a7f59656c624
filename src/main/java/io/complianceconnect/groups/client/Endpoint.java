package io.complianceconnect.groups.client;

/** The Compliance API endpoints this client calls; used to label metrics, retries and log lines. */
public enum Endpoint {
    LIST_GROUPS("/v1/compliance/groups"),
    GET_GROUP("/v1/compliance/groups/{group_id}"),
    LIST_MEMBERS("/v1/compliance/groups/{group_id}/members"),
    LIST_ACTIVITIES("/v1/compliance/activities");

    private final String pathTemplate;

    Endpoint(String pathTemplate) {
        this.pathTemplate = pathTemplate;
    }

    /** The documented path with placeholders, safe to log (no ids, no query values). */
    public String pathTemplate() {
        return pathTemplate;
    }
}
