package io.complianceconnect.groups.client;

/**
 * What one request needs: the endpoint it labels, the path (ids already encoded) and query, the group it
 * concerns (null when none), whether it carries a page token (which can expire), and {@code operation},
 * a short human description for messages.
 */
record RequestSpec(Endpoint endpoint, String path, String query, String groupId, boolean carriesPageToken,
                   String operation) {
}
