package io.complianceconnect.groups.simulator;

import static io.complianceconnect.groups.simulator.ApiCalls.encode;
import static io.complianceconnect.groups.simulator.ApiCalls.assertError;
import static io.complianceconnect.groups.simulator.ApiCalls.json;
import static io.complianceconnect.groups.simulator.ApiCalls.ok;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulatorTest.fieldNames;
import static io.complianceconnect.groups.simulator.ComplianceApiSimulatorTest.ids;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** {@code GET /v1/compliance/activities} and the activities the directory records, over real HTTP. */
class ActivityFeedTest {

    private static final String KEY = "test-key";
    private static final String FEED = "/v1/compliance/activities";
    private static final Instant START = Instant.parse("2026-03-02T10:15:30.500Z");
    private static final List<String> COMMON_FIELDS =
            List.of("id", "created_at", "organization_id", "organization_uuid", "actor", "type");

    private static final Consumer<ComplianceApiSimulator.Builder> WITH_KEY = b -> b.apiKey(KEY);

    private final MutableClock clock = new MutableClock(START);
    private ComplianceApiSimulator simulator;
    private Directory directory;
    private ApiCalls api;

    /** Every simulator runs on the test clock with seed 5; the fields follow the newest. */
    @RegisterExtension
    final SimulatorExtension simulators = new SimulatorExtension(b -> b.clock(clock).seed(5)).onStart(started -> {
        simulator = started;
        directory = started.directory();
        api = new ApiCalls(started.baseUrl());
    });

    @Test
    void eachDirectoryMutationRecordsItsDocumentedActivity() {
        simulators.start(WITH_KEY);
        directory.populate(3, 2);
        String direct = directory.createGroup("Legal");
        tick();
        directory.renameGroup(direct, "Legal - EMEA");
        tick();
        directory.updateGroup(direct, "Counsel", List.of("role_a"));
        tick();
        String user = directory.addMember(direct, "ada@example.com");
        tick();
        String scim = directory.createGroup("Okta Engineering", "", "scim", List.of());
        tick();
        directory.addMember(scim, user, "ada@example.com");
        tick();
        directory.updateMemberEmail(user, "ada.l@example.com"); // the user is in two groups: still one activity
        tick();
        directory.removeMember(direct, user);
        tick();
        directory.deleteGroup(scim);

        JsonNode page = ok(api.get(FEED, KEY));

        List<JsonNode> data = list(page.get("data"));
        assertThat(data).extracting(a -> a.get("type").asText()).containsExactly(
                "group_deleted", "group_member_removed", "scim_user_updated", "group_member_added", "group_created",
                "group_member_added", "group_updated", "group_updated", "group_created");
        assertActivity(data.get(8), "group_created", START, direct, Actor.USER_ACTOR, "group_id", "group_name");
        assertThat(data.get(8).get("group_name").asText()).isEqualTo("Legal");
        assertActivity(data.get(7), "group_updated", START.plusSeconds(1), direct, Actor.USER_ACTOR, "group_id");
        assertActivity(data.get(6), "group_updated", START.plusSeconds(2), direct, Actor.USER_ACTOR, "group_id");
        assertActivity(data.get(5), "group_member_added", START.plusSeconds(3), direct, Actor.USER_ACTOR,
                "group_id", "member_ids");
        assertThat(data.get(5).get("member_ids")).extracting(JsonNode::asText).containsExactly(user);
        assertActivity(data.get(4), "group_created", START.plusSeconds(4), scim, Actor.SCIM_DIRECTORY_SYNC_ACTOR,
                "group_id", "group_name");
        assertActivity(data.get(3), "group_member_added", START.plusSeconds(5), scim, Actor.SCIM_DIRECTORY_SYNC_ACTOR,
                "group_id", "member_ids");
        assertThat(data.get(3).get("member_ids")).extracting(JsonNode::asText).containsExactly(user);
        assertActivity(data.get(2), "scim_user_updated", START.plusSeconds(6), null, Actor.SCIM_DIRECTORY_SYNC_ACTOR,
                "user_id");
        assertThat(data.get(2).get("user_id").asText()).isEqualTo(user);
        assertActivity(data.get(1), "group_member_removed", START.plusSeconds(7), direct, Actor.USER_ACTOR,
                "group_id", "member_ids");
        assertThat(data.get(1).get("member_ids")).extracting(JsonNode::asText).containsExactly(user);
        assertActivity(data.get(0), "group_deleted", START.plusSeconds(8), scim, Actor.SCIM_DIRECTORY_SYNC_ACTOR,
                "group_id");

        ActivityFeed feed = simulator.activityFeed();
        JsonNode adminActor = data.get(8).get("actor");
        assertThat(fieldNames(adminActor)).containsExactly("type", "email_address", "user_id", "ip_address", "user_agent");
        assertThat(adminActor.get("user_id").asText()).isEqualTo(feed.directoryAdmin().id()).startsWith("user_");
        assertThat(data.get(0).at("/actor/directory_id").asText()).isEqualTo(feed.directorySync().id());
        assertThat(data).allSatisfy(activity -> {
            assertThat(activity.get("organization_id").asText()).isEqualTo(feed.organizationId()).startsWith("org_");
            assertThat(activity.get("organization_uuid").asText()).isEqualTo(feed.organizationUuid()).hasSize(36);
            assertThat(activity.get("id").asText()).startsWith("activity_");
        });
        assertThat(page.get("has_more").asBoolean()).isFalse();
        assertThat(page.get("first_id").asText()).isEqualTo(data.get(0).get("id").asText());
        assertThat(page.get("last_id").asText()).isEqualTo(data.get(8).get("id").asText());
        assertThat(simulator.activities()).extracting(Activity::id).containsExactlyElementsOf(ids(page));
        Activity added = simulator.activities().get(5);
        assertThat(added.groupId()).isEqualTo(direct);
        assertThat(added.memberIds()).containsExactly(user);
        assertThat(added.createdAt()).isEqualTo(START.plusSeconds(3));
    }

