package io.complianceconnect.groups.client;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ResponseParserTest {

    private final ResponseParser parser = new ResponseParser(new ObjectMapper());

    private static byte[] json(String text) {
        return text.replace('\'', '"').getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void readsAPageOfGroupsWithEveryDocumentedField() throws Exception {
        Page<Group> page = parser.groupsPage(json("{'data':[{'id':'rbac_group_1','name':'Legal','description':'The legal team',"
                + "'source_type':'scim','created_at':'2024-05-01T12:34:56Z','updated_at':'2024-05-02T01:02:03.5+02:00',"
                + "'roles':['role_a','role_b']}],'has_more':true,'next_page':'tok-2'}"));

        assertThat(page.nextPage()).isEqualTo("tok-2");
        assertThat(page.items()).containsExactly(new Group("rbac_group_1", "Legal", "The legal team", "scim",
                Instant.parse("2024-05-01T12:34:56Z"), Instant.parse("2024-05-01T23:02:03.5Z"),
                List.of("role_a", "role_b"), null));
    }

    @Test
    void nullAndAbsentOptionalFieldsBecomeNull() throws Exception {
        Page<Group> page = parser.groupsPage(json("{'data':[{'id':'g1','name':'A','description':null,'created_at':null,"
                + "'updated_at':null,'roles':null},{'id':'g2','name':'B'}],'has_more':false,'next_page':null}"));

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
                + "'note':'say \\'hi\\'\\n','nothing':null}"));

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
                + "'nested':{'x':[1.50,2E2,-0.0,123456789012345678901234567890]}}"));

        assertThat(g.extra()).containsOnly(
                java.util.Map.entry("big", "1.0e400"),
                java.util.Map.entry("precise", "0.1000000000000000000000001"),
                java.util.Map.entry("nested", "{'x':[1.50,2E2,-0.0,123456789012345678901234567890]}".replace('\'', '"')));
    }

    @Test
    void membersCarryTheGroupIdOfTheRequestAndTheirExtras() throws Exception {
        Page<GroupMember> page = parser.membersPage(json("{'data':[{'user_id':'user_1','email':'a@example.com',"
                + "'created_at':'2024-01-01T00:00:00Z','updated_at':null,'role':'owner'}],'has_more':false}"), "rbac_group_9");

        GroupMember m = page.items().get(0);
        assertThat(m.groupId()).isEqualTo("rbac_group_9");
        assertThat(m.userId()).isEqualTo("user_1");
        assertThat(m.email()).isEqualTo("a@example.com");
        assertThat(m.createdAt()).isEqualTo(Instant.parse("2024-01-01T00:00:00Z"));
        assertThat(m.updatedAt()).isNull();
        assertThat(m.extra()).containsEntry("role", "\"owner\"");
    }

    @Test
    void missingRequiredFieldsAreNamed() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[{'name':'A'}],'has_more':false}")))
                .isInstanceOf(MalformedResponseException.class).hasMessageContaining("id");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[{'id':'g1','name':null}],'has_more':false}")))
                .hasMessageContaining("name").hasMessageContaining("g1");
        assertThatThrownBy(() -> parser.membersPage(json("{'data':[{'email':'secret@example.com'}]}"), "g"))
                .hasMessageContaining("user_id").satisfies(e -> assertThat(e.getMessage()).doesNotContain("secret"));
        assertThatThrownBy(() -> parser.groupsPage(json("{'has_more':false}"))).hasMessageContaining("data");
    }

    @Test
    void wrongTypesAreRefusedWithoutQuotingTheBody() {
        assertThatThrownBy(() -> parser.membersPage(json("{'data':[{'user_id':'u','email':42}]}"), "g"))
                .hasMessageContaining("email");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[{'id':'g','name':'n','roles':['a',1]}]}")))
                .hasMessageContaining("roles");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[{'id':'g','name':'n','created_at':'yesterday'}]}")))
                .hasMessageContaining("created_at");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':{},'has_more':false}"))).hasMessageContaining("data");
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':'yes'}"))).hasMessageContaining("has_more");
        assertThatThrownBy(() -> parser.groupsPage(json("[1,2]"))).hasMessageContaining("not a JSON object");
    }

    @Test
    void hasMoreWithoutANextPageIsAProtocolViolation() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':true,'next_page':null}")))
                .isInstanceOf(MalformedResponseException.class)
                .hasMessageContaining("has_more is true but next_page is null")
                .satisfies(e -> assertThat(((MalformedResponseException) e).truncated()).isFalse());
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[],'has_more':true}")))
                .hasMessageContaining("has_more");
    }

    @Test
    void theListingStopsWhenEitherFieldSaysSo() throws Exception {
        assertThat(parser.groupsPage(json("{'data':[],'has_more':false,'next_page':'stale'}")).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'next_page':null}")).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'has_more':false,'next_page':''}")).nextPage()).isNull();
        assertThat(parser.groupsPage(json("{'data':[],'next_page':'t'}")).nextPage()).isEqualTo("t");
    }

    @Test
    void aTruncatedBodyIsMarkedAsTruncated() {
        String full = "{'data':[{'user_id':'user_1','email':'a@example.com'}],'has_more':false}";
        for (int cut = 0; cut < full.length() - 1; cut++) {
            String half = full.substring(0, cut);
            assertThatThrownBy(() -> parser.membersPage(json(half), "g"))
                    .as("cut at %d", half.length())
                    .isInstanceOfSatisfying(MalformedResponseException.class, e -> assertThat(e.truncated()).isTrue())
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("example.com"));
        }
    }

    @Test
    void invalidJsonIsNotMistakenForTruncation() {
        assertThatThrownBy(() -> parser.groupsPage(json("{'data':[}")))
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

        Page<GroupMember> page = parser.membersPage(body.toString().getBytes(StandardCharsets.UTF_8), "g");

        assertThat(page.items()).hasSize(1000);
        assertThat(page.items().get(999).userId()).isEqualTo("user_999");
        assertThat(page.items().get(999).createdAt()).isEqualTo(Instant.parse("2024-03-01T10:00:00.123456Z"));
        assertThat(page.items().get(999).updatedAt()).isEqualTo(Instant.parse("2024-03-10T09:00:00Z"));
    }
}
