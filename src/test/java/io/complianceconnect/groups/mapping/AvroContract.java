package io.complianceconnect.groups.mapping;

import io.apicurio.registry.utils.converter.avro.AvroData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaFormatter;
import org.apache.avro.SchemaCompatibility.SchemaPairCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * The committed Avro contract under {@code src/main/avro/vN/} and the Avro that the converter
 * generates from {@link ComplianceSchemas}. Shared by the contract tests, and by the integration tests
 * that compare what a schema registry holds with it.
 */
public final class AvroContract {

    /** The six Connect schemas of the contract; each one's Avro lives in {@code <simple name>.avsc}. */
    static final List<org.apache.kafka.connect.data.Schema> CONNECT_SCHEMAS = List.of(
            ComplianceSchemas.GROUP_KEY,
            ComplianceSchemas.GROUP_VALUE,
            ComplianceSchemas.MEMBER_KEY,
            ComplianceSchemas.MEMBER_VALUE,
            ComplianceSchemas.SWEEP_KEY,
            ComplianceSchemas.SWEEP_VALUE);

    private static final Pattern VERSION_DIR = Pattern.compile("v([1-9][0-9]*)");

    private AvroContract() {
    }

    /** A converter configured as the Confluent Avro converter is by default. */
    static AvroData avroData() {
        return new AvroData(64);
    }

    public static Path projectDir() {
        // Surefire sets basedir; an IDE usually runs tests from the project directory.
        return Path.of(System.getProperty("basedir", "."));
    }

    public static Path committedRoot() {
        return projectDir().resolve("src/main/avro");
    }

    static String fileName(org.apache.kafka.connect.data.Schema connectSchema) {
        String name = connectSchema.name();
        return name.substring(name.lastIndexOf('.') + 1) + ".avsc";
    }

    /**
     * The version folders v1..vN under {@code root}, in order.
     *
     * @throws AssertionError if there are none or a number is missing
     */
    public static List<Path> versionDirs(Path root) {
        List<Path> dirs;
        try (Stream<Path> children = Files.list(root)) {
            dirs = children.filter(Files::isDirectory)
                    .filter(dir -> VERSION_DIR.matcher(dir.getFileName().toString()).matches())
                    .sorted(Comparator.comparingInt(AvroContract::versionNumber))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (dirs.isEmpty()) {
            throw new AssertionError("No contract version folder (v1, v2, ...) under " + root);
        }
        for (int i = 0; i < dirs.size(); i++) {
            if (versionNumber(dirs.get(i)) != i + 1) {
                throw new AssertionError("Contract versions under " + root + " must be v1..vN "
                        + "without gaps, found " + dirs);
            }
        }
        return dirs;
    }

    public static Path newestVersionDir(Path root) {
        List<Path> dirs = versionDirs(root);
        return dirs.get(dirs.size() - 1);
    }

    public static Schema parse(Path avsc) {
        try {
            return new Schema.Parser().parse(avsc.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    public static String prettyJson(Schema schema) {
        return SchemaFormatter.format("json/pretty", schema);
    }

    static Schema parse(String json) {
        return new Schema.Parser().parse(json);
    }

    /** Empty if {@code reader} can read everything written with {@code writer}, else why not. */
    static List<String> readProblems(Schema reader, Schema writer) {
        SchemaPairCompatibility result = SchemaCompatibility.checkReaderWriterCompatibility(reader, writer);
        if (result.getType() == SchemaCompatibilityType.COMPATIBLE) {
            return List.of();
        }
        List<String> problems = new ArrayList<>();
        result.getResult().getIncompatibilities().forEach(incompatibility -> problems.add(
                incompatibility.getType() + " at " + incompatibility.getLocation() + ": "
                        + incompatibility.getMessage()));
        return problems;
    }

    /**
     * Checks that every committed version can read data written with its predecessor: each schema
     * file of v(k-1) must still exist in vk and read v(k-1) data. Returns the problems found.
     */
    static List<String> backwardProblems(Path root) {
        return evolutionProblems(root, false);
    }

    /**
     * Checks that every committed version's predecessor can read data written with it, so consumers
     * that have not upgraded keep working: v(k-1) reads vk data. Returns the problems found.
     */
    static List<String> forwardProblems(Path root) {
        return evolutionProblems(root, true);
    }

    private static List<String> evolutionProblems(Path root, boolean olderReadsNewer) {
        List<Path> dirs = versionDirs(root);
        List<String> problems = new ArrayList<>();
        for (int k = 1; k < dirs.size(); k++) {
            Path previous = dirs.get(k - 1);
            Path current = dirs.get(k);
            for (Path previousFile : avscFiles(previous)) {
                Path currentFile = current.resolve(previousFile.getFileName());
                if (!Files.exists(currentFile)) {
                    problems.add(current.getFileName() + " drops " + previousFile.getFileName());
                    continue;
                }
                Path readerFile = olderReadsNewer ? previousFile : currentFile;
                Path writerFile = olderReadsNewer ? currentFile : previousFile;
                readProblems(parse(readerFile), parse(writerFile)).forEach(problem -> problems.add(
                        readerFile.getParent().getFileName() + "/" + readerFile.getFileName() + " cannot read "
                                + writerFile.getParent().getFileName() + " data: " + problem));
            }
        }
        return problems;
    }

    static List<Path> avscFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static int versionNumber(Path dir) {
        Matcher matcher = VERSION_DIR.matcher(dir.getFileName().toString());
        if (!matcher.matches()) {
            throw new IllegalArgumentException(dir.toString());
        }
        return Integer.parseInt(matcher.group(1));
    }
}
