package io.complianceconnect.groups.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;

/** The zip `mvn package` builds (system property plugin.archive), read entry by entry for the packaging ITs. */
final class PluginArchive implements Closeable {

    private final ZipFile zip;
    final Path path;
    final String version;
    /** The one top-level component directory, with its trailing slash. */
    final String base;

    private PluginArchive(Path path, String version) throws IOException {
        this.path = path;
        this.version = version;
        this.base = "complianceconnect-kafka-connect-compliance-groups-" + version + "/";
        this.zip = new ZipFile(path.toFile());
    }

    static PluginArchive open() throws IOException {
        String version = System.getProperty("project.version");
        Path archive = Path.of(System.getProperty("plugin.archive"));
        assertThat(archive).as("run `mvn verify`: the archive is built in the package phase").exists();
        assertThat(archive.getFileName())
                .hasToString("complianceconnect-kafka-connect-compliance-groups-" + version + ".zip");
        return new PluginArchive(archive, version);
    }

    List<String> entryNames() {
        List<String> names = new ArrayList<>();
        zip.stream().map(ZipEntry::getName).forEach(names::add);
        return names;
    }

    /** Names directly under a directory of the archive (a subdirectory keeps its trailing slash). */
    List<String> namesUnder(String directory) {
        List<String> names = new ArrayList<>();
        for (String name : entryNames()) {
            if (name.startsWith(directory) && name.length() > directory.length()) {
                String rest = name.substring(directory.length());
                int slash = rest.indexOf('/');
                if (slash < 0 || slash == rest.length() - 1) {
                    names.add(rest);
                }
            }
        }
        return names;
    }

    /** File names directly under a directory of the archive. */
    List<String> filesUnder(String directory) {
        return namesUnder(directory).stream().filter(name -> !name.endsWith("/")).toList();
    }

    boolean has(String entryName) {
        return zip.getEntry(entryName) != null;
    }

    byte[] bytes(String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        assertThat(entry).as(entryName).isNotNull();
        try (InputStream in = zip.getInputStream(entry)) {
            return in.readAllBytes();
        }
    }

    String read(String entryName) throws IOException {
        return new String(bytes(entryName), StandardCharsets.UTF_8);
    }

    /** The entries of a jar inside the archive, in their order. */
    Map<String, byte[]> readJar(String entryName) throws IOException {
        ZipEntry entry = zip.getEntry(entryName);
        assertThat(entry).as(entryName).isNotNull();
        Map<String, byte[]> contents = new LinkedHashMap<>();
        try (ZipInputStream jar = new ZipInputStream(zip.getInputStream(entry))) {
            for (ZipEntry inner = jar.getNextEntry(); inner != null; inner = jar.getNextEntry()) {
                contents.put(inner.getName(), jar.readAllBytes());
            }
        }
        return contents;
    }

    @Override
    public void close() throws IOException {
        zip.close();
    }
}
