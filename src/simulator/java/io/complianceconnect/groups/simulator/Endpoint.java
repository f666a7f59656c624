package io.complianceconnect.groups.simulator;

/** The endpoints of the Compliance API that the simulator serves: three for groups, one for the activity feed. */
public enum Endpoint {
    /** {@code GET /v1/compliance/groups}: needs {@code read:compliance_org_data}. */
    LIST_GROUPS(ComplianceApiSimulator.SCOPE_ORG_DATA, true),
    /** {@code GET /v1/compliance/groups/{group_id}}: needs {@code read:compliance_org_data}. */
    GET_GROUP(ComplianceApiSimulator.SCOPE_ORG_DATA, false),
    /** {@code GET /v1/compliance/groups/{group_id}/members}: needs {@code read:compliance_user_data}. */
    LIST_MEMBERS(ComplianceApiSimulator.SCOPE_USER_DATA, true),
    /**
     * {@code GET /v1/compliance/activities}: needs {@code read:compliance_activities}. It pages by
     * activity ids ({@code after_id}/{@code before_id}), not by {@code next_page} tokens.
     */
    LIST_ACTIVITIES(ComplianceApiSimulator.SCOPE_ACTIVITIES, false);

    private final String requiredScope;
    private final boolean listing;

    Endpoint(String requiredScope, boolean listing) {
        this.requiredScope = requiredScope;
        this.listing = listing;
    }

    /** The scope a key needs for this endpoint; without it the request gets 403. */
    public String requiredScope() {
        return requiredScope;
    }

    /**
     * Whether the endpoint returns a page with a {@code next_page} token ({@code data},
     * {@code has_more}, {@code next_page}); the token faults apply to these only.
     */
    public boolean isListing() {
        return listing;
    }
}
