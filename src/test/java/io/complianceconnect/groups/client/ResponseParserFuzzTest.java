package io.complianceconnect.groups.client;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.RawValue;
import com.sun.net.httpserver.HttpServer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;
import net.jqwik.api.statistics.StatisticsReport;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fuzzes the response parser with valid pages that have been damaged (cut short, values of the wrong
 * type, fields dropped or repeated, stray bytes and unicode, huge numbers, deep nesting) and with
 * arbitrary bytes. Whatever the body, the parser returns a page or reports a
 * {@link MalformedResponseException} (which the client turns into a {@link ProtocolException}); it never
 * fails any other way and never quotes the body, which holds members' emails. Damage inside rows never
 * refuses the page: a row is kept with the field null and its raw value in {@code extra}, or skipped
 * when it has no usable id, and counted. Unknown fields come out of the parser exactly as they went in.
 */
class ResponseParserFuzzTest {

    /** Every email the generators put into bodies ends with this; no error message may contain it. */
    private static final String EMAIL_DOMAIN = "@members.example.com";
    private static final Set<String> GROUP_FIELDS =
            Set.of("id", "name", "description", "source_type", "created_at", "updated_at", "roles");
    private static final Set<String> MEMBER_FIELDS = Set.of("user_id", "email", "created_at", "updated_at");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** Reads numbers without rounding, so that trees compare by exact value. */
    private static final ObjectMapper EXACT = new ObjectMapper()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS);
    /** Numbers a double cannot hold exactly, or at all. */
    private static final String[] HUGE_NUMBERS = {
        "1.0e400", "-1e-400", "123456789012345678901234567890123456789", "9223372036854775808",
        "0.1000000000000000000000000001", "-0.0", "1E+2", "4.9e-324", "1" + "0".repeat(900)};
    /** Longer than Jackson reads at all (1,000 characters): the parser must refuse it as malformed. */
    private static final String TOO_LONG_NUMBER = "9".repeat(1200);

    private final ResponseParser parser = new ResponseParser(MAPPER);
    /** What a GET asked for: a fetched group without a usable id takes it. */
    private static final String REQUESTED_ID = "rbac_group_requested";

    private static HttpServer server;
    private static final AtomicReference<byte[]> served = new AtomicReference<>(new byte[0]);

    // ---- the parser alone --------------------------------------------------------------------

    @Property(tries = 1500)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void damagedGroupPagesParseOrAreRefusedAsMalformed(@ForAll("damagedGroupPages") byte[] body) {
        MalformedRows problems = new MalformedRows();
        try {
            Page<Group> page = parser.groupsPage(body, problems);
            assertThat(page.items()).allSatisfy(g -> assertThat(g.id()).isNotBlank());
            assertThat(page.skippedRows()).isEqualTo(problems.skipped());
            if (!page.isLast()) {
                assertThat(page.nextPage()).isNotEmpty();
            }
            Statistics.collect(problems.isEmpty() ? "parsed" : "parsed with malformed rows");
        } catch (MalformedResponseException e) {
            assertQuotesNoBody(e);
            Statistics.collect(e.truncated() ? "truncated" : "malformed");
        }
        // Every outcome must be common, or the damage is too mild or too blunt to test anything.
        Statistics.coverage(coverage -> {
            coverage.check("parsed").percentage(p -> p > 5);
            coverage.check("parsed with malformed rows").percentage(p -> p > 10);
            coverage.check("malformed").percentage(p -> p > 20);
            coverage.check("truncated").percentage(p -> p > 5);
        });
    }

    @Property(tries = 1500)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void damagedMemberPagesParseOrAreRefusedAsMalformed(@ForAll("damagedMemberPages") byte[] body) {
        MalformedRows problems = new MalformedRows();
        try {
            Page<GroupMember> page = parser.membersPage(body, "rbac_group_fuzz", problems);
            assertThat(page.items()).allSatisfy(m -> {
                assertThat(m.groupId()).isEqualTo("rbac_group_fuzz");
                assertThat(m.userId()).isNotBlank();
            });
            assertThat(page.skippedRows()).isEqualTo(problems.skipped());
            Statistics.collect(problems.isEmpty() ? "parsed" : "parsed with malformed rows");
        } catch (MalformedResponseException e) {
            assertQuotesNoBody(e);
            Statistics.collect("refused");
        }
        Statistics.coverage(coverage -> {
            coverage.check("parsed").percentage(p -> p > 5);
            coverage.check("parsed with malformed rows").percentage(p -> p > 10);
            coverage.check("refused").percentage(p -> p > 20);
        });
    }

    @Property(tries = 800)
    void damagedSingleGroupsParseOrAreRefusedAsMalformed(@ForAll("damagedGroups") byte[] body) {
        try {
            assertThat(parser.group(body, REQUESTED_ID, new MalformedRows()).id()).isNotBlank();
        } catch (MalformedResponseException e) {
            assertQuotesNoBody(e);
        }
    }

    @Property(tries = 800)
    void arbitraryBytesAreRefusedAsMalformedOrParse(@ForAll("arbitraryBodies") byte[] body) {
        try {
            parser.groupsPage(body, new MalformedRows());
        } catch (MalformedResponseException e) {
            assertQuotesNoBody(e);
        }
        try {
            parser.membersPage(body, "g", new MalformedRows());
        } catch (MalformedResponseException e) {
            assertQuotesNoBody(e);
        }
    }

    /** The error-body reader must never fail: a failure there would hide the status it explains. */
    @Property(tries = 500)
    void errorBodiesNeverFail(@ForAll("damagedGroupPages") byte[] body) {
        parser.error(body);
    }

    // ---- unknown fields round-trip -----------------------------------------------------------

    @Property(tries = 400)
    void unknownGroupFieldsRoundTripThroughExtra(@ForAll("groupsWithUnknownFields") ObjectNode sent) throws Exception {
        MalformedRows problems = new MalformedRows();
        Group group = parser.group(MAPPER.writeValueAsBytes(sent), REQUESTED_ID, problems);

        assertThat(problems.list()).as("a valid group with unknown fields is not malformed").isEmpty();
        assertThat(group.extra().keySet()).isEqualTo(unknownFieldNames(sent, GROUP_FIELDS));
        for (Map.Entry<String, String> field : group.extra().entrySet()) {
            assertThat(EXACT.readTree(field.getValue())).as(field.getKey()).isEqualTo(exact(sent.get(field.getKey())));
        }
        assertThat(exact(reserialised(group))).isEqualTo(exact(sent));
    }

    @Property(tries = 400)
    void unknownMemberFieldsRoundTripThroughExtra(@ForAll("membersWithUnknownFields") ObjectNode sent) throws Exception {
        ObjectNode page = NODES.objectNode();
        page.putArray("data").add(sent);
        page.put("has_more", false);
        MalformedRows problems = new MalformedRows();
        GroupMember member = parser.membersPage(MAPPER.writeValueAsBytes(page), "g", problems).items().get(0);

        assertThat(problems.list()).as("a valid member with unknown fields is not malformed").isEmpty();
        assertThat(member.extra().keySet()).isEqualTo(unknownFieldNames(sent, MEMBER_FIELDS));
        assertThat(exact(reserialised(member))).isEqualTo(exact(sent));
    }

    // ---- damage inside rows: the page is used, every sent value kept ----------------------------

    @Property(tries = 600)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void damagedGroupRowsNeverRefuseThePageAndLoseNoValue(@ForAll("groupPagesWithDamagedRows") ObjectNode sent)
            throws Exception {
        MalformedRows problems = new MalformedRows();
        Page<Group> page = parser.groupsPage(MAPPER.writeValueAsBytes(sent), problems);

        assertEveryUsableRowKeptWithEveryValue(sent, "id", page, problems, ResponseParserFuzzTest::reserialised);
    }

    @Property(tries = 600)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void damagedMemberRowsNeverRefuseThePageAndLoseNoValue(@ForAll("memberPagesWithDamagedRows") ObjectNode sent)
            throws Exception {
        MalformedRows problems = new MalformedRows();
        Page<GroupMember> page = parser.membersPage(MAPPER.writeValueAsBytes(sent), "g", problems);

        assertEveryUsableRowKeptWithEveryValue(sent, "user_id", page, problems, ResponseParserFuzzTest::reserialised);
    }

    /**
     * The rows with a usable id are the page's items, in order, each holding every value that was sent
     * (typed, or raw in extra); the others are counted as skipped. Both cases must be common.
     */
    private static <T> void assertEveryUsableRowKeptWithEveryValue(ObjectNode sent, String idField, Page<T> page,
            MalformedRows problems, Function<T, ObjectNode> reserialise) throws IOException {
        List<JsonNode> usable = rowsWithUsableId(sent, idField);
        assertThat(page.skippedRows()).isEqualTo(sent.get("data").size() - usable.size());
        assertThat(page.items()).hasSize(usable.size());
        for (int i = 0; i < usable.size(); i++) {
            assertThat(withoutNulls(reserialise.apply(page.items().get(i)))).isEqualTo(withoutNulls(usable.get(i)));
        }
        Statistics.collect(page.skippedRows() > 0 ? "rows skipped" : problems.isEmpty() ? "clean" : "rows kept");
        Statistics.coverage(coverage -> {
            coverage.check("rows skipped").percentage(p -> p > 5);
            coverage.check("rows kept").percentage(p -> p > 20);
        });
    }

    // ---- through the client: the typed exception a caller sees -------------------------------

    @BeforeContainer
    static void startServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
        server.createContext("/", exchange -> {
            byte[] body = served.get();
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.getResponseHeaders().add("request-id", "req_fuzz");
            exchange.sendResponseHeaders(200, body.length == 0 ? -1 : body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
    }

    @AfterContainer
    static void stopServer() {
        server.stop(0);
    }

    @Property(tries = 150)
    @StatisticsReport(StatisticsReport.StatisticsReportMode.OFF)
    void theClientReturnsAPageOrATypedComplianceApiException(@ForAll("damagedMemberPages") byte[] body)
            throws InterruptedException {
        served.set(body);
        ClientSettings settings = ClientSettings.builder()
                .baseUrl("http://127.0.0.1:" + server.getAddress().getPort())
                .apiKey("sk-ant-api01-fuzz")
                .requestsPerMinute(0)
                .maxRetries(0)
                .build();
        try (ComplianceApiClient client = new ComplianceApiClient(settings)) {
            client.listMembers("rbac_group_fuzz", null, 100).execute();
            Statistics.collect("page");
        } catch (ComplianceApiException e) {
            // A body cut short is retried and ends as RetriesExhaustedException; anything else is a ProtocolException.
            assertThat(e).isInstanceOfAny(ProtocolException.class, RetriesExhaustedException.class);
            assertThat(e.getMessage()).doesNotContain(EMAIL_DOMAIN).doesNotContain("sk-ant-api01-fuzz");
            assertThat(e.requestId()).isEqualTo("req_fuzz");
            Statistics.collect(e.getClass().getSimpleName());
        }
        Statistics.coverage(coverage -> {
            coverage.check("page").percentage(p -> p > 2);
            coverage.check("ProtocolException").percentage(p -> p > 20);
        });
    }

    // ---- generators --------------------------------------------------------------------------

    @Provide
    Arbitrary<byte[]> damagedGroupPages() {
        return damaged(page(group()));
    }

    @Provide
    Arbitrary<byte[]> damagedMemberPages() {
        return damaged(page(member()));
    }

    @Provide
    Arbitrary<byte[]> damagedGroups() {
        return damaged(group().map(JsonNode.class::cast));
    }

    @Provide
    Arbitrary<byte[]> arbitraryBodies() {
        Arbitrary<byte[]> bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
        Arbitrary<byte[]> text = Arbitraries.strings().all().ofMaxLength(200)
                .map(s -> s.getBytes(StandardCharsets.UTF_8));
        Arbitrary<byte[]> jsonish = Arbitraries.strings().withChars("{}[]\":,0123456789.eE-+truefalsn \\u")
                .ofMaxLength(200).map(s -> s.getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(bytes, text, jsonish);
    }

    @Provide
    Arbitrary<ObjectNode> groupPagesWithDamagedRows() {
        return rowDamaged(page(group()), GROUP_FIELDS);
    }

    @Provide
    Arbitrary<ObjectNode> memberPagesWithDamagedRows() {
        return rowDamaged(page(member()), MEMBER_FIELDS);
    }

    @Provide
    Arbitrary<ObjectNode> groupsWithUnknownFields() {
        return Combinators.combine(group(), unknownFields(GROUP_FIELDS)).as(ResponseParserFuzzTest::withFields);
    }

    @Provide
    Arbitrary<ObjectNode> membersWithUnknownFields() {
        return Combinators.combine(member(), unknownFields(MEMBER_FIELDS)).as(ResponseParserFuzzTest::withFields);
    }

    private static Arbitrary<ObjectNode> group() {
        Arbitrary<String> id = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
                .map(s -> "rbac_group_" + s);
        Arbitrary<String> text = Arbitraries.strings().all().ofMaxLength(30);
        Arbitrary<String> sourceType = Arbitraries.of("direct", "scim", "something_new");
        Arbitrary<List<String>> roles = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(8)
                .map(s -> "role_" + s).list().ofMaxSize(3).injectNull(0.2);
        return Combinators.combine(id, text, text.injectNull(0.2), sourceType.injectNull(0.1), timestamp(),
                timestamp(), roles).as((groupId, name, description, source, created, updated, roleIds) -> {
                    ObjectNode g = NODES.objectNode();
                    g.put("id", groupId);
                    g.put("name", name);
                    g.put("description", description);
                    g.put("source_type", source);
                    g.put("created_at", created);
                    g.put("updated_at", updated);
                    if (roleIds == null) {
                        g.putNull("roles");
                    } else {
                        ArrayNode array = g.putArray("roles");
                        roleIds.forEach(array::add);
                    }
                    return g;
                });
    }

    private static Arbitrary<ObjectNode> member() {
        Arbitrary<String> userId = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(12)
                .map(s -> "user_" + s);
        Arbitrary<String> email = Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(10)
                .map(s -> s + EMAIL_DOMAIN);
        return Combinators.combine(userId, email, timestamp(), timestamp()).as((id, address, created, updated) -> {
            ObjectNode m = NODES.objectNode();
            m.put("user_id", id);
            m.put("email", address);
            m.put("created_at", created);
            m.put("updated_at", updated);
            return m;
        });
    }

    /** ISO-8601 instants as the API writes them, sometimes null. */
    private static Arbitrary<String> timestamp() {
        return Arbitraries.longs().between(0, 4_102_444_800_000L)
                .map(ms -> DateTimeFormatter.ISO_INSTANT.format(Instant.ofEpochMilli(ms)))
                .injectNull(0.1);
    }

    private static Arbitrary<ObjectNode> page(Arbitrary<ObjectNode> item) {
        Arbitrary<String> token = Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(20);
        return Combinators.combine(item.list().ofMaxSize(6), Arbitraries.of(true, false), token)
                .as((items, hasMore, next) -> {
                    ObjectNode page = NODES.objectNode();
                    page.putArray("data").addAll(items);
                    page.put("has_more", hasMore);
                    page.put("next_page", hasMore ? next : null);
                    return page;
                });
    }

    /** Unknown fields: every JSON type, nesting, escapes, unicode and numbers that double cannot hold. */
    private static Arbitrary<Map<String, JsonNode>> unknownFields(Set<String> known) {
        Arbitrary<String> names = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(12)
                .filter(name -> !known.contains(name));
        return Arbitraries.maps(names, jsonValue(3)).ofMaxSize(4);
    }

    private static Arbitrary<JsonNode> jsonValue(int depth) {
        Arbitrary<JsonNode> number = Arbitraries.oneOf(
                Arbitraries.of(HUGE_NUMBERS).map(text -> (JsonNode) NODES.rawValueNode(new RawValue(text))),
                Arbitraries.bigDecimals().ofScale(12).map(n -> (JsonNode) NODES.numberNode(n)),
                Arbitraries.longs().map(n -> (JsonNode) NODES.numberNode(n)));
        Arbitrary<JsonNode> scalar = Arbitraries.oneOf(
                Arbitraries.strings().all().ofMaxLength(20).map(s -> (JsonNode) NODES.textNode(s)),
                number,
                Arbitraries.of(true, false).map(b -> (JsonNode) NODES.booleanNode(b)),
                Arbitraries.just(NODES.nullNode()));
        if (depth == 0) {
            return scalar;
        }
        Arbitrary<JsonNode> array = jsonValue(depth - 1).list().ofMaxSize(3).map(values -> {
            ArrayNode a = NODES.arrayNode();
            a.addAll(values);
            return a;
        });
        Arbitrary<JsonNode> object = Arbitraries.maps(Arbitraries.strings().all().ofMaxLength(6), jsonValue(depth - 1))
                .ofMaxSize(3).map(fields -> {
                    ObjectNode o = NODES.objectNode();
                    o.setAll(fields);
                    return o;
                });
        return Arbitraries.frequencyOf(
                Tuple.of(6, scalar), Tuple.of(1, array), Tuple.of(1, object));
    }

    private static ObjectNode withFields(ObjectNode base, Map<String, JsonNode> fields) {
        ObjectNode copy = base.deepCopy();
        copy.setAll(fields);
        return copy;
    }

    // ---- damage --------------------------------------------------------------------------------

    /**
     * Documented fields of random rows dropped or given a value of the wrong type (huge numbers and
     * shallow nesting included); the page around them intact.
     */
    private static Arbitrary<ObjectNode> rowDamaged(Arbitrary<ObjectNode> valid, Set<String> fields) {
        List<String> names = fields.stream().sorted().toList();
        return Combinators.combine(valid, Arbitraries.integers().between(1, 4), Arbitraries.randoms())
                .as((page, count, random) -> {
                    ObjectNode copy = page.deepCopy();
                    ArrayNode rows = (ArrayNode) copy.get("data");
                    for (int i = 0; i < count && !rows.isEmpty(); i++) {
                        ObjectNode row = (ObjectNode) rows.get(random.nextInt(rows.size()));
                        String field = names.get(random.nextInt(names.size()));
                        switch (random.nextInt(4)) {
                            case 0 -> row.remove(field);
                            case 1 -> row.set(field, NODES.rawValueNode(new RawValue(
                                    HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)])));
                            case 2 -> row.set(field, NODES.rawValueNode(new RawValue(shallowNested(random))));
                            default -> row.set(field, wrongValue(random));
                        }
                    }
                    return copy;
                });
    }

    private enum Damage {
        TRUNCATE, DROP_FIELD, DUPLICATE_FIELD, WRONG_TYPE, HUGE_NUMBER, NESTED_JUNK, RANDOM_UNICODE, RANDOM_BYTES
    }

    private static Arbitrary<byte[]> damaged(Arbitrary<? extends JsonNode> valid) {
        return Combinators.combine(valid, Arbitraries.of(Damage.class).list().ofMinSize(1).ofMaxSize(3),
                Arbitraries.randoms()).as(ResponseParserFuzzTest::damage);
    }

    /** Tree damage first (on a copy), then the body is written and damaged as bytes. */
    private static byte[] damage(JsonNode valid, List<Damage> damages, Random random) {
        JsonNode tree = valid.deepCopy();
        ObjectNode duplicateIn = null;
        for (Damage d : damages) {
            switch (d) {
                case DROP_FIELD -> randomObject(tree, random).ifPresent(o -> removeRandomField(o, random));
                case WRONG_TYPE -> replaceRandomValue(tree, random, wrongValue(random));
                case HUGE_NUMBER -> replaceRandomValue(tree, random, NODES.rawValueNode(new RawValue(
                        random.nextInt(10) == 0 ? TOO_LONG_NUMBER : HUGE_NUMBERS[random.nextInt(HUGE_NUMBERS.length)])));
                case NESTED_JUNK -> replaceRandomValue(tree, random, NODES.rawValueNode(new RawValue(nested(random))));
                case DUPLICATE_FIELD -> duplicateIn = randomObject(tree, random).orElse(null);
                default -> { }
            }
        }
        byte[] body = write(tree, duplicateIn, random);
        for (Damage d : damages) {
            switch (d) {
                case TRUNCATE -> body = Arrays.copyOf(body, random.nextInt(body.length + 1));
                case RANDOM_UNICODE -> body = insert(body, random.nextInt(body.length + 1), randomUnicode(random));
                case RANDOM_BYTES -> {
                    byte[] junk = new byte[1 + random.nextInt(4)];
                    random.nextBytes(junk);
                    body = insert(body, random.nextInt(body.length + 1), junk);
                }
                default -> { }
            }
        }
        return body;
    }

    private static JsonNode wrongValue(Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> NODES.numberNode(random.nextInt(1000) - 500);
            case 1 -> NODES.textNode("not-" + random.nextInt(100));
            case 2 -> NODES.booleanNode(random.nextBoolean());
            case 3 -> NODES.nullNode();
            case 4 -> NODES.arrayNode().add(random.nextInt()).add("x");
            default -> NODES.objectNode().put("unexpected", true);
        };
    }

    /** Arrays and objects nested a few levels deep, well within what Jackson reads. */
    private static String shallowNested(Random random) {
        int depth = 1 + random.nextInt(5);
        return "[".repeat(depth) + "{\"k\":1.0e400}" + "]".repeat(depth);
    }

    /** Arrays and objects nested up to 1,500 deep: beyond the depth Jackson accepts, sometimes. */
    private static String nested(Random random) {
        int depth = 1 + random.nextInt(random.nextBoolean() ? 20 : 1500);
        StringBuilder open = new StringBuilder();
        StringBuilder close = new StringBuilder();
        for (int i = 0; i < depth; i++) {
            boolean array = random.nextBoolean();
            open.append(array ? "[" : "{\"k\":");
            close.insert(0, array ? "]" : "}");
        }
        return open + "0" + close;
    }

    private static byte[] randomUnicode(Random random) {
        StringBuilder s = new StringBuilder();
        for (int i = 0, n = 1 + random.nextInt(5); i < n; i++) {
            int codePoint;
            do {
                codePoint = random.nextInt(0x110000);
            } while (codePoint >= 0xD800 && codePoint <= 0xDFFF);
            s.appendCodePoint(codePoint);
        }
        if (random.nextInt(4) == 0) {
            // A lone surrogate, escaped, as a JSON string may carry it.
            s.append("\\ud83d");
        }
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Writes the tree; the fields of {@code duplicateIn}, if any, are written twice, the second time damaged. */
    private static byte[] write(JsonNode tree, ObjectNode duplicateIn, Random random) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (JsonGenerator g = MAPPER.getFactory().createGenerator(out)) {
            writeNode(g, tree, duplicateIn, random);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    private static void writeNode(JsonGenerator g, JsonNode node, ObjectNode duplicateIn, Random random)
            throws IOException {
        if (node.isObject()) {
            g.writeStartObject();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                g.writeFieldName(field.getKey());
                writeNode(g, field.getValue(), duplicateIn, random);
                if (node == duplicateIn && random.nextBoolean()) {
                    g.writeFieldName(field.getKey());
                    writeNode(g, random.nextBoolean() ? field.getValue() : wrongValue(random), null, random);
                }
            }
            g.writeEndObject();
        } else if (node.isArray()) {
            g.writeStartArray();
            for (JsonNode element : node) {
                writeNode(g, element, duplicateIn, random);
            }
            g.writeEndArray();
        } else {
            MAPPER.writeTree(g, node);
        }
    }

    private static Optional<ObjectNode> randomObject(JsonNode tree, Random random) {
        List<ObjectNode> objects = new ArrayList<>();
        collect(tree, JsonNode::isObject, objects);
        return objects.isEmpty() ? Optional.empty()
                : Optional.of(objects.get(random.nextInt(objects.size())));
    }

    @SuppressWarnings("unchecked")
    private static <T extends JsonNode> void collect(JsonNode node, Predicate<JsonNode> wanted,
                                                     List<T> into) {
        if (wanted.test(node)) {
            into.add((T) node);
        }
        node.forEach(child -> collect(child, wanted, into));
    }

    private static void removeRandomField(ObjectNode object, Random random) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        if (!names.isEmpty()) {
            object.remove(names.get(random.nextInt(names.size())));
        }
    }

    /** Replaces one value somewhere below the root (a field of an object or an element of an array). */
    private static void replaceRandomValue(JsonNode tree, Random random, JsonNode replacement) {
        List<JsonNode> containers = new ArrayList<>();
        collect(tree, n -> n.isContainerNode() && n.size() > 0, containers);
        if (containers.isEmpty()) {
            return;
        }
        JsonNode container = containers.get(random.nextInt(containers.size()));
        if (container instanceof ObjectNode object) {
            List<String> names = new ArrayList<>();
            object.fieldNames().forEachRemaining(names::add);
            object.set(names.get(random.nextInt(names.size())), replacement);
        } else {
            ((ArrayNode) container).set(random.nextInt(container.size()), replacement);
        }
    }

    private static byte[] insert(byte[] body, int at, byte[] extra) {
        byte[] result = new byte[body.length + extra.length];
        System.arraycopy(body, 0, result, 0, at);
        System.arraycopy(extra, 0, result, at, extra.length);
        System.arraycopy(body, at, result, at + extra.length, body.length - at);
        return result;
    }

    // ---- checks ---------------------------------------------------------------------------------

    private static void assertQuotesNoBody(MalformedResponseException e) {
        assertThat(e.getMessage()).isNotBlank().doesNotContain(EMAIL_DOMAIN);
    }

    /** The rows of a page whose id field holds a non-blank string: the ones the parser must keep. */
    private static List<JsonNode> rowsWithUsableId(ObjectNode page, String idField) {
        List<JsonNode> usable = new ArrayList<>();
        for (JsonNode row : page.get("data")) {
            JsonNode id = row.get(idField);
            if (id != null && id.isTextual() && !id.textValue().isBlank()) {
                usable.add(row);
            }
        }
        return usable;
    }

    /** The row with exact numbers and without null fields: absent and null read the same. */
    private static JsonNode withoutNulls(JsonNode row) throws IOException {
        ObjectNode copy = (ObjectNode) exact(row);
        List<String> nulls = new ArrayList<>();
        copy.fields().forEachRemaining(f -> {
            if (f.getValue().isNull()) {
                nulls.add(f.getKey());
            }
        });
        copy.remove(nulls);
        return copy;
    }

    private static Set<String> unknownFieldNames(ObjectNode object, Set<String> known) {
        Set<String> names = new HashSet<>();
        object.fieldNames().forEachRemaining(name -> {
            if (!known.contains(name)) {
                names.add(name);
            }
        });
        return names;
    }

    /** The group's JSON rebuilt from what the parser kept: documented fields plus the extra text verbatim. */
    private static ObjectNode reserialised(Group g) {
        ObjectNode o = NODES.objectNode();
        o.put("id", g.id());
        o.put("name", g.name());
        o.put("description", g.description());
        o.put("source_type", g.sourceType());
        o.put("created_at", iso(g.createdAt()));
        o.put("updated_at", iso(g.updatedAt()));
        if (g.roles() == null) {
            o.putNull("roles");
        } else {
            ArrayNode roles = o.putArray("roles");
            g.roles().forEach(roles::add);
        }
        g.extra().forEach((name, text) -> o.putRawValue(name, new RawValue(text)));
        return o;
    }

    private static ObjectNode reserialised(GroupMember m) {
        ObjectNode o = NODES.objectNode();
        o.put("user_id", m.userId());
        o.put("email", m.email());
        o.put("created_at", iso(m.createdAt()));
        o.put("updated_at", iso(m.updatedAt()));
        m.extra().forEach((name, text) -> o.putRawValue(name, new RawValue(text)));
        return o;
    }

    private static String iso(Instant instant) {
        return instant == null ? null : DateTimeFormatter.ISO_INSTANT.format(instant);
    }

    /** The node written as JSON and read back with exact numbers, so that 1e400 stays 1e400. */
    private static JsonNode exact(JsonNode node) throws IOException {
        return EXACT.readTree(MAPPER.writeValueAsString(node));
    }
}
