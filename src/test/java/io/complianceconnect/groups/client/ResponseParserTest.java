package io.complianceconnect.groups.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.entry;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser(new ObjectMapper());
    private final MalformedRows problems = new MalformedRows();

    private static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAPageOfGroupsWithEveryDocumentedField() throws Exception {
        Page<Group> page = parser.groupsPage(json("{'data':[{'id':'rbac_group_1','name':'Legal','description':'The legal team',"
                + "'source_type':'scim','created_at':'2024-05-01T12:34:56Z','updated_at':'2024-05-02T01:02:03.5+02:00',"
                + "'roles':['role_a','role_b']}],'has_more':true,'next_page':'tok-2'}"), problems);

        assertThat(page.nextPage()).isEqualTo("tok-2");
        assertThat(page.items()).containsExactly(new Group("rbac_group_1", "Legal", "The legal team", "scim",
                Instant.parse("2024-05-01T12:34:56Z"), Instant.parse("2024-05-01T23:02:03.5Z"),
                List.of("role_a", "role_b"), null));
    }

    @Test
    void nullAndAbsentOptionalFieldsBecomeNull() throws Exception {
        Page<Group> page = parser.groupsPage(json("{'data':[{'id':'g1','name':'A','description':null,'created_at':null,"
                + "'updated_at':null,'roles':null},{'id':'g2','name':'B'}],'has_more':false,'next_page':null}"), problems);

        for (Group g : page.items()) {
            assertThat(g.description()).isNull();
            assertThat(g.sourceType()).isNull();
            assertThat(g.createdAt()).isNull();
            assertThat(g.updatedAt()).isNull();
            assertThat(g.roles()).isNull();
            assertThat(g.extra()).isEmpty();
        }
        assertThat(page.isLast()).isTrue();
    }

    @Test
    void unknownFieldsAreKeptAsCompactJsonText() throws Exception {
        Group g = parser.group(json("{'id':'g1','name':'A','tier':'gold','seats':12,'flags':{ 'a' : [1, true, null] },"
                + "'note':'say \\'hi\\'\\n','nothing':null}"), "g1", problems);

        assertThat(g.extra()).containsOnly(
                java.util.Map.entry("tier", "'gold'".replace('\'', '"')),
                java.util.Map.entry("seats", "12"),
                java.util.Map.entry("flags", "{'a':[1,true,null]}".replace('\'', '"')),
                java.util.Map.entry("note", "'say \\'hi\\'\\n'".replace('\'', '"')),
                java.util.Map.entry("nothing", "null"));
        assertThat(new ObjectMapper().readTree(g.extra().get("note")).textValue()).isEqualTo("say \"hi\"\n");
    }

    @Test
    void unknownNumbersKeepTheirExactText() throws Exception {
        // Copying a number through double would round the second and turn the first into the string "Infinity".
        Group g = parser.group(json("{'id':'g1','name':'A','big':1.0e400,'precise':0.1000000000000000000000001,"
                + "'nested':{'x':[1.50,2E2,-0.0,123456789012345678901234567890]}}"), "g1", problems);

        assertThat(g.extra()).containsOnly(
                java.util.Map.entry("big", "1.0e400"),
                java.util.Map.entry("precise", "0.1000000000000000000000001"),
                java.util.Map.entry("nested", "{'x':[1.50,2E2,-0.0,123456789012345678901234567890]}".replace('\'', '"')));
    }

    @Test
    void membersCarryTheGroupIdOfTheRequestAndTheirExtras() throws Exception {
        Page<GroupMember> page = parser.membersPage(json("{'data':[{'user_id':'user_1','email':'a@example.com',"
                + "'created_at':'2024-01-01T00:00:00Z','updated_at':null,'role':'owner'}],'has_more':false}"), "rbac_group_9", problems);

        GroupMember m = page.items().get(0);
        assertThat(m.groupId()).isEqualTo("rbac_group_9");
        assertThat(m.userId()).isEqualTo("user_1");
        assertThat(m.email()).isEqualTo("a@example.com");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(m.updatedAt()).isNull();
        assertThat(m.extra()).containsEntry("role", "\"owner\"");
    }

    /** One odd row must not stop the replica: it is skipped (no usable id) or kept (no name), and counted. */
    @Test
    void aRowWithoutAUsableIdIsSkippedAndCountedAndOneWithoutANameIsKept() throws Exception {
        Page<Group> groups = parser.groupsPage(json("{'data':[{'name':'A'},{'id':'','name':'B'},{'id':7,'name':'C'},"
                + "42,{'id':'g2','name':'D'}],'has_more':false}"), problems);
        assertThat(groups.items()).extracting(Group::id).containsExactly("g2");
        assertThat(groups.skippedRows()).isEqualTo(4);

        Page<Group> nullName = parser.groupsPage(json("{'data':[{'id':'g1','name':null}],'has_more':false}"), problems);
        assertThat(nullName.items()).singleElement().satisfies(g -> {
            assertThat(g.id()).isEqualTo("g1");
            assertThat(g.name()).isNull();
        });
        assertThat(nullName.skippedRows()).isZero();

        Page<GroupMember> members = parser.membersPage(json("{'data':[{'email':'secret@example.com'},"
                + "{'user_id':'u1','email':'b@example.com'}]}"), "g", problems);
        assertThat(members.items()).extracting(GroupMember::userId).containsExactly("u1");
        assertThat(members.skippedRows()).isEqualTo(1);

        assertThat(problems.list()).containsExactly(skipped(), skipped(), skipped(), skipped(),
                new MalformedRow(MalformedRow.Kind.MISSING_REQUIRED_FIELD, "name"), skipped());
        assertThatThrownBy(() -> parser.groupsPage(json("{'has_more':false}"), problems)).hasMessageContaining("data");
    }

    @Test
    void aFetchedGroupWithoutAnIdTakesTheRequestedOne() throws Exception {
        Group g = parser.group(json("{'name':'A'}"), "rbac_group_asked", problems);

        assertThat(g.id()).isEqualTo("rbac_group_asked");
        assertThat(g.name()).isEqualTo("A");
        assertThat(problems.list()).containsExactly(new MalformedRow(MalformedRow.Kind.MISSING_REQUIRED_FIELD, "id"));
    }

    @Test
    void aFieldOfTheWrongTypeIsNullWithItsRawValueInExtra() throws Exception {
        GroupMember m = parser.membersPage(json("{'data':[{'user_id':'u','email':42}]}"), "g", problems).items().get(0);
        assertThat(m.email()).isNull();
        assertThat(m.extra()).containsExactly(entry("email", "42"));

        Group g = parser.groupsPage(json("{'data':[{'id':'g','name':{'first':'n'},'roles':['a',1],"
                + "'created_at':'yesterday','updated_at':'2024-03-01T10:00:00','tier':'gold'}]}"), problems)
                .items().get(0);
        assertThat(g.name()).isNull();
        assertThat(g.roles()).isNull();
        assertThat(g.createdAt()).isNull();
        assertThat(g.updatedAt()).as("a timestamp without an offset").isNull();
        assertThat(g.extra()).containsOnly(entry("name", "{\"first\":\"n\"}"), entry("roles", "[\"a\",1]"),
                entry("created_at", "\"yesterday\""), entry("updated_at", "\"2024-03-01T10:00:00\""),
                entry("tier", "\"gold\""));

        assertThat(problems.list()).containsExactly(wrongType("email"), wrongType("name"), wrongType("roles"),
                new MalformedRow(MalformedRow.Kind.BAD_TIMESTAMP, "created_at"),
                new MalformedRow(MalformedRow.Kind.BAD_TIMESTAMP, "updated_at"));
    }

    /** A year no timestamp field can hold is a malformed value like any other, not a failure of the task. */
    @Test
    void aTimestampWithAYearBeyondWhatADateHoldsIsNullWithItsRawValueInExtra() throws Exception {
        Group g = parser.groupsPage(json("{'data':[{'id':'g','name':'n','created_at':'+999999999-12-31T23:59:59Z',"
                + "'updated_at':'2024-03-01T10:00:00Z'}]}"), problems).items().get(0);
        GroupMember m = parser.membersPage(json("{'data':[{'user_id':'u','email':'a@b.c',"
                + "'updated_at':'-290000000-01-01T00:00:00Z'}]}"), "g", problems).items().get(0);

        assertThat(g.createdAt()).isNull();
        assertThat(g.updatedAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
        assertThat(g.extra()).containsOnly(entry("created_at", "\"+999999999-12-31T23:59:59Z\""));
        assertThat(m.updatedAt()).isNull();
        assertThat(m.extra()).containsOnly(entry("updated_at", "\"-290000000-01-01T00:00:00Z\""));
        assertThat(problems.list()).containsExactly(new MalformedRow(MalformedRow.Kind.BAD_TIMESTAMP, "created_at"),
                new MalformedRow(MalformedRow.Kind.BAD_TIMESTAMP, "updated_at"));
    }

    /** The page's own shape is what the listing depends on: that still refuses the page, to be retried. */
    @Test
    void aPageWhoseOwnFieldsDoNotFitIsRefusedWithoutQuotingTheBody() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':{},'has_more':false}"), problems)).hasMessageContaining("data");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':'yes'}"), problems)).hasMessageContaining("has_more");
        assertThatThrownBy(() -> parser.groupsPage(json("[1,2]"), problems)).hasMessageContaining("not a JSON object");
        assertThatThrownBy(() -> parser.membersPage(json("{'data':[{'user_id':'u','email':'x@secret.example'}],"
                + "'next_page':7}"), "g", problems))
                .hasMessageContaining("next_page").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void anActivityThatCannotBeUsedIsSkippedAndCounted() throws Exception {
        ActivityPage page = parser.activitiesPage(json("{'data':["
                + "{'id':'a1','type':'group_member_added','group_id':'','member_ids':['u1']},"
                + "{'id':'a2','type':'scim_user_updated'},"
                + "{'type':'group_created','group_id':'g1'},"
                + "'junk',"
                + "{'id':'a3','type':'group_updated','group_id':'g2','created_at':'2024-03-01 10:00'},"
                + "{'id':'a4','type':'org_directory_resync_completed','created_at':'2024-03-01T10:00:00Z'}],"
                + "'has_more':false,'first_id':'a1','last_id':'a4'}"), problems);

        assertThat(page.items()).extracting(Activity::id).containsExactly("a3", "a4");
        assertThat(page.items().get(0).groupId()).isEqualTo("g2");
        assertThat(page.items().get(0).createdAt()).isNull();
        assertThat(page.lastId()).isEqualTo("a4");
        MalformedRow skipped = new MalformedRow(MalformedRow.Kind.SKIPPED_ACTIVITY, null);
        assertThat(problems.list()).containsExactly(skipped, skipped, skipped, skipped,
                new MalformedRow(MalformedRow.Kind.BAD_TIMESTAMP, "created_at"));
    }

    /**
     * What the follower needs of the types besides group_*: the group a role was assigned to, the user who left
     * the organisation, and the one member_id of entries older than revision G.
     */
    @Test
    void rolesOfGroupsLeavingUsersAndOldSingleMemberIdsNameTheirGroupOrUser() throws Exception {
        ActivityPage page = parser.activitiesPage(json("{'data':["
                + "{'id':'a1','type':'rbac_role_assigned','role_id':'r1','principal_type':'group','principal_id':'g1'},"
                + "{'id':'a2','type':'rbac_role_unassigned','role_id':'r1','principal_type':'user','principal_id':'u9'},"
                + "{'id':'a3','type':'org_user_deleted','deleted_user_id':'u1'},"
                + "{'id':'a4','type':'org_user_left','actor':{'type':'user_actor','user_id':'u2'}},"
                + "{'id':'a5','type':'group_member_added','group_id':'g2','member_id':'u3'},"
                + "{'id':'a6','type':'group_member_removal_failed','group_id':'g3','member_ids':['u4','u5']},"
                + "{'id':'a7','type':'rbac_role_deleted','role_id':'r2'}],"
                + "'has_more':false}"), problems);

        assertThat(page.items()).extracting(Activity::id).containsExactly("a1", "a2", "a3", "a4", "a5", "a6", "a7");
        assertThat(page.items().get(0).groupId()).as("a role of a group").isEqualTo("g1");
        assertThat(page.items().get(1).groupId()).as("a role of a user: no group").isNull();
        assertThat(page.items().get(2).userId()).isEqualTo("u1");
        assertThat(page.items().get(3).userId()).as("the user who left is the actor").isEqualTo("u2");
        assertThat(page.items().get(4).memberIds()).containsExactly("u3");
        assertThat(page.items().get(5).memberIds()).containsExactly("u4", "u5");
        assertThat(problems.isEmpty()).isTrue();
    }

    @Test
    void aLeavingUserWithoutAnyUserIdIsSkippedAndCounted() throws Exception {
        ActivityPage page = parser.activitiesPage(json("{'data':[{'id':'a1','type':'org_user_deleted'},"
                + "{'id':'a2','type':'org_user_left','actor':{'type':'api_actor'}}],'has_more':false}"), problems);

        assertThat(page.items()).isEmpty();
        MalformedRow skipped = new MalformedRow(MalformedRow.Kind.SKIPPED_ACTIVITY, null);
        assertThat(problems.list()).containsExactly(skipped, skipped);
    }

    private static MalformedRow skipped() {
        return new MalformedRow(MalformedRow.Kind.SKIPPED_WITHOUT_ID, null);
    }

    private static MalformedRow wrongType(String field) {
        return new MalformedRow(MalformedRow.Kind.WRONG_TYPE, field);
    }

    @Test
    void hasMoreWithoutANextPageIsAProtocolViolation() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':true,'next_page':null}"), problems))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("has_more is true but next_page is null")
                .satisfies(e -> assertThat(((MalformedResponseException) e).truncated()).isFalse());
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':true}"), problems))
                .hasMessageContaining("has_more");
    }

    @Test
    void theListingStopsWhenEitherFieldSaysSo() throws Exception {
        assertThat(parser.groupsPage(json("{'data':[],'has_more':false,'next_page':'stale'}"), problems).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'next_page':null}"), problems).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'has_more':false,'next_page':''}"), problems).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'next_page':'t'}"), problems).nextPage()).isEqualTo("t");
    }

    @Test
    void aTruncatedBodyIsMarkedAsTruncated() {
        String full = "{'data':[{'user_id':'user_1','email':'a@example.com'}],'has_more':false}";
        for (int cut = 0; cut < full.length() - 1; cut++) {
            String half = full.substring(0, cut);
            assertThatThrownBy(() -> parser.membersPage(json(half), "g", problems))
                    .as("cut at %d", half.length())
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.truncated()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("example.com"));
        }
    }

    @Test
    void invalidJsonIsNotMistakenForTruncation() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[}"), problems))
                .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.truncated()).isFalse());
    }

    @Test
    void errorBodiesYieldTypeAndMessageAndNeverFail() {
        assertThat(parser.error(json("{'error':{'type':'permission_error','message':'needs read:compliance_user_data'}}")))
                .isEqualTo(new ResponseParser.ErrorBody("permission_error", "needs read:compliance_user_data"));
        assertThat(parser.error(json("<html>bad gateway</html>"))).isEqualTo(ResponseParser.ErrorBody.NONE);
        assertThat(parser.error(new byte[0])).isEqualTo(ResponseParser.ErrorBody.NONE);
        assertThat(parser.error(json("{'error':'x'}"))).isEqualTo(ResponseParser.ErrorBody.NONE);
    }

    @Test
    void aThousandMemberPageParsesCompletely() throws Exception {
        StringBuilder body = new StringBuilder("{\"data\":[");
        for (int i = 0; i < 1000; i++) {
            body.append(i == 0 ? "" : ",").append("{\"user_id\":\"user_").append(i).append("\",\"email\":\"u").append(i)
                    .append("@example.com\",\"created_at\":\"2024-03-0").append(1 + i % 9)
                    .append("T10:00:00.123456Z\",\"updated_at\":\"2024-03-10T10:00:00+01:00\"}");
        }
        body.append("],\"has_more\":true,\"next_page\":\"n\"}");

        Page<GroupMember> page = parser.membersPage(body.toString().getBytes(StandardCharsets.UTF_8), "g", problems);

        assertThat(page.items()).hasSize(1000);
        assertThat(page.items().get(999).userId()).isEqualTo("user_999");
        assertThat(page.items().get(999).createdAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456Z"));
        assertThat(page.items().get(999).updatedAt()).isEqualTo(Instant.parse("2024-03-10T09:00:00Z"));
    }
}
