package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every arrow between the classes of a package runs down: a class names only classes of the layers
 * below its own, so no two classes depend on each other and the lower parts never name the top. Read
 * from the sources, not the class files, because javac copies a constant (a config key) into the class
 * that uses it and leaves no trace of where it came from. Comments and strings do not count.
 */
class PackageLayeringTest {

    private static final Path SOURCES = Path.of("src/main/java/io/complianceconnect/groups");
    private static final String ROOT_PACKAGE = "io.complianceconnect.groups";

    /** The root package, top layer first: the connector starts the task; both use the rules and the config. */
    private static final List<Set<String>> ROOT_LAYERS = List.of(
            Set.of("ComplianceGroupsSourceConnector"),
            Set.of("ComplianceGroupsSourceTask"),
            Set.of("CrossKeyRules", "TaskMetrics"),
            Set.of("ComplianceGroupsSourceConnectorConfig", "RecordDroppingTransforms", "PluginMetricsBinding",
                    "JmxTaskMetrics", "MalformedRowWarnings"),
            Set.of("ComplianceApiConfig", "ConfigReference", "ActivityRefreshKeys", "SnapshotRequestKeys"),
            Set.of("ApiUrlValidator", "ConnectorVersion", "UnsetOrAtLeastZero"));

    private static final Pattern TYPE_NAME = Pattern.compile("\\b[A-Z][A-Za-z0-9_]*\\b");

    @Test
    void everyClassOfTheRootPackageHasALayer() throws IOException {
        Set<String> placed = ROOT_LAYERS.stream().flatMap(Set::stream).collect(Collectors.toCollection(TreeSet::new));
        assertThat(classesIn(SOURCES).keySet()).as("classes of the root package; place a new one in ROOT_LAYERS")
                .containsExactlyInAnyOrderElementsOf(placed);
    }

    @Test
    void noClassOfTheRootPackageNamesOneOfItsOwnLayerOrAbove() throws IOException {
        assertThat(upwardReferences(SOURCES, ROOT_LAYERS)).as("references that run up or across").isEmpty();
    }

    /** client/, mapping/, state/ and sweep/ are what the root package is built from: they never name it. */
    @Test
    void noSubPackageNamesTheRootPackage() throws IOException {
        List<String> references = new ArrayList<>();
        try (Stream<Path> dirs = Files.list(SOURCES)) {
            for (Path dir : dirs.filter(Files::isDirectory).toList()) {
                classesIn(dir).forEach((name, code) -> {
                    Matcher m = Pattern.compile("\\b" + Pattern.quote(ROOT_PACKAGE) + "\\.([A-Z][A-Za-z0-9_]*)")
                            .matcher(code);
                    while (m.find()) {
                        references.add(dir.getFileName() + "/" + name + " -> " + m.group(1));
                    }
                });
            }
        }
        assertThat(references).isEmpty();
    }

    @Test
    void commentsAndStringsDoNotCountAsReferences() {
        String code = codeOnly("""
                /** {@link Upper} */ class A { // Upper
                    String s = "Upper \\" Upper"; char c = '"'; B b; /* Upper */ }
                """);
        assertThat(code).doesNotContain("Upper").contains("class A", "B b;");
    }
    /** "A -> B" for each class A that names a class B of A's layer or of a layer above it. */
    static List<String> upwardReferences(Path dir, List<Set<String>> layers) throws IOException {
        Map<String, Integer> layerOf = new TreeMap<>();
        for (int i = 0; i < layers.size(); i++) {
            for (String name : layers.get(i)) {
                layerOf.put(name, i);
            }
        }
        List<String> upward = new ArrayList<>();
        classesIn(dir).forEach((name, code) -> {
            Integer own = layerOf.get(name);
            Matcher m = TYPE_NAME.matcher(code);
            Set<String> named = new TreeSet<>();
            while (m.find()) {
                named.add(m.group());
            }
            for (String other : named) {
                Integer layer = layerOf.get(other);
                if (own != null && layer != null && !other.equals(name) && layer <= own) {
                    upward.add(name + " -> " + other);
                }
            }
        });
        return upward;
    }

    /** The code of each top-level source file of {@code dir}, by class name, without comments and strings. */
    private static Map<String, String> classesIn(Path dir) throws IOException {
        Map<String, String> classes = new TreeMap<>();
        try (Stream<Path> files = Files.list(dir)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".java")).toList()) {
                String name = file.getFileName().toString().replace(".java", "");
                if (!name.equals("package-info")) {
                    classes.put(name, codeOnly(Files.readString(file)));
                }
            }
        }
        return classes;
    }

    /** The source with comments removed and each string, text block or char literal emptied. */
    static String codeOnly(String source) {
        StringBuilder code = new StringBuilder(source.length());
        int i = 0;
        while (i < source.length()) {
            if (source.startsWith("//", i)) {
                i = indexOrEnd(source, "\n", i);
            } else if (source.startsWith("/*", i)) {
                i = indexOrEnd(source, "*/", i + 2) + 2;
            } else if (source.startsWith("\"\"\"", i)) {
                i = literalEnd(source, i + 3, "\"\"\"");
                code.append("\"\"");
            } else if (source.charAt(i) == '"' || source.charAt(i) == '\'') {
                String quote = String.valueOf(source.charAt(i));
                i = literalEnd(source, i + 1, quote);
                code.append(quote).append(quote);
            } else {
                code.append(source.charAt(i++));
            }
        }
        return code.toString();
    }

    private static int literalEnd(String source, int from, String quote) {
        int i = from;
        while (i < source.length() && !source.startsWith(quote, i)) {
            i += source.charAt(i) == '\\' ? 2 : 1;
        }
        return Math.min(source.length(), i + quote.length());
    }

    private static int indexOrEnd(String source, String what, int from) {
        int at = source.indexOf(what, from);
        return at < 0 ? source.length() : at;
    }
}
