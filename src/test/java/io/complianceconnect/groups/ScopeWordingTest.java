package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Compliance Access Key's scopes are fixed when it is created: no message or document may tell an
 * operator to grant or add a scope to the key they have (they would look for a setting that does not
 * exist). The only remedy is a new key created with the scope.
 */
class ScopeWordingTest {

    private static final Pattern GRANT_OR_ADD = Pattern.compile(
            "\\bgrant(s|ed|ing)?\\s+(it|them|the\\s+(missing\\s+)?scopes?|a\\s+scope|read:compliance_\\w+)"
                    + "|\\badd(s|ed|ing)?\\s+(the\\s+(missing\\s+)?scopes?|a\\s+scope|read:compliance_\\w+)",
            Pattern.CASE_INSENSITIVE);

    @Test
    void noMessageOrDocumentSaysToGrantOrAddAScopeToAnExistingKey() throws IOException {
        List<String> offending = new ArrayList<>();
        for (Path file : operatorFacingFiles()) {
            List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                // Messages are often split over string concatenations: read each line with the next one.
                String text = lines.get(i) + " " + (i + 1 < lines.size() ? lines.get(i + 1).strip() : "");
                Matcher m = GRANT_OR_ADD.matcher(text.replaceAll("\"\\s*\\+\\s*\"", ""));
                if (m.find() && m.start() < lines.get(i).length()) {
                    offending.add(file + ":" + (i + 1) + ": " + lines.get(i).strip());
                }
            }
        }
        assertThat(offending).as("scopes are fixed at key creation: say to create a new key with the scope")
                .isEmpty();
    }

    @Test
    void theWordingTestCatchesTheSentencesItIsAbout() {
        assertThat(GRANT_OR_ADD.matcher("Grant the scope or create a key that has it").find()).isTrue();
        assertThat(GRANT_OR_ADD.matcher("Grant read:compliance_activities to see changes").find()).isTrue();
        assertThat(GRANT_OR_ADD.matcher("Add the scope to the key").find()).isTrue();
        assertThat(GRANT_OR_ADD.matcher("Ids of the roles the group grants. Null when").find()).isFalse();
        assertThat(GRANT_OR_ADD.matcher("the client adds it from the request path").find()).isFalse();
    }

    private static List<Path> operatorFacingFiles() throws IOException {
        List<Path> files = new ArrayList<>(List.of(Path.of("README.md"), Path.of("connector-manifest.json")));
        for (String dir : List.of("docs", "config", "src/main/java")) {
            try (Stream<Path> walk = Files.walk(Path.of(dir))) {
                walk.filter(Files::isRegularFile).forEach(files::add);
            }
        }
        return files;
    }
}
