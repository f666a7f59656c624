package io.complianceconnect.groups;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The connector's version as the build stamped it into {@value #RESOURCE}. The connector's
 * {@code version()} and the API client's User-Agent both use it, so a worker's plugin listing and
 * the API's request logs name the same release.
 */
public final class ConnectorVersion {

    /** Class-path resource written by Maven resource filtering from {@code ${project.version}}. */
    static final String RESOURCE = "/compliance-groups-connector.properties";

    /** What {@link #get()} returns when the resource is absent, e.g. classes run from an IDE without the build. */
    static final String UNKNOWN = "unknown";

    private static final String VERSION = load();

    private ConnectorVersion() {
    }

    /** The release version, e.g. {@code 0.1.0} or {@code 0.1.0-SNAPSHOT}; {@value #UNKNOWN} if the build did not stamp it. */
    public static String get() {
        return VERSION;
    }

    private static String load() {
        // Read through this class so a worker's plugin class loader finds the copy inside our own jar.
        try (InputStream in = ConnectorVersion.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                return UNKNOWN;
            }
            Properties properties = new Properties();
            properties.load(in);
            return parse(properties.getProperty("version"));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read " + RESOURCE, e);
        }
    }

    /** An unfiltered placeholder or a blank value means the build did not stamp a version. */
    static String parse(String raw) {
        if (raw == null || raw.isBlank() || raw.contains("${")) {
            return UNKNOWN;
        }
        return raw.trim();
    }
}
