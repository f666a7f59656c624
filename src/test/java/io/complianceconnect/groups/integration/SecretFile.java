package io.complianceconnect.groups.integration;

import org.apache.kafka.common.config.provider.FileConfigProvider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Map;

/**
 * The API key kept in a properties file and referenced from the connector's configuration through
 * Kafka's {@link FileConfigProvider}, as the documentation recommends: the configuration, and so the
 * REST API, shows only the reference. Replacing the file's key and restarting the task is how an
 * operator rotates the key, and how these tests make a running task meet a revoked or narrower key.
 */
final class SecretFile {

    /** Worker properties that enable the {@code file} config provider. */
    static final Map<String, String> WORKER_PROPS = Map.of(
            "config.providers", "file",
            "config.providers.file.class", FileConfigProvider.class.getName());

    private static final String PROPERTY = "api.key";

    private final Path path;

    SecretFile(Path directory, String name, String key) {
        this.path = directory.resolve(name + ".properties");
        write(key);
    }

    /** The value for {@code compliance.api.key}: a reference the worker resolves when it starts the task. */
    String reference() {
        return "${file:" + path + ":" + PROPERTY + "}";
    }

    /** Replaces the key, atomically, so the worker never reads half a file. */
    void write(String key) {
        try {
            Path temp = Files.createTempFile(path.getParent(), "secret", ".tmp");
            Files.writeString(temp, PROPERTY + "=" + key + "\n");
            Files.move(temp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