    /** The documented types the connector follows besides the group_* ones, with their documented fields. */
    @Test
    void rolesFailedBulkChangesVisibilityAndLeavingUsersRecordTheirDocumentedActivities() {
        simulators.start(WITH_KEY);
        String group = directory.createGroup("Finance", "", "direct", List.of("role_old"));
        String other = directory.createGroup("Audit", "", "direct", List.of("role_old", "role_x"));
        String ada = directory.addMember(group, "ada@example.com");
        String bob = directory.addMember(other, "bob@example.com");
        int before = simulator.activities().size();
        tick();
        directory.assignRole(group, "role_new");
        assertThat(directory.group(group).orElseThrow().roles()).containsExactly("role_old", "role_new");
        directory.unassignRole(group, "role_new");
        directory.deleteRole("role_old");
        assertThat(directory.group(group).orElseThrow().roles()).isEmpty();
        assertThat(directory.group(other).orElseThrow().roles()).containsExactly("role_x");
        directory.addMembersFailing(group, List.of("user_p1", "user_p2"), 1);
        assertThat(directory.members(group)).extracting(SimMember::userId).containsExactly(ada, "user_p1");
        directory.removeMembersFailing(group, List.of(ada, "user_p1"), 1);
        assertThat(directory.members(group)).extracting(SimMember::userId).containsExactly("user_p1");
        directory.setGroupVisibility(group, "private");
        assertThat(directory.group(group).orElseThrow().extra()).containsEntry("visibility", "\"private\"");
        directory.removeUserFromOrganisation(bob, false);
        directory.removeUserFromOrganisation("user_p1", true);
        assertThat(directory.groupsOfUser(bob)).isEmpty();

        List<JsonNode> data = list(ok(api.get(FEED + "?limit=20", KEY)).get("data")).subList(0, 
                simulator.activities().size() - before);
        Collections.reverse(data);
        assertThat(data).extracting(a -> a.get("type").asText()).containsExactly("rbac_role_assigned",
                "rbac_role_unassigned", "rbac_role_deleted", "group_member_addition_failed",
                "group_member_removal_failed", "group_visibility_updated", "org_user_deleted", "org_user_left");
        assertActivity(data.get(0), "rbac_role_assigned", START.plusSeconds(1), null, Actor.USER_ACTOR,
                "role_id", "principal_type", "principal_id");
        assertThat(data.get(0).get("principal_type").asText()).isEqualTo("group");
        assertThat(data.get(0).get("principal_id").asText()).isEqualTo(group);
        assertActivity(data.get(2), "rbac_role_deleted", START.plusSeconds(1), null, Actor.USER_ACTOR, "role_id");
        assertActivity(data.get(3), "group_member_addition_failed", START.plusSeconds(1), group, Actor.USER_ACTOR,
                "group_id", "member_ids");
        assertThat(data.get(3).get("member_ids")).extracting(JsonNode::asText).containsExactly("user_p1", "user_p2");
        assertActivity(data.get(5), "group_visibility_updated", START.plusSeconds(1), group, Actor.USER_ACTOR,
                "group_id");
        assertActivity(data.get(6), "org_user_deleted", START.plusSeconds(1), null, Actor.USER_ACTOR,
                "deleted_user_id");
        assertThat(data.get(6).get("deleted_user_id").asText()).isEqualTo(bob);
        assertActivity(data.get(7), "org_user_left", START.plusSeconds(1), null, Actor.USER_ACTOR);
        assertThat(data.get(7).at("/actor/user_id").asText()).isEqualTo("user_p1");
    }

