package io.complianceconnect.groups.integration;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The Kafka version the in-process workers run: the compatibility matrix runs the tests on several. Read from
 * the version file in kafka-clients' jar, since the class that reads it (AppInfoParser) moved in Kafka 4.4.
 */
final class WorkerVersion {

    private WorkerVersion() {
    }

    static String get() {
        try (InputStream in = WorkerVersion.class.getResourceAsStream("/kafka/kafka-version.properties")) {
            if (in == null) {
                throw new IllegalStateException("no kafka/kafka-version.properties on the class path");
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static boolean atLeast(int major, int minor) {
        String[] parts = get().split("[.-]");
        int actualMajor = Integer.parseInt(parts[0]);
        int actualMinor = Integer.parseInt(parts[1]);
        return actualMajor > major || actualMajor == major && actualMinor >= minor;
    }
}
