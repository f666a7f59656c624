package io.complianceconnect.groups.simulator;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The simulator jar that {@code mvn package} builds, run the way {@code bin/simulator} and the Docker
 * image run it: {@code java -jar}, its own process, nothing but the jar and its {@code lib/}.
 */
class SimulatorJarIT {

    private static final Path SIMULATOR_DIR = Path.of(System.getProperty("simulator.dir", "target/simulator"));

    @Test
    void theJarRunsAloneAndAnswersWithTheRealApisBudget() throws Exception {
        Path jar;
        try (Stream<Path> files = Files.list(SIMULATOR_DIR)) {
            List<Path> jars = files.filter(p -> p.getFileName().toString().endsWith("-simulator.jar")).toList();
            assertThat(jars).as("the simulator jar in " + SIMULATOR_DIR).hasSize(1);
            jar = jars.get(0);
        }
        Path log = Files.createDirectories(Path.of("target")).resolve("simulator-jar-it.log");
        Process process = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-jar", jar.toString(), "--port", "0", "--groups", "3", "--api-key", "jar-key")
                .redirectError(log.toFile())
                .start();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String ready = CompletableFuture.supplyAsync(() -> readLine(out)).get(60, TimeUnit.SECONDS);
            assertThat(ready).as("the ready line (stderr in " + log + ")").startsWith(SimulatorMain.READY_PREFIX);

            ApiCalls api = new ApiCalls(URI.create(ready.substring(SimulatorMain.READY_PREFIX.length())));
            HttpResponse<String> groups = api.get("/v1/compliance/groups", "jar-key");

            assertThat(groups.statusCode()).isEqualTo(200);
            assertThat(ApiCalls.json(groups).get("data")).hasSize(3);
            assertThat(groups.headers().firstValue("anthropic-ratelimit-requests-limit")).contains("600");
            assertThat(groups.headers().firstValue("anthropic-ratelimit-requests-remaining")).contains("599");
        } finally {
            process.destroy();
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        }
        assertThat(Files.readString(log)).as("its shutdown hook ran").contains("Stopping the simulator");
    }

    private static String readLine(BufferedReader reader) {
        try {
            return reader.readLine();
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
