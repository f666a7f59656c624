package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/**
 * The archive's assembly descriptor, read before anything is built: a file it names that does not exist is
 * silently left out of the archive by the assembly plugin, so the archive would promise (in its layout
 * comment, in the README) what it does not carry.
 */
class AssemblyDescriptorTest {

    private static final Path DESCRIPTOR = Path.of("src/assembly/confluent-hub.xml");

    @Test
    void everyFileTheDescriptorNamesFromTheSourceTreeExists() throws Exception {
        List<String> missing = new ArrayList<>();
        NodeList fileSets = descriptor().getElementsByTagName("fileSet");
        for (int i = 0; i < fileSets.getLength(); i++) {
            Element fileSet = (Element) fileSets.item(i);
            String directory = text(fileSet, "directory");
            if (!directory.startsWith("${project.basedir}")) {
                continue; // made by the build: PluginArchiveIT checks what arrives in the archive
            }
            Path base = Path.of("." + directory.substring("${project.basedir}".length()));
            NodeList includes = fileSet.getElementsByTagName("include");
            for (int j = 0; j < includes.getLength(); j++) {
                String include = includes.item(j).getTextContent().strip();
                boolean pattern = include.contains("*") || include.contains("?");
                if (!pattern && !Files.exists(base.resolve(include))) {
                    missing.add(base.resolve(include).normalize().toString());
                }
            }
        }
        assertThat(missing).as("files %s lists that do not exist", DESCRIPTOR).isEmpty();
    }

    private static Document descriptor() throws Exception {
        return DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(DESCRIPTOR.toFile());
    }

    private static String text(Element parent, String tag) {
        NodeList nodes = parent.getElementsByTagName(tag);
        return nodes.getLength() == 0 ? "" : nodes.item(0).getTextContent().strip();
    }
}
