package io.complianceconnect.groups.client;

import com.fasterxml.jackson.databind.ObjectMapper;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Client for the Compliance API's group endpoints. Each method returns an {@link ApiCall}: one logical
 * request that retries retryable failures (429, 5xx, timeouts, resets, truncated bodies) with backoff,
 * within {@link ClientSettings#maxRetries()} and {@link ClientSettings#retryBudget()}. All calls of one
 * client share its request pacing. Thread-safe. Knows nothing of Kafka Connect.
 *
 * <p>This class only describes the endpoints; the calls it returns run on a {@link CallContext} of
 * parts that never call back here: {@link HttpTransport} (sending, deadlines, closing),
 * {@link ResponseHeaders}, {@link ErrorMapping} and {@link ResponseParser}.
 */
public final class ComplianceApiClient implements AutoCloseable {

    /** The documented page size range of the list endpoints. */
    public static final int MAX_PAGE_SIZE = 1000;

    private final ResponseParser parser;
    private final HttpTransport transport;
    private final CallContext context;

    public ComplianceApiClient(ClientSettings settings) {
        this(settings, ClientListener.NO_OP);
    }

    public ComplianceApiClient(ClientSettings settings, ClientListener listener) {
        Objects.requireNonNull(settings, "settings");
        ClientListener guarded = new SafeListener(Objects.requireNonNull(listener, "listener"));
        this.parser = new ResponseParser(new ObjectMapper());
        this.transport = new HttpTransport(settings, guarded);
        this.context = new CallContext(settings.clock(), transport, new RequestPacer(settings.requestsPerMinute()),
                new Backoff(settings.backoffInitial(), settings.backoffMax(), settings.random()),
                settings.maxRetries(), settings.retryBudget(), new ErrorMapping(settings.baseUrl(), parser), guarded);
    }

    /**
     * One page of groups.
     *
     * @param namePrefix only groups whose name starts with this; null or empty for all
     * @param pageToken  the previous page's {@link Page#nextPage()}, or null for the first page
     * @param limit      page size, 1 to 1000
     */
    public ApiCall<Page<Group>> listGroups(String namePrefix, String pageToken, int limit) {
        requirePageSize(limit);
        StringBuilder query = new StringBuilder("limit=").append(limit);
        appendParam(query, "page", pageToken);
        appendParam(query, "name_prefix", namePrefix);
        RequestSpec spec = new RequestSpec(Endpoint.LIST_GROUPS, "/v1/compliance/groups", query.toString(), null,
                pageToken != null, "list groups");
        return new ApiCall<>(context, spec, (body, headers, problems) -> parser.groupsPage(body, problems), null);
    }

    /** One group; empty when the API answers 404 (the group does not exist, or no longer does). */
    public ApiCall<Optional<Group>> getGroup(String groupId) {
        requireGroupId(groupId);
        RequestSpec spec = new RequestSpec(Endpoint.GET_GROUP, "/v1/compliance/groups/" + encode(groupId), "",
                groupId, false, "get group " + groupId);
        return new ApiCall<>(context, spec,
                (body, headers, problems) -> Optional.of(parser.group(body, groupId, problems)),
                (errorType, requestId) -> Optional.empty());
    }

    /**
     * One page of a group's members, each carrying {@code groupId}.
     *
     * @throws GroupNotFoundException (from {@link ApiCall#execute}) when the group does not exist
     */
    public ApiCall<Page<GroupMember>> listMembers(String groupId, String pageToken, int limit) {
        requireGroupId(groupId);
        requirePageSize(limit);
        StringBuilder query = new StringBuilder("limit=").append(limit);
        appendParam(query, "page", pageToken);
        RequestSpec spec = new RequestSpec(Endpoint.LIST_MEMBERS,
                "/v1/compliance/groups/" + encode(groupId) + "/members", query.toString(), groupId,
                pageToken != null, "list the members of group " + groupId);
        return new ApiCall<>(context, spec, (body, headers, problems) -> parser.membersPage(body, groupId, problems),
                (errorType, requestId) -> {
                    throw new GroupNotFoundException(groupId, errorType, requestId);
                });
    }

    /**
     * One page of the activity feed (newest first), restricted to the given types.
     *
     * @param createdAtGte only activities created at or after this instant
     * @param afterId      the previous page's {@link ActivityPage#lastId()} for the next, older page; null for the first
     * @param types        the activity types wanted ({@code activity_types[]}); empty for all
     */
    public ApiCall<ActivityPage> listActivities(Instant createdAtGte, String afterId, List<String> types, int limit) {
        requirePageSize(limit);
        StringBuilder query = new StringBuilder("limit=").append(limit);
        appendParam(query, "created_at.gte", createdAtGte == null ? null : createdAtGte.toString());
        appendParam(query, "after_id", afterId);
        for (String type : types) {
            appendParam(query, "activity_types[]", type);
        }
        RequestSpec spec = new RequestSpec(Endpoint.LIST_ACTIVITIES, "/v1/compliance/activities", query.toString(),
                null, false, "list activities");
        return new ApiCall<>(context, spec,
                (body, headers, problems) -> parser.activitiesPage(body, problems)
                        .withServerTime(headers.serverTime()), null);
    }

    /** Stops the client: waits in progress end at once with a {@link RequestAbortedException}, and so do requests in flight. */
    @Override
    public void close() {
        transport.close();
    }

    private static void requirePageSize(int limit) {
        if (limit < 1 || limit > MAX_PAGE_SIZE) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_PAGE_SIZE + ", was " + limit);
        }
    }

    private static void requireGroupId(String groupId) {
        if (groupId == null || groupId.isBlank()) {
            throw new IllegalArgumentException("groupId must be a non-empty group id");
        }
    }

    private static void appendParam(StringBuilder query, String name, String value) {
        if (value != null && !value.isEmpty()) {
            query.append('&').append(name).append('=').append(encode(value));
        }
    }

    /** Percent-encoding for a query value or a path segment (spaces as %20, not '+'). */
    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
