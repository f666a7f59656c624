package io.complianceconnect.groups.simulator;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator jar holds the simulator's classes and Jackson, nothing of the connector: it must run
 * alone ({@code bin/simulator}, the Docker image), and it must stay a separate implementation of the
 * API, not one that borrows the client's model. Every class the build compiled from
 * {@code src/simulator/java} is read for references to the project's other packages.
 */
class SimulatorIndependenceTest {

    private static final Path SIMULATOR_CLASSES = Path.of("target/simulator-classes");
    /** A class name in a constant pool ({@code io/...}) or in a string ({@code io....}). */
    private static final Pattern PROJECT_CLASS = Pattern.compile("io[/.]complianceconnect[/.]groups[/.]([A-Za-z0-9_$]+)");

    @Test
    void noSimulatorClassRefersToTheConnectorsClasses() throws IOException {
        List<Path> classes;
        try (Stream<Path> files = Files.walk(SIMULATOR_CLASSES)) {
            classes = files.filter(p -> p.toString().endsWith(".class")).toList();
        }
        assertThat(classes).as("classes compiled from src/simulator/java").hasSizeGreaterThan(20);

        List<String> references = new ArrayList<>();
        for (Path file : classes) {
            Matcher m = PROJECT_CLASS.matcher(new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1));
            while (m.find()) {
                if (!m.group(1).equals("simulator")) {
                    references.add(SIMULATOR_CLASSES.relativize(file) + " -> " + m.group());
                }
            }
        }
        assertThat(references).as("references from the simulator to the connector").isEmpty();
    }
}