    @Test
    void membershipActivitiesOlderThanRevisionGNameOneMemberId() {
        simulators.start(WITH_KEY);
        String group = directory.createGroup("Finance");
        directory.membershipActivitiesBeforeRevisionG(true);
        String ada = directory.addMember(group, "ada@example.com");
        directory.removeMember(group, ada);

        List<JsonNode> data = list(ok(api.get(FEED, KEY)).get("data"));
        assertActivity(data.get(1), "group_member_added", START, group, Actor.USER_ACTOR, "group_id", "member_id");
        assertThat(data.get(0).get("member_id").asText()).isEqualTo(ada);
        assertThat(simulator.activities().get(0).memberIds()).containsExactly(ada);
    }

    @Test
    void populateRecordsNothingAndAnEmptyPageHasNullIds() {
        simulators.start(WITH_KEY);
        directory.populate(10, 3);

        JsonNode page = ok(api.get(FEED, KEY));

        assertThat(fieldNames(page)).containsExactly("data", "has_more", "first_id", "last_id");
        assertThat(page.get("data")).isEmpty();
        assertThat(page.get("has_more").asBoolean()).isFalse();
        assertThat(page.get("first_id").isNull()).isTrue();
        assertThat(page.get("last_id").isNull()).isTrue();
        assertThat(simulator.activities()).isEmpty();
    }

    @Test
    void adminApiChangesRecordTheSameActivities() {
        simulators.start(WITH_KEY);
        String group = json(api.admin("POST", "/_sim/groups", "{\"name\":\"Ops\"}")).get("id").asText();
        String user = json(api.admin("POST", "/_sim/groups/" + group + "/members", "{\"email\":\"ops@example.com\"}"))
                .get("user_id").asText();
        api.admin("POST", "/_sim/groups/" + group + "/rename", "{\"name\":\"Operations\"}");
        api.admin("POST", "/_sim/groups/" + group + "/update", "{\"description\":\"d\"}");
        api.admin("POST", "/_sim/users/" + user + "/email", "{\"email\":\"ops2@example.com\"}");
        api.admin("DELETE", "/_sim/groups/" + group + "/members/" + user, null);
        api.admin("DELETE", "/_sim/groups/" + group, null);
        api.admin("POST", "/_sim/populate", "{\"groups\":4,\"members_per_group\":2}");
        HttpResponse<String> recorded = api.admin("POST", "/_sim/activities",
                "{\"type\":\"org_directory_resync_completed\",\"actor\":\"scim_directory_sync_actor\","
                        + "\"details\":{\"synced_users\":12,\"full\":true,\"note\":null,\"member_ids\":[\"user_a\"]}}");

        assertThat(recorded.statusCode()).isEqualTo(201);
        JsonNode page = ok(api.get(FEED, KEY));
        assertThat(list(page.get("data"))).extracting(a -> a.get("type").asText()).containsExactly(
                "org_directory_resync_completed", "group_deleted", "group_member_removed", "scim_user_updated",
                "group_updated", "group_updated", "group_member_added", "group_created");
        JsonNode resync = page.get("data").get(0);
        assertThat(resync.get("id").asText()).isEqualTo(json(recorded).get("id").asText());
        assertThat(resync.at("/actor/type").asText()).isEqualTo(Actor.SCIM_DIRECTORY_SYNC_ACTOR);
        assertThat(resync.get("synced_users").asInt()).isEqualTo(12);
        assertThat(resync.get("full").asBoolean()).isTrue();
        assertThat(resync.get("note").isNull()).isTrue();
        assertThat(resync.get("member_ids")).extracting(JsonNode::asText).containsExactly("user_a");
        assertThat(page.get("data").get(3).get("user_id").asText()).isEqualTo(user);
        assertThat(json(api.admin("GET", "/_sim/stats", null)).get("activities").asInt()).isEqualTo(8);
        assertThat(api.admin("POST", "/_sim/activities", "{\"type\":\"x\",\"details\":{\"id\":\"clash\"}}").statusCode())
                .isEqualTo(400);
        assertThat(api.admin("POST", "/_sim/activities", "{\"type\":\"x\",\"actor\":\"robot\"}").statusCode()).isEqualTo(400);
    }

