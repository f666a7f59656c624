package io.complianceconnect.groups.sweep;

import io.complianceconnect.groups.client.ActivityPage;
import io.complianceconnect.groups.client.ComplianceApiClient;
import io.complianceconnect.groups.client.ComplianceApiException;
import io.complianceconnect.groups.client.Group;
import io.complianceconnect.groups.client.GroupMember;
import io.complianceconnect.groups.client.Page;
import io.complianceconnect.groups.client.PendingCalls;
import io.complianceconnect.groups.client.RequestKey;
import io.complianceconnect.groups.client.ResponsePendingException;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * The requests one unit of the engine makes, with the configured prefix and page size. A request
 * that had to wait ({@link io.complianceconnect.groups.client.RetryLaterException}) is continued,
 * with its attempts and retry budget, when the unit makes the same request on a later step; each
 * answered request is counted in the running sweep and on its side of the {@link RequestShare}. Each unit has its own, so one unit's waiting
 * request never stands in for another's (a refresh's GET of a group is not a deletion check's).
 */
final class SweepRequests {

    private static final int ACTIVITIES_PAGE_SIZE = 1000;

    private final ComplianceApiClient client;
    private final SweepSettings settings;
    private final PendingCalls calls;

    SweepRequests(ComplianceApiClient client, SweepSettings settings, SweepProgress progress, Runnable counted) {
        this.client = client;
        this.settings = settings;
        this.calls = new PendingCalls(() -> {
            progress.requestCompleted();
            counted.run();
        });
    }

    Page<Group> groupsPage(String pageToken, Duration maxBlock) throws InterruptedException {
        return calls.execute(RequestKey.groupsPage(pageToken),
                () -> client.listGroups(settings.groupNamePrefix(), pageToken, settings.pageSize()), maxBlock);
    }

    /** The group, or empty when the API answers 404. */
    Optional<Group> group(String groupId, Duration maxBlock) throws InterruptedException {
        return calls.execute(RequestKey.group(groupId), () -> client.getGroup(groupId), maxBlock);
    }

    Page<GroupMember> membersPage(String groupId, String pageToken, Duration maxBlock) throws InterruptedException {
        return calls.execute(RequestKey.membersPage(groupId, pageToken),
                () -> client.listMembers(groupId, pageToken, settings.pageSize()), maxBlock);
    }

    /**
     * A page of the feed's activities of {@link ActivityFollower#TYPES}. One that fails, or has to
     * wait before it is sent, is not continued: the feed is read afresh at its next interval. One
     * whose response is still on its way is waited for on the next call.
     */
    ActivityPage activitiesPage(Instant since, String afterId, Duration maxBlock) throws InterruptedException {
        RequestKey<ActivityPage> key = RequestKey.activitiesPage(afterId);
        try {
            return calls.execute(key, () -> client.listActivities(since, afterId, ActivityFollower.TYPES,
                    ACTIVITIES_PAGE_SIZE), maxBlock);
        } catch (ResponsePendingException e) {
            throw e;
        } catch (ComplianceApiException e) {
            calls.forget(key);
            throw e;
        }
    }
}
