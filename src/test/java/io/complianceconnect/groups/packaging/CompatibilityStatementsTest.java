package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * What the project claims about where the connector runs, against what CI runs it on. The source of truth is the
 * build: the Kafka versions `.ci/run` and the pom's matrix profiles test, and the pom's compiler release. The
 * README's compatibility table, connector-manifest.json's requirements and docs/testing.md's matrix must say the
 * same, so a user never installs the plugin on a version nobody tried or a JVM that cannot load it.
 */
class CompatibilityStatementsTest {

    private static final Pattern JAVA_REQUIREMENT = Pattern.compile("Java (\\d+) or later");

    @Test
    void readmeTableListsExactlyTheKafkaConnectVersionsCiTests() throws Exception {
        Map<String, String> readme = new TreeMap<>();
        for (List<String> row : tableRows(Path.of("README.md"), "| Kafka Connect | Confluent Platform | tested on |")) {
            readme.put(row.get(0), firstVersion(row.get(2)));
        }
        assertThat(readme).isEqualTo(testedVersions());
    }

    @Test
    void testingMatrixTableListsExactlyTheKafkaVersionsCiTests() throws Exception {
        Map<String, String> matrix = new TreeMap<>();
        for (List<String> row : tableRows(Path.of("docs/testing.md"), "| `-Dkafka.runtime` |")) {
            String version = firstVersion(row.get(1));
            matrix.put(minor(version), version);
        }
        assertThat(matrix).isEqualTo(testedVersions());
    }

    @Test
    void manifestRequirementNamesEveryTestedVersionAndNoOpenEndedRange() throws Exception {
        String requirement = kafkaRequirement();
        for (String minor : testedVersions().keySet()) {
            assertThat(requirement).as("manifest requirement names Kafka Connect %s", minor).contains(minor);
        }
        // "4.0 or later" claims versions CI never ran; the tested list is what is supported.
        assertThat(requirement).doesNotContainPattern("\\d\\.\\d+ or later");
    }

    @Test
    void javaVersionIsTheSameInTheManifestTheReadmeAndTheCompiler() throws Exception {
        int compiledFor = Integer.parseInt(pomProperty("maven.compiler.release"));

        assertThat(javaRequirement(kafkaRequirement())).as("manifest").isEqualTo(compiledFor);
        Matcher readme = JAVA_REQUIREMENT.matcher(Files.readString(Path.of("README.md")));
        assertThat(readme.find()).as("the README states the Java it needs as 'Java N or later'").isTrue();
        assertThat(Integer.parseInt(readme.group(1))).as("README").isEqualTo(compiledFor);
    }

    /** The Java version a requirement states; PluginArchiveIT reads the manifest the same way. */
    static int javaRequirement(String requirement) {
        Matcher java = JAVA_REQUIREMENT.matcher(requirement);
        assertThat(java.find()).as("requirement states 'Java N or later': %s", requirement).isTrue();
        return Integer.parseInt(java.group(1));
    }

    /** The requirement that names Kafka Connect (the manifest's first). */
    private static String kafkaRequirement() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Path.of("connector-manifest.json").toFile());
        for (JsonNode requirement : manifest.path("requirements")) {
            if (requirement.asText().startsWith("Kafka Connect")) {
                return requirement.asText();
            }
        }
        throw new AssertionError("connector-manifest.json has no requirement starting with 'Kafka Connect'");
    }

    /** Minor version ("3.9") to the exact Kafka CI tests it on ("3.9.2"): .ci/run's list plus the default build. */
    private static Map<String, String> testedVersions() throws Exception {
        Matcher loop = Pattern.compile("for runtime in ([0-9. ]+); do").matcher(Files.readString(Path.of(".ci/run")));
        assertThat(loop.find()).as(".ci/run loops over -Dkafka.runtime values").isTrue();
        Document pom = pom();
        Map<String, String> tested = new TreeMap<>();
        String defaultVersion = pomProperty("kafka.version");
        tested.put(minor(defaultVersion), defaultVersion);
        NodeList profiles = pom.getElementsByTagName("profile");
        for (String runtime : loop.group(1).strip().split(" +")) {
            String version = null;
            for (int i = 0; i < profiles.getLength(); i++) {
                Element profile = (Element) profiles.item(i);
                NodeList values = profile.getElementsByTagName("value");
                NodeList kafka = profile.getElementsByTagName("kafka.version");
                if (values.getLength() > 0 && values.item(0).getTextContent().strip().equals(runtime)
                        && kafka.getLength() > 0) {
                    version = kafka.item(0).getTextContent().strip();
                }
            }
            assertThat(version).as("pom.xml profile for -Dkafka.runtime=%s", runtime).isNotNull();
            tested.put(runtime, version);
        }
        return tested;
    }

    private static String pomProperty(String name) throws Exception {
        Element properties = (Element) pom().getDocumentElement().getElementsByTagName("properties").item(0);
        return properties.getElementsByTagName(name).item(0).getTextContent().strip();
    }

    private static Document pom() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(Path.of("pom.xml").toFile());
    }

    private static String firstVersion(String cell) {
        Matcher version = Pattern.compile("\\d+\\.\\d+\\.\\d+").matcher(cell);
        assertThat(version.find()).as("a version in '%s'", cell).isTrue();
        return version.group();
    }

    private static String minor(String version) {
        String[] parts = version.split("\\.");
        return parts[0] + "." + parts[1];
    }

    /** The rows of the Markdown table whose header line starts with {@code header}, cells stripped of backticks. */
    private static List<List<String>> tableRows(Path file, String header) throws IOException {
        List<String> lines = Files.readAllLines(file);
        int start = -1;
        for (int i = 0; i < lines.size() && start < 0; i++) {
            if (lines.get(i).startsWith(header)) {
                start = i + 2; // past the header and its |---| line
            }
        }
        assertThat(start).as("%s has a table starting '%s'", file, header).isPositive();
        List<List<String>> rows = new ArrayList<>();
        for (int i = start; i < lines.size() && lines.get(i).startsWith("|"); i++) {
            List<String> cells = new ArrayList<>();
            String line = lines.get(i);
            for (String cell : line.substring(1, line.length() - 1).split("\\|")) {
                cells.add(cell.replace("`", "").strip());
            }
            rows.add(cells);
        }
        return rows;
    }
}