    @Test
    void newestFirstWithTiesBrokenByIdUnderAStillClock() {
        simulators.start(WITH_KEY);
        List<String> created = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            directory.createGroup("Same instant " + i);
            created.add(simulator.activities().get(0).id());
        }
        clock.advance(Duration.ofMillis(1));
        directory.createGroup("Later");

        JsonNode page = ok(api.get(FEED, KEY));

        List<String> ids = ids(page);
        assertThat(ids).hasSize(6);
        assertThat(ids.subList(1, 6)).containsExactlyElementsOf(reversed(created));
        assertThat(ids.subList(1, 6)).isSortedAccordingTo(Collections.reverseOrder());
        assertThat(list(page.get("data")).subList(1, 6)).extracting(a -> a.get("created_at").asText())
                .containsOnly("2026-03-02T10:15:30.500000Z");
        assertThat(page.get("data").get(0).get("created_at").asText()).isEqualTo("2026-03-02T10:15:30.501000Z");
    }

    @Test
    void afterIdPagesThroughOlderActivities() {
        simulators.start(WITH_KEY);
        createGroups(25);

        JsonNode first = ok(api.get(FEED + "?limit=10", KEY));
        JsonNode second = ok(api.get(FEED + "?limit=10&after_id=" + first.get("last_id").asText(), KEY));
        JsonNode third = ok(api.get(FEED + "?limit=10&after_id=" + second.get("last_id").asText(), KEY));

        assertThat(ids(first)).hasSize(10);
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(first.get("first_id").asText()).isEqualTo(ids(first).get(0));
        assertThat(first.get("last_id").asText()).isEqualTo(ids(first).get(9));
        assertThat(ids(second)).hasSize(10);
        assertThat(second.get("has_more").asBoolean()).isTrue();
        assertThat(ids(third)).hasSize(5);
        assertThat(third.get("has_more").asBoolean()).isFalse();
        List<String> walked = new ArrayList<>(ids(first));
        walked.addAll(ids(second));
        walked.addAll(ids(third));
        assertThat(walked).containsExactlyElementsOf(simulator.activities().stream().map(Activity::id).toList());
        JsonNode beyond = ok(api.get(FEED + "?after_id=" + third.get("last_id").asText(), KEY));
        assertThat(beyond.get("data")).isEmpty();
        assertThat(beyond.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void beforeIdReturnsTheActivitiesRightAboveItNewestFirst() {
        simulators.start(WITH_KEY);
        createGroups(5);
        String held = ok(api.get(FEED, KEY)).get("first_id").asText();
        createGroups(25);
        List<String> oldestFirst = reversed(simulator.activities().stream().map(Activity::id).toList());
        assertThat(oldestFirst.get(4)).isEqualTo(held);

        JsonNode up1 = ok(api.get(FEED + "?limit=10&before_id=" + held, KEY));
        JsonNode up2 = ok(api.get(FEED + "?limit=10&before_id=" + up1.get("first_id").asText(), KEY));
        JsonNode up3 = ok(api.get(FEED + "?limit=10&before_id=" + up2.get("first_id").asText(), KEY));
        JsonNode top = ok(api.get(FEED + "?limit=10&before_id=" + up3.get("first_id").asText(), KEY));

        assertThat(ids(up1)).containsExactlyElementsOf(reversed(oldestFirst.subList(5, 15)));
        assertThat(up1.get("has_more").asBoolean()).isTrue();
        assertThat(up1.get("first_id").asText()).isEqualTo(oldestFirst.get(14));
        assertThat(up1.get("last_id").asText()).isEqualTo(oldestFirst.get(5));
        assertThat(ids(up2)).containsExactlyElementsOf(reversed(oldestFirst.subList(15, 25)));
        assertThat(up2.get("has_more").asBoolean()).isTrue();
        assertThat(ids(up3)).containsExactlyElementsOf(reversed(oldestFirst.subList(25, 30)));
        assertThat(up3.get("has_more").asBoolean()).isFalse();
        assertThat(top.get("data")).isEmpty();
        assertThat(top.get("has_more").asBoolean()).isFalse();
        assertThat(top.get("first_id").isNull()).isTrue();
    }

    @Test
    void cursorsMustNameAnActivityAndComeAlone() {
        simulators.start(WITH_KEY);
        createGroups(3);
        String known = simulator.activities().get(1).id();

        assertError(api.get(FEED + "?after_id=" + known + "&before_id=" + known, KEY), 400, "invalid_request_error");
        assertError(api.get(FEED + "?after_id=activity_0000000000unknown00000", KEY), 400, "invalid_request_error");
        assertError(api.get(FEED + "?before_id=group_created", KEY), 400, "invalid_request_error");
        assertThat(ids(ok(api.get(FEED + "?after_id=&limit=2", KEY)))).hasSize(2); // empty counts as absent
    }

    @Test
    void createdAtFiltersAreInclusiveOrExclusiveAsNamed() {
        simulators.start(WITH_KEY);
        createGroups(4); // at START, +1 s, +2 s, +3 s
        List<String> newestFirst = simulator.activities().stream().map(Activity::id).toList();
        String t1 = "2026-03-02T10:15:31.5Z";
        String t2 = "2026-03-02T10:15:32.500000Z";

        assertThat(feedIds("created_at.gte=" + t1)).containsExactlyElementsOf(newestFirst.subList(0, 3));
        assertThat(feedIds("created_at.gt=" + t1)).containsExactlyElementsOf(newestFirst.subList(0, 2));
        assertThat(feedIds("created_at.lte=" + t2)).containsExactlyElementsOf(newestFirst.subList(1, 4));
        assertThat(feedIds("created_at.lt=" + t2)).containsExactlyElementsOf(newestFirst.subList(2, 4));
        assertThat(feedIds("created_at.gte=" + t1 + "&created_at.lt=2026-03-02T10:15:33.5Z"))
                .containsExactlyElementsOf(newestFirst.subList(1, 3));
        assertThat(feedIds("created_at.gte=" + encode("2026-03-02T11:15:31.5+01:00")))
                .containsExactlyElementsOf(newestFirst.subList(0, 3));
        for (String bad : List.of("yesterday", "2026-03-02", "2026-03-02T10:15:31", "")) {
            assertError(api.get(FEED + "?created_at.gt=" + encode(bad), KEY), 400, "invalid_request_error");
        }
    }

    @Test
    void typeFilterIsRepeatableAndPagesOverMatchesOnly() {
        simulators.start(WITH_KEY);
        String group = directory.createGroup("Support");
        List<String> users = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            users.add(directory.addMember(group, "support" + i + "@example.com"));
        }
        directory.removeMember(group, users.get(1));
        directory.renameGroup(group, "Customer Support");
        String filter = "activity_types" + encode("[]") + "=group_member_added&activity_types%5B%5D=group_member_removed";

        JsonNode all = ok(api.get(FEED + "?" + filter, KEY));
        JsonNode first = ok(api.get(FEED + "?limit=2&" + filter, KEY));
        JsonNode second = ok(api.get(FEED + "?limit=2&" + filter + "&after_id=" + first.get("last_id").asText(), KEY));

        assertThat(list(all.get("data"))).extracting(a -> a.get("type").asText())
                .containsExactly("group_member_removed", "group_member_added", "group_member_added", "group_member_added");
        assertThat(first.get("has_more").asBoolean()).isTrue();
        assertThat(second.get("has_more").asBoolean()).isFalse();
        assertThat(ids(second)).hasSize(2);
        assertThat(ok(api.get(FEED + "?activity_types%5B%5D=group_deleted", KEY)).get("data")).isEmpty();
        assertThat(ids(ok(api.get(FEED + "?activity_types%5B%5D=", KEY)))).hasSize(6); // an empty value filters nothing
    }

    @Test
    void organizationAndActorFiltersMatchTheirIds() {
        simulators.start(WITH_KEY);
        String direct = directory.createGroup("Direct");
        directory.addMember(direct, "d@example.com");
        directory.createGroup("Synced", "", "scim", List.of());
        ActivityFeed feed = simulator.activityFeed();

        assertThat(types(ok(api.get(FEED + "?actor_ids%5B%5D=" + feed.directoryAdmin().id(), KEY))))
                .containsExactly("group_member_added", "group_created");
        assertThat(types(ok(api.get(FEED + "?actor_ids%5B%5D=" + feed.directorySync().id() + "&actor_ids%5B%5D=user_nobody", KEY))))
                .containsExactly("group_created");
        assertThat(ok(api.get(FEED + "?organization_ids%5B%5D=" + feed.organizationId(), KEY)).get("data")).hasSize(3);
        assertThat(ok(api.get(FEED + "?organization_ids%5B%5D=" + feed.organizationUuid(), KEY)).get("data")).hasSize(3);
        assertThat(ok(api.get(FEED + "?organization_ids%5B%5D=org_someoneelse", KEY)).get("data")).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1001", "-1", "ten", ""})
    void limitOutsideOneToAThousandGets400(String limit) {
        simulators.start(WITH_KEY);

        HttpResponse<String> response = api.get(FEED + "?limit=" + limit, KEY);

        assertError(response, 400, "invalid_request_error");
        assertThat(json(response).at("/error/message").asText()).isEqualTo("The limit parameter must be between 1 and 1000");
    }

    @Test
    void limitDefaultsToAHundredAndAcceptsTheBounds() {
        simulators.start(WITH_KEY);
        for (int i = 0; i < 150; i++) {
            directory.createGroup("G" + i);
        }

        JsonNode byDefault = ok(api.get(FEED, KEY));
        assertThat(byDefault.get("data")).hasSize(100);
        assertThat(byDefault.get("has_more").asBoolean()).isTrue();
        assertThat(ok(api.get(FEED + "?limit=1", KEY)).get("data")).hasSize(1);
        JsonNode everything = ok(api.get(FEED + "?limit=1000", KEY));
        assertThat(everything.get("data")).hasSize(150);
        assertThat(everything.get("has_more").asBoolean()).isFalse();
    }

    @Test
    void theFeedNeedsItsOwnScopeAndAKeyWithoutItStillReadsGroups() {
        simulators.start(b -> b
                .apiKey("groups-only", Set.of(ComplianceApiSimulator.SCOPE_ORG_DATA, ComplianceApiSimulator.SCOPE_USER_DATA))
                .apiKey("feed-only", Set.of(ComplianceApiSimulator.SCOPE_ACTIVITIES))
                .apiKey("everything"));
        String group = directory.createGroup("Finance");
        String members = "/v1/compliance/groups/" + group + "/members";

        HttpResponse<String> refused = api.get(FEED, "groups-only");
        assertError(refused, 403, "permission_error");
        assertThat(json(refused).at("/error/message").asText()).contains("read:compliance_activities");
        assertThat(api.get("/v1/compliance/groups", "groups-only").statusCode()).isEqualTo(200);
        assertThat(api.get(members, "groups-only").statusCode()).isEqualTo(200);

        assertThat(api.get(FEED, "feed-only").statusCode()).isEqualTo(200);
        assertError(api.get("/v1/compliance/groups", "feed-only"), 403, "permission_error");

        for (String path : List.of(FEED, "/v1/compliance/groups", "/v1/compliance/groups/" + group, members)) {
            assertThat(api.get(path, "everything").statusCode()).as(path).isEqualTo(200);
        }
        assertError(api.get(FEED, null), 401, "authentication_error");
        assertThat(simulator.requestLog().count(Endpoint.LIST_ACTIVITIES)).isEqualTo(4);
    }

    @Test
    void visibilityDelayHidesThenShowsAnActivityWithItsOriginalTime() {
        simulators.start(b -> b.apiKey(KEY).activityVisibilityDelay(Duration.ofSeconds(60)));
        String a = directory.createGroup("A");
        clock.advance(Duration.ofSeconds(30));
        String b = directory.createGroup("B");

        assertThat(ok(api.get(FEED, KEY)).get("data")).isEmpty();
        assertThat(simulator.activities()).extracting(Activity::groupId).containsExactly(b, a);
        clock.advance(Duration.ofMillis(29_999));
        assertThat(ok(api.get(FEED, KEY)).get("data")).isEmpty();

        clock.advance(Duration.ofMillis(1)); // START + 60 s: A is due
        JsonNode firstPoll = ok(api.get(FEED, KEY));
        assertThat(list(firstPoll.get("data"))).extracting(x -> x.get("group_id").asText()).containsExactly(a);
        assertThat(firstPoll.get("data").get(0).get("created_at").asText()).isEqualTo("2026-03-02T10:15:30.500000Z");

        clock.advance(Duration.ofSeconds(30)); // B is due, though it happened before the first poll
        JsonNode newer = ok(api.get(FEED + "?before_id=" + firstPoll.get("first_id").asText(), KEY));
        assertThat(list(newer.get("data"))).extracting(x -> x.get("group_id").asText()).containsExactly(b);
        assertThat(newer.get("data").get(0).get("created_at").asText()).isEqualTo("2026-03-02T10:16:00.500000Z");
        // A follower that asked for "created since my last poll" would have missed B.
        assertThat(ok(api.get(FEED + "?created_at.gte=2026-03-02T10:16:30.5Z", KEY)).get("data")).isEmpty();
    }

    @Test
    void noiseIsInterleavedFilterableAndReproducibleFromTheSeed() {
        simulators.start(b -> b.apiKey(KEY).activityNoise(true));
        List<Activity> backlog = simulator.activities();
        assertThat(backlog).isNotEmpty().allSatisfy(activity -> {
            assertThat(ActivityNoise.TYPES).contains(activity.type());
            assertThat(activity.createdAt()).isBetween(START.minus(Duration.ofMinutes(10)), START);
            assertThat(activity.actor().type()).isIn(Actor.USER_ACTOR, Actor.API_ACTOR);
        });
        String group = runNoisyScript(simulator);

        JsonNode everything = ok(api.get(FEED + "?limit=1000", KEY));
        List<String> types = types(everything);
        int created = types.indexOf("group_created");
        assertThat(types.subList(0, created)).containsAnyElementsOf(ActivityNoise.TYPES);
        assertThat(types.subList(created + 1, types.size())).containsAnyElementsOf(ActivityNoise.TYPES);
        assertThat(types).containsAll(ActivityNoise.TYPES);
        JsonNode groupsOnly = ok(api.get(FEED + "?activity_types%5B%5D=group_created&activity_types%5B%5D=group_member_added", KEY));
        assertThat(types(groupsOnly)).containsExactly("group_member_added", "group_created");
        assertThat(groupsOnly.get("data").get(1).get("group_id").asText()).isEqualTo(group);

        List<String> run = describe(simulator.activities());
        clock.set(START);
        ComplianceApiSimulator twin = simulators.start(b -> b.apiKey(KEY).activityNoise(true));
        runNoisyScript(twin);
        assertThat(describe(twin.activities())).isEqualTo(run);
        clock.set(START);
        ComplianceApiSimulator other = simulators.start(b -> b.seed(6).activityNoise(true));
        runNoisyScript(other);
        assertThat(describe(other.activities())).isNotEqualTo(run);
    }

    @Test
    void genericFaultsApplyToTheFeedAndTokenFaultsAreRefused() {
        simulators.start(WITH_KEY);
        createGroups(3);
        FaultInjector faults = simulator.faults();
        faults.inject(Endpoint.LIST_ACTIVITIES, Fault.status(503, "overloaded_error").withHeader("x-should-retry", "true"), 1);
        faults.inject(Endpoint.LIST_ACTIVITIES, Fault.rateLimited(4), 1);
        faults.inject(Endpoint.LIST_ACTIVITIES, Fault.extraFields(), 1);
        faults.inject(Endpoint.LIST_ACTIVITIES, Fault.nullTimestampsAndRoles(), 1);
        faults.inject(Endpoint.LIST_ACTIVITIES, Fault.truncatedBody(), 1);

        HttpResponse<String> overloaded = api.get(FEED, KEY);
        assertError(overloaded, 503, "overloaded_error");
        assertThat(overloaded.headers().firstValue("x-should-retry")).contains("true");
        HttpResponse<String> limited = api.get(FEED, KEY);
        assertError(limited, 429, "rate_limit_error");
        assertThat(limited.headers().firstValue("retry-after")).contains("4");
        JsonNode extra = ok(api.get(FEED, KEY));
        List<JsonNode> objects = new ArrayList<>(List.of(extra));
        extra.get("data").forEach(activity -> {
            objects.add(activity);
            objects.add(activity.get("actor"));
        });
        assertThat(objects).hasSize(7).allSatisfy(object -> assertThat(fieldNames(object)).contains("x_sim_string", "x_sim_object"));
        assertThat(ok(api.get(FEED, KEY)).get("data")).hasSize(3).allSatisfy(a -> assertThat(a.get("created_at").isNull()).isTrue());
        HttpResponse<String> truncated = api.get(FEED, KEY);
        HttpResponse<String> whole = api.get(FEED, KEY);
        assertThat(truncated.statusCode()).isEqualTo(200);
        assertThat(whole.body()).startsWith(truncated.body()).hasSize(truncated.body().length() * 2 + whole.body().length() % 2);

        for (Fault tokenFault : List.of(Fault.hasMoreWithoutToken(), Fault.repeatedToken(), Fault.expiredToken())) {
            assertThatThrownBy(() -> faults.inject(Endpoint.LIST_ACTIVITIES, tokenFault, 1))
                    .isInstanceOf(IllegalArgumentException.class);
        }
    }

    @Test
    void theFeedSpendsTheSharedRateBudget() {
        simulators.start(b -> b.apiKey(KEY).rateLimitPerMinute(2));

        assertThat(api.get("/v1/compliance/groups", KEY).statusCode()).isEqualTo(200);
        HttpResponse<String> feed = api.get(FEED, KEY);
        assertThat(feed.statusCode()).isEqualTo(200);
        assertThat(feed.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("0");
        assertError(api.get(FEED, KEY), 429, "rate_limit_error");
    }

    @Test
    void recordActivityAddsAnyTypeAndRefusesTheCommonFieldsAsDetails() {
        simulators.start(WITH_KEY);
        ActivityFeed feed = simulator.activityFeed();

        Activity resync = simulator.recordActivity("org_directory_resync_started", feed.directorySync(), Map.of());
        Activity custom = simulator.recordActivity("scim_user_created", feed.directorySync(), Map.of("user_id", "user_x"));

        assertThat(types(ok(api.get(FEED, KEY)))).containsExactly("scim_user_created", "org_directory_resync_started");
        assertThat(custom.userId()).isEqualTo("user_x");
        assertThat(resync.createdAt()).isEqualTo(START);
        for (String common : COMMON_FIELDS) {
            assertThatThrownBy(() -> simulator.recordActivity("x", feed.directoryAdmin(), Map.of(common, "y")))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(feed.directoryAdmin().fields()).containsKey("email_address");
        assertThat(feed.directoryAdmin().toString()).doesNotContain("@");
        assertThat(simulator.activities().get(0).toString()).doesNotContain("@");
    }

    // ---- helpers -------------------------------------------------------------------------------

    /** Creates {@code count} groups one second apart (the clock ends one second past the last). */
    private void createGroups(int count) {
        for (int i = 0; i < count; i++) {
            directory.createGroup("Group " + i);
            tick();
        }
    }

    private void tick() {
        clock.advance(Duration.ofSeconds(1));
    }

    /** Two directory changes with noise around them; returns the group's id. */
    private String runNoisyScript(ComplianceApiSimulator sim) {
        clock.advance(Duration.ofMinutes(2));
        String group = sim.directory().createGroup("Noisy");
        clock.advance(Duration.ofMinutes(2));
        sim.directory().addMember(group, "quiet@example.com");
        clock.advance(Duration.ofMinutes(2));
        return group;
    }

    private static List<String> describe(List<Activity> activities) {
        return activities.stream().map(a -> a.id() + " " + a.type() + " " + a.createdAt() + " " + a.actor().id()
                + " " + a.details()).toList();
    }

    private List<String> feedIds(String query) {
        return ids(ok(api.get(FEED + "?" + query, KEY)));
    }

    private static List<String> types(JsonNode page) {
        return list(page.get("data")).stream().map(a -> a.get("type").asText()).toList();
    }

    private static void assertActivity(JsonNode activity, String type, Instant createdAt, String groupId,
            String actorType, String... specificFields) {
        List<String> expected = new ArrayList<>(COMMON_FIELDS);
        expected.addAll(List.of(specificFields));
        assertThat(fieldNames(activity)).as(type).containsExactlyElementsOf(expected);
        assertThat(activity.get("type").asText()).isEqualTo(type);
        assertThat(activity.get("created_at").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}Z");
        assertThat(Instant.parse(activity.get("created_at").asText())).isEqualTo(createdAt);
        assertThat(activity.at("/actor/type").asText()).isEqualTo(actorType);
        if (groupId != null) {
            assertThat(activity.get("group_id").asText()).isEqualTo(groupId);
        }
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new ArrayList<>();
        array.forEach(items::add);
        return items;
    }

    private static <T> List<T> reversed(List<T> list) {
        List<T> copy = new ArrayList<>(list);
        Collections.reverse(copy);
        return copy;
    }
}
