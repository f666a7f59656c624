package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * Every class file the archive ships loads on the Java the manifest states ("Java N or later" in its requirements).
 * A worker on an older Java does not fail loudly: the plugin scan logs UnsupportedClassVersionError and the
 * connector is missing from /connector-plugins. The version is read from the archive's manifest, not repeated here.
 */
class PluginJavaVersionIT extends ArchiveTests {

    /** Class file major version of Java 8 is 52: Java N is 44 + N. */
    private static final int MAJOR_OFFSET = 44;
    private static final Pattern VERSIONED = Pattern.compile("^META-INF/versions/(\\d+)/");


    @Test
    void noClassFileInLibTargetsAJavaNewerThanTheManifestStates() throws IOException {
        int java = statedJava();
        List<String> tooNew = new ArrayList<>();
        int checked = 0;
        for (String jar : archive.filesUnder(archive.base + "lib/")) {
            for (Map.Entry<String, byte[]> entry : archive.readJar(archive.base + "lib/" + jar).entrySet()) {
                if (!entry.getKey().endsWith(".class") || !loadedOn(entry.getKey(), java)) {
                    continue;
                }
                checked++;
                int major = majorVersion(entry.getValue());
                if (major > MAJOR_OFFSET + java) {
                    tooNew.add(jar + "!" + entry.getKey() + " needs Java " + (major - MAJOR_OFFSET));
                }
            }
        }
        assertThat(checked).as("class files checked").isPositive();
        assertThat(tooNew).as("classes a Java %d worker cannot load", java).isEmpty();
    }

    @Test
    void ourOwnClassesAreCompiledForExactlyTheStatedJava() throws IOException {
        int java = statedJava();
        String ours = archive.base + "lib/kafka-connect-compliance-groups-" + archive.version + ".jar";
        archive.readJar(ours).forEach((name, bytes) -> {
            if (name.endsWith(".class")) {
                assertThat(majorVersion(bytes)).as(name).isEqualTo(MAJOR_OFFSET + java);
            }
        });
    }

    /** The check reads the header the JVM reads: magic, minor, major. */
    @Test
    void aClassFileForJava21IsRecognisedAsSuch() {
        byte[] java21 = {(byte) 0xCA, (byte) 0xFE, (byte) 0xBA, (byte) 0xBE, 0, 0, 0, 65};
        assertThat(majorVersion(java21) - MAJOR_OFFSET).isEqualTo(21);
    }

    /** Multi-release jars: META-INF/versions/V/ is loaded only on Java V or later. */
    private static boolean loadedOn(String entryName, int java) {
        Matcher versioned = VERSIONED.matcher(entryName);
        return !versioned.find() || Integer.parseInt(versioned.group(1)) <= java;
    }

    private static int majorVersion(byte[] classFile) {
        assertThat(classFile.length).isGreaterThanOrEqualTo(8);
        assertThat(classFile[0] & 0xff).as("class file magic").isEqualTo(0xCA);
        return ((classFile[6] & 0xff) << 8) | (classFile[7] & 0xff);
    }

    private static int statedJava() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(archive.read(archive.base + "manifest.json"));
        for (JsonNode requirement : manifest.path("requirements")) {
            if (requirement.asText().startsWith("Kafka Connect")) {
                return CompatibilityStatementsTest.javaRequirement(requirement.asText());
            }
        }
        throw new AssertionError("the archive's manifest states no 'Kafka Connect ... Java N or later' requirement");
    }
}
