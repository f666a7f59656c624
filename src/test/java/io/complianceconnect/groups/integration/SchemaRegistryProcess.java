package io.complianceconnect.groups.integration;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Apicurio Registry 2.6 (in-memory storage) as a child process bound to 127.0.0.1 on a port of its choosing:
 * a real Schema Registry whose Confluent-compatible API is under {@link #confluentApi()}. The build unpacks it
 * into {@code schema.registry.dir}; {@link #close()} stops it, and a shutdown hook does if the test JVM ends
 * first.
 */
final class SchemaRegistryProcess implements AutoCloseable {

    private static final Duration STARTUP_TIMEOUT = Duration.ofSeconds(90);
    /** Quarkus logs the bound address once the HTTP server is up. */
    private static final Pattern LISTENING = Pattern.compile("Listening on: (http://127\\.0\\.0\\.1:[0-9]+)");

    private final Process process;
    private final Path log;
    private final URI base;
    private final Thread shutdownHook;

    private SchemaRegistryProcess(Process process, Path log, URI base, Thread shutdownHook) {
        this.process = process;
        this.log = log;
        this.base = base;
        this.shutdownHook = shutdownHook;
    }

    /** Starts the registry unpacked under the {@code schema.registry.dir} system property; its log goes to {@code log}. */
    static SchemaRegistryProcess start(Path log) throws IOException, InterruptedException {
        Path home = Path.of(System.getProperty("schema.registry.dir", "target/schema-registry"));
        Path runner = runnerJar(home);
        Files.createDirectories(log.toAbsolutePath().getParent());
        List<String> command = List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                // Without it Quarkus binds every address; the tests keep all traffic on loopback.
                "-Dquarkus.http.host=127.0.0.1",
                "-Dquarkus.http.port=0",
                "-Dquarkus.log.console.color=false",
                "-jar", runner.toString());
        Process process = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Thread hook = new Thread(() -> stop(process), "schema-registry-stop");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            URI base = awaitListening(process, log);
            return new SchemaRegistryProcess(process, log, base, hook);
        } catch (IOException | InterruptedException | RuntimeException | Error e) {
            stop(process);
            Runtime.getRuntime().removeShutdownHook(hook);
            throw e;
        }
    }

    /** The Confluent Schema Registry REST API, as clients written for Confluent's registry expect it. */
    URI confluentApi() {
        return URI.create(base + "/apis/ccompat/v7");
    }

    /** Apicurio's own API, which Apicurio's converter registers schemas through. */
    URI nativeApi() {
        return URI.create(base + "/apis/registry/v2");
    }

    @Override
    public void close() {
        stop(process);
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // The hook runs (or ran) anyway.
        }
    }

    @Override
    public String toString() {
        return "Apicurio Registry at " + base + " (log: " + log + ")";
    }

    private static Path runnerJar(Path home) throws IOException {
        if (!Files.isDirectory(home)) {
            throw new IllegalStateException("No schema registry under " + home.toAbsolutePath() + ": run the "
                    + "integration tests with `mvn verify`, which unpacks it in pre-integration-test");
        }
        try (Stream<Path> files = Files.list(home)) {
            return files.filter(f -> f.getFileName().toString().endsWith("-runner.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No *-runner.jar in " + home.toAbsolutePath()));
        }
    }

    private static URI awaitListening(Process process, Path log) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + STARTUP_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            Optional<String> address = listeningAddress(log);
            if (address.isPresent()) {
                return URI.create(address.get());
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("The schema registry exited with code " + process.exitValue()
                        + " before listening; its log: " + log.toAbsolutePath());
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The schema registry did not listen within " + STARTUP_TIMEOUT.toSeconds()
                + " s; its log: " + log.toAbsolutePath());
    }

    private static Optional<String> listeningAddress(Path log) {
        try {
            // Not readString: the last bytes may be half a character the registry is still writing.
            Matcher matcher = LISTENING.matcher(new String(Files.readAllBytes(log), StandardCharsets.UTF_8));
            return matcher.find() ? Optional.of(matcher.group(1)) : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** TERM first so the registry shuts down cleanly; KILL if it has not within a few seconds. */
    private static void stop(Process process) {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
