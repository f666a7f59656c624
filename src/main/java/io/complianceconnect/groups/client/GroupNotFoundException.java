package io.complianceconnect.groups.client;

/** 404 on a group or its members: the group does not exist (for example, deleted since it was listed). */
public final class GroupNotFoundException extends ComplianceApiException {

    private final String groupId;

    public GroupNotFoundException(String groupId, String errorType, String requestId) {
        super(404, errorType, requestId, "Group " + groupId
                + " was not found: it was probably deleted after it was listed. Treat the group as gone.");
        this.groupId = groupId;
    }

    public String groupId() {
        return groupId;
    }
}
