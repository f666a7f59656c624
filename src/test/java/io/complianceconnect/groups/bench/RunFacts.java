package io.complianceconnect.groups.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;

/** What a bench run ran on (commit, machine, Java) and the machine's load, for results.json's {@code run}. */
final class RunFacts {

    private RunFacts() {
    }

    static void describe(BenchResults results, boolean quick) {
        results.run("mode", quick ? "quick" : "full");
        results.run("started_at", Instant.now().toString());
        results.run("git_commit", System.getProperty("bench.git.commit", "unknown"));
        results.run("cpu", cpuModel());
        results.run("cores", Runtime.getRuntime().availableProcessors());
        results.run("memory_gib", memoryGib());
        results.run("os", System.getProperty("os.name") + " " + System.getProperty("os.version"));
        results.run("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
        results.run("load_average_at_start", loadAverage());
    }

    private static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream().filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim()).findFirst().orElse("unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    private static Object memoryGib() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
                    .map(l -> Stats.round(Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0, 1))
                    .findFirst().orElse(null);
        } catch (IOException | NumberFormatException e) {
            return null;
        }
    }

    /** The 1, 5 and 15 minute load averages: other processes on the machine skew every figure. */
    static String loadAverage() {
        try {
            String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
            return fields[0] + " " + fields[1] + " " + fields[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
