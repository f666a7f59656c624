package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/guarantees.md proves each promise by naming a test as {@code Class#method}: a renamed or
 * deleted test would leave a promise with a proof that does not exist. Every citation must name a
 * test class under {@code src/test/java} that declares that method, itself or in a class it extends.
 * (Whether the test checks what its sentence says is for review; docs/testing.md lists deliberate
 * breaks and the tests that catch them.)
 */
class GuaranteesCitationsTest {

    private static final Pattern CITATION = Pattern.compile("`([A-Z][A-Za-z0-9]*)#([a-z][A-Za-z0-9]*)`");
    private static final Pattern EXTENDS = Pattern.compile("\\bclass\\s+\\w+\\s+extends\\s+(\\w+)");

    @Test
    void everyCitedTestMethodExists() throws IOException {
        String guarantees = Files.readString(Path.of("docs/guarantees.md"));
        Map<String, Path> testSources;
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            testSources = files.filter(f -> f.toString().endsWith(".java")).collect(Collectors.toMap(
                    f -> f.getFileName().toString().replace(".java", ""), f -> f, (a, b) -> a));
        }
        List<String> citations = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        Matcher m = CITATION.matcher(guarantees);
        while (m.find()) {
            if (m.group().equals("`Class#method`")) {
                continue;   // the document's own explanation of the notation
            }
            citations.add(m.group());
            if (!declares(testSources, m.group(1), m.group(2))) {
                missing.add(m.group());
            }
        }
        assertThat(citations).as("citations found").hasSizeGreaterThan(20);
        assertThat(missing).as("cited tests that do not exist").isEmpty();
    }

    private static boolean declares(Map<String, Path> sources, String className, String method) {
        Pattern declaration = Pattern.compile("\\bvoid\\s+" + Pattern.quote(method) + "\\s*\\(");
        for (Optional<String> c = Optional.of(className); c.isPresent(); ) {
            Path source = sources.get(c.get());
            if (source == null) {
                return false;
            }
            String text = read(source);
            if (declaration.matcher(text).find()) {
                return true;
            }
            Matcher parent = EXTENDS.matcher(text);
            c = parent.find() ? Optional.of(parent.group(1)) : Optional.empty();
        }
        return false;
    }

    private static String read(Path source) {
        try {
            return Files.readString(source);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
