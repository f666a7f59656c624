package io.complianceconnect.groups;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The README is a front door that sends readers into {@code docs/}: a link that leads nowhere, or to a
 * heading that was renamed, strands them. Every relative link and {@code #anchor} in README.md and
 * docs/*.md must resolve: the file (or directory) exists, and an anchor matches a heading of the
 * target as GitHub renders it.
 */
class DocumentationLinksTest {

    private static final Pattern LINK = Pattern.compile("(?<!!)\\[[^\\]]*\\]\\(([^)\\s]+)(?:\\s+\"[^\"]*\")?\\)");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`]*`");
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");

    @Test
    void everyRelativeLinkAndAnchorInTheReadmeAndDocsResolves() throws IOException {
        List<Path> documents = new ArrayList<>();
        documents.add(Path.of("README.md"));
        try (Stream<Path> docs = Files.list(Path.of("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(documents::add);
        }
        assertThat(documents).as("the docs/ pages the README points to").hasSizeGreaterThan(1);

        List<String> broken = new ArrayList<>();
        int checked = 0;
        for (Path document : documents) {
            List<String> links = relativeLinks(Files.readString(document));
            checked += links.size();
            for (String link : links) {
                problem(document, link).ifPresent(p -> broken.add(document + ": " + link + " (" + p + ")"));
            }
        }
        assertThat(checked).as("links checked").isGreaterThan(documents.size());
        assertThat(broken).as("links that do not resolve").isEmpty();
    }

    @Test
    void aMissingFileOrAnUnknownAnchorIsReported(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("other.md"), "# Other page\n\n## Try it: `bin/demo`\n");
        Path page = dir.resolve("page.md");
        Files.writeString(page, """
                # Page
                [ok](other.md#try-it-bindemo) [ok too](#page) `[not a link](missing.md)`
                [gone](missing.md) [renamed](other.md#try-it) [here](#nowhere)
                ```
                [in a code block](missing.md)
                ```
                """);

        List<String> problems = relativeLinks(Files.readString(page)).stream()
                .filter(link -> problem(page, link).isPresent()).toList();

        assertThat(problems).containsExactly("missing.md", "other.md#try-it", "#nowhere");
    }

    @Test
    void anchorsFollowGitHubsRendering() {
        assertThat(anchors("# Try it: `bin/demo`\n## Failures, one by one\n## Delivery\n## Delivery\n"))
                .containsExactlyInAnyOrder("try-it-bindemo", "failures-one-by-one", "delivery", "delivery-1");
    }

    /** Link targets outside code blocks and code spans, except absolute URLs. */
    static List<String> relativeLinks(String markdown) {
        List<String> links = new ArrayList<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            if (inFence) {
                continue;
            }
            Matcher m = LINK.matcher(CODE_SPAN.matcher(line).replaceAll(""));
            while (m.find()) {
                String target = m.group(1);
                if (!target.matches("^[a-zA-Z][a-zA-Z0-9+.-]*:.*")) {   // http:, https:, mailto:, ...
                    links.add(target);
                }
            }
        }
        return links;
    }

    private static Optional<String> problem(Path document, String link) {
        int hash = link.indexOf('#');
        String file = hash < 0 ? link : link.substring(0, hash);
        String anchor = hash < 0 ? null : link.substring(hash + 1);
        Path target = file.isEmpty() ? document : document.toAbsolutePath().getParent().resolve(file).normalize();
        if (!Files.exists(target)) {
            return Optional.of("no such file");
        }
        if (anchor == null) {
            return Optional.empty();
        }
        if (!target.toString().endsWith(".md")) {
            return Optional.of("an anchor into a file that is not Markdown");
        }
        try {
            return anchors(Files.readString(target)).contains(anchor)
                    ? Optional.empty() : Optional.of("no such heading");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** GitHub's heading ids: lower case, punctuation dropped, spaces to hyphens, repeats numbered. */
    static Set<String> anchors(String markdown) {
        Set<String> anchors = new HashSet<>();
        Map<String, Integer> seen = new HashMap<>();
        boolean inFence = false;
        for (String line : markdown.split("\n", -1)) {
            if (line.strip().startsWith("```")) {
                inFence = !inFence;
                continue;
            }
            Matcher heading = HEADING.matcher(line);
            if (inFence || !heading.matches()) {
                continue;
            }
            String text = heading.group(2).replaceAll("\\[([^\\]]*)\\]\\([^)]*\\)", "$1");
            String slug = text.toLowerCase(Locale.ROOT).replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-');
            int repeat = seen.merge(slug, 1, Integer::sum) - 1;
            anchors.add(repeat == 0 ? slug : slug + "-" + repeat);
        }
        return anchors;
    }
}
