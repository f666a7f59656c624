package io.complianceconnect.groups.bench;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Runs a benchmark part in a separate JVM (its own -Xmx, nothing left over from other parts), with
 * this JVM's class path. The child reports by printing one {@link #RESULT_PREFIX} line of JSON to
 * stdout; it logs to {@code log} and its stderr (JVM messages such as an OutOfMemoryError) goes to
 * {@code log} + {@code .stderr}.
 */
final class ChildJvm {

    static final String RESULT_PREFIX = "BENCH-RESULT ";

    /** How a child ended: its exit code, its result (null if it printed none), and whether it timed out. */
    record Outcome(int exitCode, Map<String, Object> result, boolean timedOut, Duration elapsed) {

        boolean succeeded() {
            return exitCode == 0 && result != null && !timedOut;
        }
    }

    private ChildJvm() {
    }

    static Outcome run(List<String> jvmOptions, Class<?> mainClass, List<String> args, Path log, Duration timeout)
            throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmOptions);
        // For profiling a child, e.g. -Dbench.child.jvm.options="-XX:StartFlightRecording=filename=x.jfr".
        for (String option : System.getProperty("bench.child.jvm.options", "").split(" ")) {
            if (!option.isBlank()) {
                command.add(option);
            }
        }
        // The workers of the end-to-end and snapshot children take these (see BenchCluster#startAtDefaultFlush).
        String workerProps = System.getProperty("bench.worker.props");
        if (workerProps != null) {
            command.add("-Dbench.worker.props=" + workerProps);
        }
        String logConfig = System.getProperty("log4j2.configurationFile");
        if (logConfig != null) {
            command.add("-Dlog4j2.configurationFile=" + logConfig);
            command.add("-Dbench.log.file=" + log.toAbsolutePath());
        }
        command.add("-cp");
        command.add(System.getProperty("java.class.path"));
        command.add(mainClass.getName());
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.to(log.resolveSibling(log.getFileName() + ".stderr").toFile()));
        long started = System.nanoTime();
        Process process = builder.start();
        AtomicReference<Map<String, Object>> result = new AtomicReference<>();
        Thread reader = new Thread(() -> readResult(process, result), "bench-child-stdout");
        reader.setDaemon(true);
        reader.start();
        boolean finished = process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        if (!finished) {
            process.destroyForcibly().waitFor();
        }
        reader.join(5_000);
        return new Outcome(finished ? process.exitValue() : -1, result.get(), !finished,
                Duration.ofNanos(System.nanoTime() - started));
    }

    /**
     * Prints the child's result line and ends the child: called last in the child, whose embedded
     * broker and worker may leave non-daemon threads behind.
     */
    static void reportAndExit(Map<String, Object> result) throws IOException {
        PrintStream out = System.out;
        out.println(RESULT_PREFIX + new ObjectMapper().writeValueAsString(result));
        out.flush();
        System.exit(0);
    }

    private static void readResult(Process process, AtomicReference<Map<String, Object>> holder) {
        try (BufferedReader lines = new BufferedReader(
                new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.startsWith(RESULT_PREFIX)) {
                    holder.set(new ObjectMapper().readValue(line.substring(RESULT_PREFIX.length()),
                            new TypeReference<Map<String, Object>>() {
                            }));
                }
            }
        } catch (IOException e) {
            Bench.log("  (could not read the child's output: %s)", e);
        }
    }
}
