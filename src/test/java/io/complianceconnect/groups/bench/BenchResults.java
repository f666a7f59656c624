package io.complianceconnect.groups.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The figures of one run: printed as a table and written as {@code results.json}, where every
 * figure is a top-level key (its unit, goal and description under {@code details}).
 */
final class BenchResults {

    /**
     * One figure.
     *
     * @param goal the goal as text (such as {@code ">= 0.90"}), or null when the figure has none
     * @param met  whether the goal was met; null when there is no goal
     */
    record Entry(String key, Object value, String unit, String description, String goal, Boolean met) {
    }

    private final List<Entry> entries = new ArrayList<>();
    private final Map<String, Object> run = new LinkedHashMap<>();

    synchronized void put(String key, Object value, String unit, String description, String goal, Boolean met) {
        entries.removeIf(e -> e.key().equals(key));
        entries.add(new Entry(key, value, unit, description, goal, met));
    }

    /** Facts about the run itself (machine, mode, phase durations). */
    synchronized void run(String key, Object value) {
        run.put(key, value);
    }

    synchronized List<Entry> entries() {
        return List.copyOf(entries);
    }

    synchronized void printTable(PrintStream out) {
        int keyWidth = entries.stream().mapToInt(e -> e.key().length()).max().orElse(10);
        int valueWidth = entries.stream().mapToInt(e -> text(e.value(), e.unit()).length()).max().orElse(10);
        String format = "%-" + keyWidth + "s  %" + valueWidth + "s  %-10s  %-10s  %s%n";
        out.printf(Locale.ROOT, format, "figure", "value", "unit", "goal", "met");
        out.println("-".repeat(keyWidth + valueWidth + 32));
        for (Entry e : entries) {
            out.printf(Locale.ROOT, format, e.key(), text(e.value(), e.unit()), e.unit() == null ? "" : e.unit(),
                    e.goal() == null ? "" : e.goal(), e.met() == null ? "" : e.met() ? "yes" : "NO");
        }
    }

    synchronized void writeJson(Path file) throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        Map<String, Object> details = new LinkedHashMap<>();
        for (Entry e : entries) {
            json.put(e.key(), e.value());
            Map<String, Object> detail = new LinkedHashMap<>();
            detail.put("unit", e.unit());
            detail.put("description", e.description());
            detail.put("goal", e.goal());
            detail.put("goal_met", e.met());
            details.put(e.key(), detail);
        }
        json.put("details", details);
        json.put("run", run);
        Files.createDirectories(file.toAbsolutePath().getParent());
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), json);
    }

    private static String text(Object value, String unit) {
        if (value instanceof Double d) {
            boolean proportion = "ratio".equals(unit) || "fraction".equals(unit);
            return String.format(Locale.ROOT, proportion ? "%.3f" : "%.1f", d);
        }
        if (value instanceof Long || value instanceof Integer) {
            return String.format(Locale.ROOT, "%,d", ((Number) value).longValue());
        }
        return String.valueOf(value);
    }
}
